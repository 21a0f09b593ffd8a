import { recordAudit } from '../../audit';
import { publicTenant } from '../../services';
import { normaliseEmail } from '../../services/users';
import { body, requiredString } from '../../transport/input';
import { sourceOf } from '../../transport/source';
import type { RouteFactory } from '../route';


export const signIn: RouteFactory = (services) => ({
    method: 'POST',
    path: '/recipe/signin',
    handler: async (request) => {

        const input = body(request);
        const email = requiredString(input, 'email');
        const { response, userId, failure } = await services.users.signIn(publicTenant, email, requiredString(input, 'password'), sourceOf(request));
        if (failure) {
            await recordAudit(request, services, 'sign_in_failed', userId, { method: 'emailpassword', reason: failure, ...(userId ? {} : { email: normaliseEmail(email) }) });
        }
        else {
            await recordAudit(request, services, 'sign_in', userId, { method: 'emailpassword' });
        }

        return response;
    }
});
