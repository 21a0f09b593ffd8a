import { callerOf } from '../../transport/caller';
import { body, optionalString, requiredString } from '../../transport/input';
import type { RouteFactory } from '../route';


// Email and/or password change of an email-password user (rid emailpassword, the default).
export const updateUser: RouteFactory = ({ users }) => ({
    method: 'PUT',
    path: '/recipe/user',
    handler: (request) => {

        const input = body(request);
        return users.update(callerOf(request), requiredString(input, 'recipeUserId'), {
            email: optionalString(input, 'email'),
            password: optionalString(input, 'password')
        });
    }
});
