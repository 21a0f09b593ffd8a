import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import Totp from 'supertokens-node/recipe/totp';

import { auditContext } from '../../../auth/audit-context';
import type { FactorNotifier } from '../../../auth/factor-notices';
import type { CoreExtensions } from '../../../core-extensions';
import { pageSession, sessionOf } from '../../../pre/session';
import { cleanCode, codeError } from '../../mfa/context';
import { securityPath } from './show';
import { securityView } from './view';


type RemovePayload = { readonly deviceName: string; readonly code: string };

// POST /dashboard/security/devices/remove: needs a fresh code from one of the user's authenticators.
export const removeDevice = (extensions: CoreExtensions, notify: FactorNotifier): ServerRoute<{ Payload: RemovePayload }> => ({
    method: 'POST',
    path: `${securityPath}/devices/remove`,
    options: {
        pre: [{ method: pageSession({ checkDatabase: true }, { returnTo: securityPath }) }],
        validate: { payload: Joi.object({ deviceName: Joi.string().min(1).max(256).required(), code: Joi.string().allow('').max(32).default('') }).unknown(true) },
        handler: async (request, h) => {

            const session = sessionOf(request);
            const userId = session.getUserId();
            const code = cleanCode(request.payload.code);
            if (!/^\d{6,8}$/.test(code)) {
                return (await securityView(h, extensions, userId, { errors: { remove: 'Enter a current code from your authenticator app.' } })).code(400);
            }

            const check = await Totp.verifyTOTP(session.getTenantId(), userId, code, auditContext(request));
            if (check.status !== 'OK') {
                return (await securityView(h, extensions, userId, { errors: { remove: codeError(check) } })).code(check.status === 'LIMIT_REACHED_ERROR' ? 429 : 400);
            }

            const removed = await Totp.removeDevice(userId, request.payload.deviceName, auditContext(request));
            if (!removed.didDeviceExist) {
                return (await securityView(h, extensions, userId, { errors: { remove: 'That authenticator no longer exists.' } })).code(400);
            }

            await notify(userId, { kind: 'device_removed', deviceName: request.payload.deviceName });
            return await securityView(h, extensions, userId, { flash: { type: 'success', message: `Removed "${request.payload.deviceName}".` } });
        }
    }
});
