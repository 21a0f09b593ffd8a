import { recordAudit } from '../../audit';
import { publicTenant } from '../../services';
import { body, requiredBoolean, requiredObject, requiredString } from '../../transport/input';
import type { RouteFactory } from '../route';


// Third-party sign-in/up: the SDK has done the provider exchange; the core stores the result.
export const signInUp: RouteFactory = (services) => ({
    method: 'POST',
    path: '/recipe/signinup',
    handler: async (request) => {

        const input = body(request);
        const email = requiredObject(input, 'email');
        const thirdPartyId = requiredString(input, 'thirdPartyId');
        const result = await services.users.signInUpThirdParty(publicTenant, {
            thirdPartyId,
            thirdPartyUserId: requiredString(input, 'thirdPartyUserId'),
            email: requiredString(email, 'id'),
            isVerified: requiredBoolean(email, 'isVerified')
        });

        if (result.status === 'OK') {
            await recordAudit(request, services, result.createdNewUser ? 'sign_up' : 'sign_in', result.recipeUserId, { method: 'thirdparty', thirdPartyId });
        }
        else {
            await recordAudit(request, services, 'sign_in_failed', undefined, { method: 'thirdparty', thirdPartyId, reason: 'banned' });
        }

        return result;
    }
});
