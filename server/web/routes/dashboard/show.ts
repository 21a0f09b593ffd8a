import type { ServerRoute } from '@hapi/hapi';

import { canSeeAdmin, isEmailVerified, rolesOf } from '../../pages/account';
import type { CoreExtensions } from '../../core-extensions';
import { devicesOf } from '../../pages/devices';
import { takeFlash } from '../../pages/flash';
import type { SocialProvider } from '../../pages/providers';
import { absoluteEndsOf } from '../../pages/session-ends';
import { accountPre, type AccountPres } from '../../pre/account';
import { pageSession, sessionOf } from '../../pre/session';


// GET /dashboard: who I am, this device, my other devices (with when each ends, and a sign-out for each).
export const showDashboard = (providers: readonly SocialProvider[], extensions: CoreExtensions): ServerRoute<AccountPres> => ({
    method: 'GET',
    path: '/dashboard',
    options: {
        pre: [{ method: pageSession({ checkDatabase: true }) }, accountPre(providers, '/dashboard')],
        plugins: { crumb: true },
        handler: async (request, h) => {

            const session = sessionOf(request);
            const account = request.pre.account;
            const absoluteEnds = await absoluteEndsOf(extensions, account.userId);
            const [verified, devices] = await Promise.all([
                isEmailVerified(session, account.email),
                devicesOf(session, extensions, absoluteEnds)
            ]);

            return h.view('dashboard/index', {
                title: 'Dashboard',
                script: 'local-times',
                wide: true,
                signedIn: true,
                flash: takeFlash(request, h),
                account,
                roles: rolesOf(session),
                showAdmin: canSeeAdmin(rolesOf(session)),
                emailVerified: verified,
                thisDevice: devices.find((device) => device.current),
                otherDevices: devices.filter((device) => !device.current)
            });
        }
    }
});
