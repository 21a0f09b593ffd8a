import type { Pool, PoolClient } from 'pg';

import type { TotpStore } from '..';
import { toTotpDevice, toUsedTotpCode, type TotpDeviceRow, type UsedTotpCodeRow } from '../rows';
import { withTransaction } from './transaction';


// Every transaction that changes a user's TOTP data first locks the user's totp_users row (creating it where a
// device is added), so checks of a code, device changes and removal queue one behind the other per user.

const lockUser = async (client: PoolClient, appId: string, userId: string): Promise<boolean> => {

    const locked = await client.query('SELECT 1 FROM totp_users WHERE app_id = $1 AND user_id = $2 FOR UPDATE', [appId, userId]);
    return locked.rowCount === 1;
};

const listDevices = async (client: Pool | PoolClient, appId: string, userId: string) => {

    const { rows } = await client.query<TotpDeviceRow>('SELECT * FROM totp_devices WHERE app_id = $1 AND user_id = $2 ORDER BY created_at, device_name', [appId, userId]);
    return rows.map(toTotpDevice);
};


export const createTotpStore = (pool: Pool): TotpStore => {

    return {
        createDevice: async (appId, device) => {

            return withTransaction(pool, async (client) => {

                // An upsert that changes nothing still locks the row, whether it was there or not.
                await client.query('INSERT INTO totp_users (app_id, user_id) VALUES ($1, $2) ON CONFLICT (app_id, user_id) DO UPDATE SET user_id = excluded.user_id', [appId, device.userId]);
                const { rows: [existing] } = await client.query<{ verified: boolean }>('SELECT verified FROM totp_devices WHERE app_id = $1 AND user_id = $2 AND device_name = $3', [appId, device.userId, device.name]);
                if (existing?.verified) {
                    return false;
                }

                await client.query('DELETE FROM totp_devices WHERE app_id = $1 AND user_id = $2 AND device_name = $3', [appId, device.userId, device.name]);
                await client.query(`INSERT INTO totp_devices (app_id, user_id, device_name, secret, period, skew, verified, created_at)
                                    VALUES ($1, $2, $3, $4, $5, $6, false, $7)`,
                [appId, device.userId, device.name, device.secret, device.period, device.skew, device.createdAt]);
                return true;
            });
        },

        renameDevice: async (appId, userId, from, to) => {

            return withTransaction(pool, async (client) => {

                if (!await lockUser(client, appId, userId)) {
                    return 'UNKNOWN_DEVICE';
                }

                const { rows } = await client.query<{ device_name: string }>('SELECT device_name FROM totp_devices WHERE app_id = $1 AND user_id = $2 AND device_name IN ($3, $4)', [appId, userId, from, to]);
                const names = rows.map((row) => row.device_name);
                if (!names.includes(from)) {
                    return 'UNKNOWN_DEVICE';
                }

                if (from !== to && names.includes(to)) {
                    return 'DEVICE_ALREADY_EXISTS';
                }

                await client.query('UPDATE totp_devices SET device_name = $1 WHERE app_id = $2 AND user_id = $3 AND device_name = $4', [to, appId, userId, from]);
                return 'OK';
            });
        },

        listDevices: (appId, userId) => listDevices(pool, appId, userId),

        removeDevice: async (appId, userId, name) => {

            return withTransaction(pool, async (client) => {

                if (!await lockUser(client, appId, userId)) {
                    return undefined;
                }

                const { rows: [row] } = await client.query<TotpDeviceRow>('DELETE FROM totp_devices WHERE app_id = $1 AND user_id = $2 AND device_name = $3 RETURNING *', [appId, userId, name]);
                await client.query('DELETE FROM totp_users u WHERE app_id = $1 AND user_id = $2 AND NOT EXISTS (SELECT 1 FROM totp_devices d WHERE d.app_id = u.app_id AND d.user_id = u.user_id)', [appId, userId]);
                return row && toTotpDevice(row);
            });
        },

        removeUser: async (appId, userId) => {

            return withTransaction(pool, async (client) => {

                if (!await lockUser(client, appId, userId)) {
                    return [];
                }

                const devices = await listDevices(client, appId, userId);
                await client.query('DELETE FROM totp_users WHERE app_id = $1 AND user_id = $2', [appId, userId]);
                return devices;
            });
        },

        checkCode: async (appId, tenantId, userId, decide) => {

            return withTransaction(pool, async (client) => {

                await lockUser(client, appId, userId);
                const devices = await listDevices(client, appId, userId);
                const { rows } = await client.query<UsedTotpCodeRow>('SELECT * FROM totp_used_codes WHERE app_id = $1 AND tenant_id = $2 AND user_id = $3 ORDER BY created_at DESC, id DESC', [appId, tenantId, userId]);
                const decision = decide({ devices, usedCodes: rows.map(toUsedTotpCode) });
                const { record } = decision;
                if (record) {
                    await client.query(`INSERT INTO totp_used_codes (app_id, tenant_id, user_id, code, is_valid, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
                        [appId, tenantId, userId, record.code, record.isValid, record.createdAt, record.expiresAt]);
                    if (decision.acceptedDevice !== undefined) {
                        await client.query('UPDATE totp_devices SET verified = true, last_used_at = $1 WHERE app_id = $2 AND user_id = $3 AND device_name = $4',
                            [record.createdAt, appId, userId, decision.acceptedDevice]);
                    }
                }

                return decision.result;
            });
        },

        deleteExpiredCodes: async (time) => Number((await pool.query('DELETE FROM totp_used_codes WHERE expires_at < $1', [time])).rowCount),

        listEnrolledUsers: async (appId) => {

            const { rows } = await pool.query<{ user_id: string }>('SELECT DISTINCT user_id FROM totp_devices WHERE app_id = $1 AND verified ORDER BY user_id', [appId]);
            return rows.map((row) => row.user_id);
        }
    };
};
