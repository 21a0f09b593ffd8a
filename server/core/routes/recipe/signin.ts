import { publicTenant } from '../../services';
import { callerOf } from '../../transport/caller';
import { body, requiredString } from '../../transport/input';
import type { RouteFactory } from '../route';


export const signIn: RouteFactory = ({ users }) => ({
    method: 'POST',
    path: '/recipe/signin',
    handler: (request) => {

        const input = body(request);
        return users.signIn(callerOf(request), publicTenant, requiredString(input, 'email'), requiredString(input, 'password'));
    }
});
