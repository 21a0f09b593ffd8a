import type { Pool } from 'pg';

import type { BanStore } from '..';
import { toBanRecord, type BanRow } from '../rows';
import { withTransaction } from './transaction';


export const createBanStore = (pool: Pool): BanStore => {

    return {
        ban: async (appId, record) => {

            return withTransaction(pool, async (client) => {

                // Sessions before the ban row: the order deleteUser takes these locks in, so the two cannot deadlock.
                const { rows } = await client.query<{ session_handle: string }>('DELETE FROM sessions WHERE app_id = $1 AND user_id = $2 RETURNING session_handle', [appId, record.userId]);
                await client.query(`INSERT INTO user_bans (app_id, user_id, banned_at, banned_by, reason) VALUES ($1, $2, $3, $4, $5)
                                    ON CONFLICT (app_id, user_id) DO UPDATE SET banned_at = excluded.banned_at, banned_by = excluded.banned_by, reason = excluded.reason`,
                [appId, record.userId, record.bannedAt, record.bannedBy ?? null, record.reason ?? null]);
                return rows.map((row) => row.session_handle);
            });
        },

        unban: async (appId, userId) => {

            const deleted = await pool.query('DELETE FROM user_bans WHERE app_id = $1 AND user_id = $2', [appId, userId]);
            return deleted.rowCount === 1;
        },

        getBan: async (appId, userId) => {

            const { rows: [row] } = await pool.query<BanRow>('SELECT * FROM user_bans WHERE app_id = $1 AND user_id = $2', [appId, userId]);
            return row && toBanRecord(row);
        }
    };
};
