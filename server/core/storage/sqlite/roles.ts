import type { Database } from 'better-sqlite3';

import type { RoleStore } from '..';


export const createRoleStore = (db: Database): RoleStore => {

    const statements = {
        insertRole: db.prepare('INSERT INTO roles (app_id, role) VALUES (?, ?) ON CONFLICT DO NOTHING'),
        insertPermission: db.prepare('INSERT INTO role_permissions (app_id, role, permission) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
        roleExists: db.prepare('SELECT 1 FROM roles WHERE app_id = ? AND role = ?').pluck(),
        listRoles: db.prepare('SELECT role FROM roles WHERE app_id = ? ORDER BY role').pluck(),
        permissions: db.prepare('SELECT permission FROM role_permissions WHERE app_id = ? AND role = ? ORDER BY permission').pluck(),
        removePermission: db.prepare('DELETE FROM role_permissions WHERE app_id = ? AND role = ? AND permission = ?'),
        removeAllPermissions: db.prepare('DELETE FROM role_permissions WHERE app_id = ? AND role = ?'),
        rolesWithPermission: db.prepare('SELECT role FROM role_permissions WHERE app_id = ? AND permission = ? ORDER BY role').pluck(),
        deleteRole: db.prepare('DELETE FROM roles WHERE app_id = ? AND role = ?'),
        addUserRole: db.prepare('INSERT INTO user_roles (app_id, tenant_id, user_id, role) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
        removeUserRole: db.prepare('DELETE FROM user_roles WHERE app_id = ? AND tenant_id = ? AND user_id = ? AND role = ?'),
        userRoles: db.prepare('SELECT role FROM user_roles WHERE app_id = ? AND tenant_id = ? AND user_id = ? ORDER BY role').pluck(),
        usersWithRole: db.prepare('SELECT user_id FROM user_roles WHERE app_id = ? AND tenant_id = ? AND role = ? ORDER BY user_id').pluck()
    };

    const createOrUpdateRole = db.transaction((appId: string, role: string, permissions: readonly string[]) => {

        const created = statements.insertRole.run(appId, role).changes === 1;
        for (const permission of permissions) {
            statements.insertPermission.run(appId, role, permission);
        }

        return created;
    });

    const removePermissions = db.transaction((appId: string, role: string, permissions?: readonly string[]) => {

        if (!statements.roleExists.get(appId, role)) {
            return false;
        }

        if (permissions === undefined) {
            statements.removeAllPermissions.run(appId, role);
        }
        else {
            for (const permission of permissions) {
                statements.removePermission.run(appId, role, permission);
            }
        }

        return true;
    });

    // The role check and the change in one transaction: a role deleted meanwhile cannot be half-assigned.
    const addUserRole = db.transaction((appId: string, tenantId: string, userId: string, role: string) => {

        if (!statements.roleExists.get(appId, role)) {
            return 'UNKNOWN_ROLE' as const;
        }

        return { alreadyHad: statements.addUserRole.run(appId, tenantId, userId, role).changes === 0 };
    });

    const removeUserRole = db.transaction((appId: string, tenantId: string, userId: string, role: string) => {

        if (!statements.roleExists.get(appId, role)) {
            return 'UNKNOWN_ROLE' as const;
        }

        return { had: statements.removeUserRole.run(appId, tenantId, userId, role).changes === 1 };
    });

    return {
        createOrUpdateRole: async (appId, role, permissions) => createOrUpdateRole.immediate(appId, role, permissions),
        listRoles: async (appId) => statements.listRoles.all(appId) as string[],

        getPermissions: async (appId, role) => {

            return statements.roleExists.get(appId, role) ? statements.permissions.all(appId, role) as string[] : undefined;
        },

        removePermissions: async (appId, role, permissions) => removePermissions.immediate(appId, role, permissions),
        rolesWithPermission: async (appId, permission) => statements.rolesWithPermission.all(appId, permission) as string[],

        // Permissions and assignments go with the role (ON DELETE CASCADE).
        deleteRole: async (appId, role) => statements.deleteRole.run(appId, role).changes === 1,

        addUserRole: async (appId, tenantId, userId, role) => addUserRole.immediate(appId, tenantId, userId, role),
        removeUserRole: async (appId, tenantId, userId, role) => removeUserRole.immediate(appId, tenantId, userId, role),
        getUserRoles: async (appId, tenantId, userId) => statements.userRoles.all(appId, tenantId, userId) as string[],

        getUsersWithRole: async (appId, tenantId, role) => {

            return statements.roleExists.get(appId, role) ? statements.usersWithRole.all(appId, tenantId, role) as string[] : undefined;
        }
    };
};
