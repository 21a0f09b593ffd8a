import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import Totp from 'supertokens-node/recipe/totp';

import { auditContext } from '../../../auth/audit-context';
import type { CoreExtensions } from '../../../core-extensions';
import { pageSession, sessionOf } from '../../../pre/session';
import { securityPath } from './show';
import { securityView } from './view';


type RenamePayload = { readonly deviceName: string; readonly newName: string };

// POST /dashboard/security/devices/rename
export const renameDevice = (extensions: CoreExtensions): ServerRoute<{ Payload: RenamePayload }> => ({
    method: 'POST',
    path: `${securityPath}/devices/rename`,
    options: {
        pre: [{ method: pageSession({ checkDatabase: true }, { returnTo: securityPath }) }],
        validate: { payload: Joi.object({ deviceName: Joi.string().min(1).max(256).required(), newName: Joi.string().trim().allow('').max(64).default('') }).unknown(true) },
        handler: async (request, h) => {

            const userId = sessionOf(request).getUserId();
            const { deviceName, newName } = request.payload;
            if (!newName) {
                return (await securityView(h, extensions, userId, { errors: { rename: 'Enter a new name.' } })).code(400);
            }

            const result = await Totp.updateDevice(userId, deviceName, newName, auditContext(request));
            if (result.status !== 'OK') {
                const message = result.status === 'DEVICE_ALREADY_EXISTS_ERROR' ? 'You already have an authenticator of that name.' : 'That authenticator no longer exists.';
                return (await securityView(h, extensions, userId, { errors: { rename: message } })).code(400);
            }

            return await securityView(h, extensions, userId, { flash: { type: 'success', message: `Renamed to "${newName}".` } });
        }
    }
});
