import { body, optionalBoolean, requiredString } from '../../transport/input';
import type { RouteFactory } from '../route';


// Unknown ids answer OK too, as in the official core.
export const removeUser: RouteFactory = ({ users }) => ({
    method: 'POST',
    path: '/user/remove',
    handler: (request) => {

        const input = body(request);
        optionalBoolean(input, 'removeAllLinkedAccounts');
        return users.remove(requiredString(input, 'userId'));
    }
});
