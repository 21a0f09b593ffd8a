import { recordAudit } from '../../audit';
import { publicTenant } from '../../services';
import { body, optionalStringArray, requiredQuery, requiredString } from '../../transport/input';
import type { RouteFactory } from '../route';


// Roles and permissions (app-wide). Assignments to users are in recipe/user/role.ts.

export const putRole: RouteFactory = (services) => ({
    method: 'PUT',
    path: '/recipe/role',
    handler: async (request) => {

        const input = body(request);
        const role = requiredString(input, 'role');
        const permissions = optionalStringArray(input, 'permissions') ?? [];
        const result = await services.roles.createOrUpdate(role, permissions);
        await recordAudit(request, services, 'role_created', undefined, { role: role.trim(), permissions, createdNewRole: result.createdNewRole });
        return result;
    }
});

export const listRoles: RouteFactory = ({ roles }) => ({
    method: 'GET',
    path: '/recipe/roles',
    handler: () => roles.list()
});

export const getRolePermissions: RouteFactory = ({ roles }) => ({
    method: 'GET',
    path: '/recipe/role/permissions',
    handler: (request) => roles.permissions(requiredQuery(request, 'role'))
});

export const removeRolePermissions: RouteFactory = ({ roles }) => ({
    method: 'POST',
    path: '/recipe/role/permissions/remove',
    handler: (request) => {

        const input = body(request);
        return roles.removePermissions(requiredString(input, 'role'), optionalStringArray(input, 'permissions'));
    }
});

export const rolesWithPermission: RouteFactory = ({ roles }) => ({
    method: 'GET',
    path: '/recipe/permission/roles',
    handler: (request) => roles.rolesWithPermission(requiredQuery(request, 'permission'))
});

export const removeRole: RouteFactory = (services) => ({
    method: 'POST',
    path: '/recipe/role/remove',
    handler: async (request) => {

        const role = requiredString(body(request), 'role');
        const result = await services.roles.delete(role);
        if (result.didRoleExist) {
            await recordAudit(request, services, 'role_deleted', undefined, { role: role.trim() });
        }

        return result;
    }
});

export const usersWithRole: RouteFactory = ({ roles }) => ({
    method: 'GET',
    path: '/recipe/role/users',
    handler: (request) => roles.usersWithRole(publicTenant, requiredQuery(request, 'role'))
});
