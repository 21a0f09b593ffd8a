import { publicTenant } from '../../services';
import { callerOf } from '../../transport/caller';
import { body, requiredBoolean, requiredObject, requiredString } from '../../transport/input';
import type { RouteFactory } from '../route';


// Third-party sign-in/up: the SDK has done the provider exchange; the core stores the result.
export const signInUp: RouteFactory = ({ users }) => ({
    method: 'POST',
    path: '/recipe/signinup',
    handler: (request) => {

        const input = body(request);
        const email = requiredObject(input, 'email');
        return users.signInUpThirdParty(callerOf(request), publicTenant, {
            thirdPartyId: requiredString(input, 'thirdPartyId'),
            thirdPartyUserId: requiredString(input, 'thirdPartyUserId'),
            email: requiredString(email, 'id'),
            isVerified: requiredBoolean(email, 'isVerified')
        });
    }
});
