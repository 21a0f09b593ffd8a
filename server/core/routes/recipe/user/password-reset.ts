import { recordAudit } from '../../../audit';
import { publicTenant } from '../../../services';
import { body, requiredString } from '../../../transport/input';
import { sourceOf } from '../../../transport/source';
import type { RouteFactory } from '../../route';


export const createResetToken: RouteFactory = (services) => ({
    method: 'POST',
    path: '/recipe/user/password/reset/token',
    handler: async (request) => {

        const input = body(request);
        const userId = requiredString(input, 'userId');
        const result = await services.users.createResetToken(publicTenant, userId, requiredString(input, 'email'));
        if (result.status === 'OK') {
            await recordAudit(request, services, 'password_reset_requested', userId);
        }

        return result;
    }
});

// The SDK then sets the new password with PUT /recipe/user (audited there as password_changed).
export const consumeResetToken: RouteFactory = (services) => ({
    method: 'POST',
    path: '/recipe/user/password/reset/token/consume',
    handler: async (request) => {

        const result = await services.users.consumeResetToken(publicTenant, requiredString(body(request), 'token'), sourceOf(request));
        if (result.status === 'OK') {
            await recordAudit(request, services, 'password_reset', result.userId);
        }

        return result;
    }
});
