import { publicTenant } from '../../../services';
import { callerOf } from '../../../transport/caller';
import { body, requiredString } from '../../../transport/input';
import type { RouteFactory } from '../../route';


export const createResetToken: RouteFactory = ({ users }) => ({
    method: 'POST',
    path: '/recipe/user/password/reset/token',
    handler: (request) => {

        const input = body(request);
        return users.createResetToken(callerOf(request), publicTenant, requiredString(input, 'userId'), requiredString(input, 'email'));
    }
});

export const consumeResetToken: RouteFactory = ({ users }) => ({
    method: 'POST',
    path: '/recipe/user/password/reset/token/consume',
    handler: (request) => users.consumeResetToken(callerOf(request), publicTenant, requiredString(body(request), 'token'))
});
