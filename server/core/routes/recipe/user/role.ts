import { recordAudit } from '../../../audit';
import { publicTenant } from '../../../services';
import { body, requiredQuery, requiredString } from '../../../transport/input';
import type { RouteFactory } from '../../route';


export const addUserRole: RouteFactory = (services) => ({
    method: 'PUT',
    path: '/recipe/user/role',
    handler: async (request) => {

        const input = body(request);
        const userId = requiredString(input, 'userId');
        const role = requiredString(input, 'role');
        const result = await services.roles.addToUser(publicTenant, userId, role);
        if (result.status === 'OK' && !result.didUserAlreadyHaveRole) {
            await recordAudit(request, services, 'role_granted', userId, { role: role.trim() });
        }

        return result;
    }
});

export const removeUserRole: RouteFactory = (services) => ({
    method: 'POST',
    path: '/recipe/user/role/remove',
    handler: async (request) => {

        const input = body(request);
        const userId = requiredString(input, 'userId');
        const role = requiredString(input, 'role');
        const result = await services.roles.removeFromUser(publicTenant, userId, role);
        if (result.status === 'OK' && result.didUserHaveRole) {
            await recordAudit(request, services, 'role_revoked', userId, { role: role.trim() });
        }

        return result;
    }
});

export const getUserRoles: RouteFactory = ({ roles }) => ({
    method: 'GET',
    path: '/recipe/user/roles',
    handler: (request) => roles.ofUser(publicTenant, requiredQuery(request, 'userId'))
});
