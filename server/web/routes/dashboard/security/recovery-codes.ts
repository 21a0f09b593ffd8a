import type { ServerRoute } from '@hapi/hapi';

import { actorContext } from '../../../auth/audit-context';
import type { FactorNotifier } from '../../../auth/factor-notices';
import type { CoreExtensions } from '../../../core-extensions';
import { hasVerifiedDevice } from '../../../pre/second-factor';
import { pageSession, sessionOf } from '../../../pre/session';
import { securityPath } from './show';
import { securityView } from './view';


// POST /dashboard/security/recovery-codes: a new set (the old one stops working), shown once.
export const regenerateRecoveryCodes = (extensions: CoreExtensions, notify: FactorNotifier): ServerRoute => ({
    method: 'POST',
    path: `${securityPath}/recovery-codes`,
    options: {
        pre: [{ method: pageSession({ checkDatabase: true }, { returnTo: securityPath }) }],
        handler: async (request, h) => {

            const userId = sessionOf(request).getUserId();
            if (!await hasVerifiedDevice(userId)) {
                return (await securityView(h, extensions, userId, { errors: { recovery: 'Set up an authenticator first.' } })).code(400);
            }

            const codes = await extensions.makeRecoveryCodes(userId, actorContext(request, userId));
            await notify(userId, { kind: 'recovery_codes_regenerated' });
            return await securityView(h, extensions, userId, { codes, flash: { type: 'success', message: 'New recovery codes made; the old ones no longer work.' } });
        }
    }
});
