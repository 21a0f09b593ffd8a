import { recordAudit } from '../../audit';
import { publicTenant } from '../../services';
import { body, requiredString } from '../../transport/input';
import type { RouteFactory } from '../route';


export const signUp: RouteFactory = (services) => ({
    method: 'POST',
    path: '/recipe/signup',
    handler: async (request) => {

        const input = body(request);
        const result = await services.users.signUp(publicTenant, requiredString(input, 'email'), requiredString(input, 'password'));
        if (result.status === 'OK') {
            await recordAudit(request, services, 'sign_up', result.recipeUserId, { method: 'emailpassword' });
        }

        return result;
    }
});
