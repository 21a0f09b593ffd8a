import type { Pool, PoolClient } from 'pg';

import type { PasswordlessCode, PasswordlessContact, PasswordlessDeviceWithCodes, PasswordlessStore } from '..';
import { contactColumn, toPasswordlessCode, toPasswordlessDevice, type PasswordlessCodeRow, type PasswordlessDeviceRow } from '../rows';
import { isPgError, pgErrors, withTransaction } from './transaction';


const insertCode = (db: Pool | PoolClient, appId: string, tenantId: string, code: PasswordlessCode) => {

    return db.query(
        `INSERT INTO passwordless_codes (app_id, tenant_id, code_id, device_id_hash, link_code_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [appId, tenantId, code.codeId, code.deviceIdHash, code.linkCodeHash, code.createdAt]);
};

const deleteDevicesOf = async (db: Pool | PoolClient, appId: string, tenantId: string, contact: PasswordlessContact) => {

    const { column, value } = contactColumn(contact);
    await db.query(`DELETE FROM passwordless_devices WHERE app_id = $1 AND tenant_id = $2 AND ${column} = $3`, [appId, tenantId, value]);
};

const deleteDevice = (db: Pool | PoolClient, appId: string, tenantId: string, deviceIdHash: string) => {

    return db.query(
        'DELETE FROM passwordless_devices WHERE app_id = $1 AND tenant_id = $2 AND device_id_hash = $3', [appId, tenantId, deviceIdHash]);
};


export const createPasswordlessStore = (pool: Pool): PasswordlessStore => {

    const withCodes = async (appId: string, tenantId: string, devices: PasswordlessDeviceRow[]): Promise<PasswordlessDeviceWithCodes[]> => {

        if (!devices.length) {
            return [];
        }

        const { rows } = await pool.query<PasswordlessCodeRow>(`SELECT * FROM passwordless_codes WHERE app_id = $1 AND tenant_id = $2 AND device_id_hash = ANY ($3::text[])
                                                                ORDER BY created_at, code_id`, [appId, tenantId, devices.map((device) => device.device_id_hash)]);
        return devices.map((device) => ({
            ...toPasswordlessDevice(device),
            codes: rows.filter((code) => code.device_id_hash === device.device_id_hash).map(toPasswordlessCode)
        }));
    };

    return {
        createDevice: async (appId, tenantId, device, code) => {

            try {
                await withTransaction(pool, async (client) => {

                    await client.query(`INSERT INTO passwordless_devices (app_id, tenant_id, device_id_hash, email, phone_number, link_code_salt, failed_attempts)
                                        VALUES ($1, $2, $3, $4, $5, $6, $7)`,
                    [appId, tenantId, device.deviceIdHash, device.contact.email ?? null, device.contact.phoneNumber ?? null, device.linkCodeSalt, device.failedAttempts]);
                    await insertCode(client, appId, tenantId, code);
                });
                return true;
            }
            catch (err) {
                if (isPgError(err, pgErrors.uniqueViolation)) {
                    return false;
                }

                throw err;
            }
        },

        addCode: async (appId, tenantId, code) => {

            try {
                await insertCode(pool, appId, tenantId, code);
                return 'OK';
            }
            catch (err) {
                if (isPgError(err, pgErrors.uniqueViolation)) {
                    return 'CODE_EXISTS';
                }

                if (isPgError(err, pgErrors.foreignKeyViolation)) {
                    return 'UNKNOWN_DEVICE';
                }

                throw err;
            }
        },

        getDevice: async (appId, tenantId, deviceIdHash) => {

            const { rows } = await pool.query<PasswordlessDeviceRow>('SELECT * FROM passwordless_devices WHERE app_id = $1 AND tenant_id = $2 AND device_id_hash = $3', [appId, tenantId, deviceIdHash]);
            return (await withCodes(appId, tenantId, rows))[0];
        },

        findCode: async (appId, tenantId, linkCodeHash) => {

            const { rows: [row] } = await pool.query<PasswordlessCodeRow>('SELECT * FROM passwordless_codes WHERE app_id = $1 AND tenant_id = $2 AND link_code_hash = $3', [appId, tenantId, linkCodeHash]);
            return row && toPasswordlessCode(row);
        },

        listDevices: async (appId, tenantId, contact) => {

            const { column, value } = contactColumn(contact);
            const { rows } = await pool.query<PasswordlessDeviceRow>(`SELECT * FROM passwordless_devices WHERE app_id = $1 AND tenant_id = $2 AND ${column} = $3
                                                                      ORDER BY device_id_hash`, [appId, tenantId, value]);
            return withCodes(appId, tenantId, rows);
        },

        // The device row is locked first: concurrent checks of one device count their failures one after the other.
        checkCode: (appId, tenantId, check) => {

            return withTransaction(pool, async (client) => {

                const { rows: [row] } = await client.query<PasswordlessDeviceRow>(`SELECT * FROM passwordless_devices WHERE app_id = $1 AND tenant_id = $2 AND device_id_hash = $3
                                                                                   FOR UPDATE`, [appId, tenantId, check.deviceIdHash]);
                if (!row) {
                    return { status: 'RESTART_FLOW' } as const;
                }

                if (row.failed_attempts >= check.maxAttempts) {
                    await deleteDevice(client, appId, tenantId, check.deviceIdHash);
                    return { status: 'RESTART_FLOW' } as const;
                }

                const { rows: [code] } = await client.query<PasswordlessCodeRow>(`SELECT * FROM passwordless_codes WHERE app_id = $1 AND tenant_id = $2 AND link_code_hash = $3
                                                                                  AND device_id_hash = $4`, [appId, tenantId, check.linkCodeHash, check.deviceIdHash]);
                if (!code || code.created_at < check.expiredBefore) {
                    if (check.byLinkCode) {
                        return { status: 'RESTART_FLOW' } as const;
                    }

                    if (row.failed_attempts + 1 >= check.maxAttempts) {
                        await deleteDevice(client, appId, tenantId, check.deviceIdHash);
                        return { status: 'RESTART_FLOW' } as const;
                    }

                    await client.query('UPDATE passwordless_devices SET failed_attempts = failed_attempts + 1 WHERE app_id = $1 AND tenant_id = $2 AND device_id_hash = $3',
                        [appId, tenantId, check.deviceIdHash]);
                    return { status: code ? 'EXPIRED' : 'INCORRECT', failedAttempts: row.failed_attempts + 1 } as const;
                }

                const device = toPasswordlessDevice(row);
                if (check.consume) {
                    await deleteDevicesOf(client, appId, tenantId, device.contact);
                }

                return { status: 'OK', device } as const;
            });
        },

        deleteCode: (appId, tenantId, codeId) => {

            return withTransaction(pool, async (client) => {

                const { rows: [code] } = await client.query<{ device_id_hash: string }>('DELETE FROM passwordless_codes WHERE app_id = $1 AND tenant_id = $2 AND code_id = $3 RETURNING device_id_hash',
                    [appId, tenantId, codeId]);
                if (code) {
                    await client.query(`DELETE FROM passwordless_devices d WHERE app_id = $1 AND tenant_id = $2 AND device_id_hash = $3
                                        AND NOT EXISTS (SELECT 1 FROM passwordless_codes c WHERE c.app_id = d.app_id AND c.tenant_id = d.tenant_id AND c.device_id_hash = d.device_id_hash)`,
                    [appId, tenantId, code.device_id_hash]);
                }
            });
        },

        deleteDevice: async (appId, tenantId, deviceIdHash) => {

            await deleteDevice(pool, appId, tenantId, deviceIdHash);
        },

        deleteDevicesOf: (appId, tenantId, contact) => deleteDevicesOf(pool, appId, tenantId, contact),

        deleteExpiredDevices: async (time) => {

            const deleted = await pool.query(`DELETE FROM passwordless_devices d WHERE NOT EXISTS (
                                                  SELECT 1 FROM passwordless_codes c
                                                  WHERE c.app_id = d.app_id AND c.tenant_id = d.tenant_id AND c.device_id_hash = d.device_id_hash AND c.created_at >= $1)`, [time]);
            return deleted.rowCount!;
        }
    };
};
