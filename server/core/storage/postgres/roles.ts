import type { Pool, PoolClient } from 'pg';

import type { RoleStore } from '..';
import { isPgError, pgErrors, withTransaction } from './transaction';


/**
 * Creates the role unless it exists, and holds it (row-locked) until the transaction ends, so a concurrent
 * deleteRole waits instead of pulling it from under the permissions about to be added. True if it is new.
 */
const insertOrHoldRole = async (client: PoolClient, appId: string, role: string): Promise<boolean> => {

    const inserted = await client.query('INSERT INTO roles (app_id, role) VALUES ($1, $2) ON CONFLICT DO NOTHING', [appId, role]);
    if (inserted.rowCount === 1) {
        return true;
    }

    // An upsert that changes nothing locks the existing row, or puts it back if it was deleted in between.
    await client.query('INSERT INTO roles (app_id, role) VALUES ($1, $2) ON CONFLICT (app_id, role) DO UPDATE SET role = excluded.role', [appId, role]);
    return false;
};


export const createRoleStore = (pool: Pool): RoleStore => {

    const strings = async (sql: string, values: unknown[]) => {

        const { rows } = await pool.query<{ value: string }>(sql, values);
        return rows.map((row) => row.value);
    };

    return {
        createOrUpdateRole: async (appId, role, permissions) => {

            return withTransaction(pool, async (client) => {

                const created = await insertOrHoldRole(client, appId, role);
                if (permissions.length) {
                    await client.query(`INSERT INTO role_permissions (app_id, role, permission) SELECT $1, $2, unnest($3::text[])
                                        ON CONFLICT DO NOTHING`, [appId, role, permissions]);
                }

                return created;
            });
        },

        listRoles: async (appId) => strings('SELECT role AS value FROM roles WHERE app_id = $1 ORDER BY role', [appId]),

        getPermissions: async (appId, role) => {

            // One statement, one snapshot: no row when the role does not exist, else its (maybe empty) permissions.
            const { rows: [row] } = await pool.query<{ permissions: string[] }>(`SELECT ARRAY (SELECT permission FROM role_permissions p WHERE p.app_id = r.app_id AND p.role = r.role ORDER BY permission) AS permissions
                                                                                FROM roles r WHERE r.app_id = $1 AND r.role = $2`, [appId, role]);
            return row?.permissions;
        },

        removePermissions: async (appId, role, permissions) => {

            return withTransaction(pool, async (client) => {

                const held = await client.query('SELECT 1 FROM roles WHERE app_id = $1 AND role = $2 FOR KEY SHARE', [appId, role]);
                if (held.rowCount !== 1) {
                    return false;
                }

                if (permissions === undefined) {
                    await client.query('DELETE FROM role_permissions WHERE app_id = $1 AND role = $2', [appId, role]);
                }
                else {
                    await client.query('DELETE FROM role_permissions WHERE app_id = $1 AND role = $2 AND permission = ANY ($3::text[])', [appId, role, permissions]);
                }

                return true;
            });
        },

        rolesWithPermission: async (appId, permission) => strings('SELECT role AS value FROM role_permissions WHERE app_id = $1 AND permission = $2 ORDER BY role', [appId, permission]),

        // Permissions and assignments go with the role (ON DELETE CASCADE).
        deleteRole: async (appId, role) => {

            const deleted = await pool.query('DELETE FROM roles WHERE app_id = $1 AND role = $2', [appId, role]);
            return deleted.rowCount === 1;
        },

        addUserRole: async (appId, tenantId, userId, role) => {

            // The foreign key is the role check: the insert locks the role row, or fails when there is none. An
            // existing assignment implies the role exists (a deleted role takes its assignments with it).
            try {
                const inserted = await pool.query('INSERT INTO user_roles (app_id, tenant_id, user_id, role) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [appId, tenantId, userId, role]);
                return { alreadyHad: inserted.rowCount === 0 };
            }
            catch (err) {
                if (isPgError(err, pgErrors.foreignKeyViolation)) {
                    return 'UNKNOWN_ROLE';
                }

                throw err;
            }
        },

        removeUserRole: async (appId, tenantId, userId, role) => {

            // The delete and the role check in one statement, on one snapshot (where an assignment implies its role).
            const { rows: [row] } = await pool.query<{ role_exists: boolean; removed: number }>(`
                WITH removed AS (DELETE FROM user_roles WHERE app_id = $1 AND tenant_id = $2 AND user_id = $3 AND role = $4 RETURNING 1)
                SELECT EXISTS (SELECT 1 FROM roles WHERE app_id = $1 AND role = $4) AS role_exists, (SELECT COUNT(*) FROM removed) AS removed`,
            [appId, tenantId, userId, role]);
            if (!row!.role_exists) {
                return 'UNKNOWN_ROLE';
            }

            return { had: row!.removed === 1 };
        },

        getUserRoles: async (appId, tenantId, userId) => strings('SELECT role AS value FROM user_roles WHERE app_id = $1 AND tenant_id = $2 AND user_id = $3 ORDER BY role', [appId, tenantId, userId]),

        getUsersWithRole: async (appId, tenantId, role) => {

            const { rows: [row] } = await pool.query<{ users: string[] }>(`SELECT ARRAY (SELECT user_id FROM user_roles u WHERE u.app_id = r.app_id AND u.tenant_id = $2 AND u.role = r.role ORDER BY user_id) AS users
                                                                          FROM roles r WHERE r.app_id = $1 AND r.role = $3`, [appId, tenantId, role]);
            return row?.users;
        }
    };
};
