import { callerOf } from '../../transport/caller';
import { body, optionalBoolean, requiredString } from '../../transport/input';
import type { RouteFactory } from '../route';


export const removeUser: RouteFactory = ({ users }) => ({
    method: 'POST',
    path: '/user/remove',
    handler: (request) => {

        const input = body(request);
        optionalBoolean(input, 'removeAllLinkedAccounts');
        return users.remove(callerOf(request), requiredString(input, 'userId'));
    }
});
