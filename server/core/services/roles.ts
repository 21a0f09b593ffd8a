/*
 * User roles and permissions. Roles and permissions belong to the app, assignments to a tenant. Names are
 * trimmed; an empty one is a 400. As the official core, a user's existence is not checked.
 */

import * as Boom from '@hapi/boom';

import type { RoleStore } from '../storage';


export const roleName = (value: string, field = 'role'): string => {

    const trimmed = value.trim();
    if (!trimmed.length) {
        throw Boom.badRequest(`Field name '${field}' cannot be an empty String`);
    }

    return trimmed;
};

const permissionNames = (values: readonly string[]) => values.map((value) => roleName(value, 'permissions'));


export class Roles {

    readonly #appId: string;
    readonly #store: RoleStore;

    constructor(appId: string, store: RoleStore) {

        this.#appId = appId;
        this.#store = store;
    }

    async createOrUpdate(role: string, permissions: readonly string[] = []) {

        const createdNewRole = await this.#store.createOrUpdateRole(this.#appId, roleName(role), permissionNames(permissions));
        return { status: 'OK', createdNewRole };
    }

    async list() {

        return { status: 'OK', roles: await this.#store.listRoles(this.#appId) };
    }

    async permissions(role: string) {

        const permissions = await this.#store.getPermissions(this.#appId, roleName(role));
        return permissions ? { status: 'OK', permissions } : { status: 'UNKNOWN_ROLE_ERROR' };
    }

    async removePermissions(role: string, permissions?: readonly string[]) {

        const existed = await this.#store.removePermissions(this.#appId, roleName(role), permissions && permissionNames(permissions));
        return existed ? { status: 'OK' } : { status: 'UNKNOWN_ROLE_ERROR' };
    }

    async rolesWithPermission(permission: string) {

        return { status: 'OK', roles: await this.#store.rolesWithPermission(this.#appId, roleName(permission, 'permission')) };
    }

    async delete(role: string) {

        return { status: 'OK', didRoleExist: await this.#store.deleteRole(this.#appId, roleName(role)) };
    }

    async addToUser(tenantId: string, userId: string, role: string) {

        const result = await this.#store.addUserRole(this.#appId, tenantId, userId, roleName(role));
        return result === 'UNKNOWN_ROLE' ? { status: 'UNKNOWN_ROLE_ERROR' } : { status: 'OK', didUserAlreadyHaveRole: result.alreadyHad };
    }

    async removeFromUser(tenantId: string, userId: string, role: string) {

        const result = await this.#store.removeUserRole(this.#appId, tenantId, userId, roleName(role));
        return result === 'UNKNOWN_ROLE' ? { status: 'UNKNOWN_ROLE_ERROR' } : { status: 'OK', didUserHaveRole: result.had };
    }

    async ofUser(tenantId: string, userId: string) {

        return { status: 'OK', roles: await this.#store.getUserRoles(this.#appId, tenantId, userId) };
    }

    async usersWithRole(tenantId: string, role: string) {

        const users = await this.#store.getUsersWithRole(this.#appId, tenantId, roleName(role));
        return users ? { status: 'OK', users } : { status: 'UNKNOWN_ROLE_ERROR' };
    }
}
