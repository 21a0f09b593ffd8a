/*
 * User roles and permissions. Roles and permissions belong to the app, assignments to a tenant. Names are
 * trimmed; an empty one is a 400. As the official core, a user's existence is not checked.
 */

import type { RoleStore } from '../storage';
import type { AuditTrail } from './audit';
import type { Caller } from './caller';
import { InvalidInputError } from './errors';


export const roleName = (value: string, field = 'role'): string => {

    const trimmed = value.trim();
    if (!trimmed.length) {
        throw new InvalidInputError(`Field name '${field}' cannot be an empty String`);
    }

    return trimmed;
};

const permissionNames = (values: readonly string[]) => values.map((value) => roleName(value, 'permissions'));


export class Roles {

    readonly #appId: string;
    readonly #store: RoleStore;
    readonly #audit: AuditTrail;

    constructor(appId: string, store: RoleStore, audit: AuditTrail) {

        this.#appId = appId;
        this.#store = store;
        this.#audit = audit;
    }

    async createOrUpdate(caller: Caller, role: string, permissions: readonly string[] = []) {

        const name = roleName(role);
        const createdNewRole = await this.#store.createOrUpdateRole(this.#appId, name, permissionNames(permissions));
        await this.#audit.record(caller, 'role_created', undefined, { role: name, permissions, createdNewRole });
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

    async delete(caller: Caller, role: string) {

        const name = roleName(role);
        const didRoleExist = await this.#store.deleteRole(this.#appId, name);
        if (didRoleExist) {
            await this.#audit.record(caller, 'role_deleted', undefined, { role: name });
        }

        return { status: 'OK', didRoleExist };
    }

    async addToUser(caller: Caller, tenantId: string, userId: string, role: string) {

        const name = roleName(role);
        const result = await this.#store.addUserRole(this.#appId, tenantId, userId, name);
        if (result === 'UNKNOWN_ROLE') {
            return { status: 'UNKNOWN_ROLE_ERROR' };
        }

        if (!result.alreadyHad) {
            await this.#audit.record(caller, 'role_granted', userId, { role: name });
        }

        return { status: 'OK', didUserAlreadyHaveRole: result.alreadyHad };
    }

    async removeFromUser(caller: Caller, tenantId: string, userId: string, role: string) {

        const name = roleName(role);
        const result = await this.#store.removeUserRole(this.#appId, tenantId, userId, name);
        if (result === 'UNKNOWN_ROLE') {
            return { status: 'UNKNOWN_ROLE_ERROR' };
        }

        if (result.had) {
            await this.#audit.record(caller, 'role_revoked', userId, { role: name });
        }

        return { status: 'OK', didUserHaveRole: result.had };
    }

    async ofUser(tenantId: string, userId: string) {

        return { status: 'OK', roles: await this.#store.getUserRoles(this.#appId, tenantId, userId) };
    }

    async usersWithRole(tenantId: string, role: string) {

        const users = await this.#store.getUsersWithRole(this.#appId, tenantId, roleName(role));
        return users ? { status: 'OK', users } : { status: 'UNKNOWN_ROLE_ERROR' };
    }
}
