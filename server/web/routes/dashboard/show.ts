import type { ServerRoute } from '@hapi/hapi';
import Session from 'supertokens-node/recipe/session';

import { canSeeAdmin, isEmailVerified, otherSessions, rolesOf } from '../../pages/account';
import type { CoreExtensions } from '../../core-extensions';
import { describeTime } from '../../pages/dates';
import { takeFlash } from '../../pages/flash';
import type { SocialProvider } from '../../pages/providers';
import { absoluteEndsOf, sessionEndsOf } from '../../pages/session-ends';
import { accountPre, type AccountPres } from '../../pre/account';
import { pageSession, sessionOf } from '../../pre/session';


// GET /dashboard: who I am, this session, my other sessions (with when each ends).
export const showDashboard = (providers: readonly SocialProvider[], extensions: CoreExtensions): ServerRoute<AccountPres> => ({
    method: 'GET',
    path: '/dashboard',
    options: {
        pre: [{ method: pageSession({ checkDatabase: true }) }, accountPre(providers, '/dashboard')],
        plugins: { crumb: true },
        handler: async (request, h) => {

            const session = sessionOf(request);
            const account = request.pre.account;
            const payload = session.getAccessTokenPayload();
            const absoluteEnds = await absoluteEndsOf(extensions, account.userId);
            const [verified, others, info] = await Promise.all([
                isEmailVerified(session, account.email),
                otherSessions(session, absoluteEnds),
                Session.getSessionInformation(session.getHandle())
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
                session: {
                    handle: session.getHandle(),
                    created: info ? describeTime(info.timeCreated) : undefined,
                    ends: info ? sessionEndsOf(info, absoluteEnds) : undefined,
                    accessTokenExpiry: describeTime(payload.exp * 1000)
                },
                otherSessions: others
            });
        }
    }
});
