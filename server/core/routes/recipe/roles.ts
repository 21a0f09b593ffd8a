import { publicTenant } from '../../services';
import { callerOf } from '../../transport/caller';
import { body, optionalStringArray, requiredQuery, requiredString } from '../../transport/input';
import type { RouteFactory } from '../route';


// Roles and permissions (app-wide). Assignments to users are in recipe/user/role.ts.

export const putRole: RouteFactory = ({ roles }) => ({
    method: 'PUT',
    path: '/recipe/role',
    handler: (request) => {

        const input = body(request);
        return roles.createOrUpdate(callerOf(request), requiredString(input, 'role'), optionalStringArray(input, 'permissions'));
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

export const removeRole: RouteFactory = ({ roles }) => ({
    method: 'POST',
    path: '/recipe/role/remove',
    handler: (request) => roles.delete(callerOf(request), requiredString(body(request), 'role'))
});

export const usersWithRole: RouteFactory = ({ roles }) => ({
    method: 'GET',
    path: '/recipe/role/users',
    handler: (request) => roles.usersWithRole(publicTenant, requiredQuery(request, 'role'))
});
