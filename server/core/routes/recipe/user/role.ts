import { publicTenant } from '../../../services';
import { callerOf } from '../../../transport/caller';
import { body, requiredQuery, requiredString } from '../../../transport/input';
import type { RouteFactory } from '../../route';


export const addUserRole: RouteFactory = ({ roles }) => ({
    method: 'PUT',
    path: '/recipe/user/role',
    handler: (request) => {

        const input = body(request);
        return roles.addToUser(callerOf(request), publicTenant, requiredString(input, 'userId'), requiredString(input, 'role'));
    }
});

export const removeUserRole: RouteFactory = ({ roles }) => ({
    method: 'POST',
    path: '/recipe/user/role/remove',
    handler: (request) => {

        const input = body(request);
        return roles.removeFromUser(callerOf(request), publicTenant, requiredString(input, 'userId'), requiredString(input, 'role'));
    }
});

export const getUserRoles: RouteFactory = ({ roles }) => ({
    method: 'GET',
    path: '/recipe/user/roles',
    handler: (request) => roles.ofUser(publicTenant, requiredQuery(request, 'userId'))
});
