import { publicTenant } from '../../services';
import { callerOf } from '../../transport/caller';
import { body, requiredString } from '../../transport/input';
import type { RouteFactory } from '../route';


export const signUp: RouteFactory = ({ users }) => ({
    method: 'POST',
    path: '/recipe/signup',
    handler: (request) => {

        const input = body(request);
        return users.signUp(callerOf(request), publicTenant, requiredString(input, 'email'), requiredString(input, 'password'));
    }
});
