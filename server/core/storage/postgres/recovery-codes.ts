import type { Pool } from 'pg';

import type { RecoveryCodeStore } from '..';
import { toRecoveryCode, type RecoveryCodeRow } from '../rows';
import { withTransaction } from './transaction';


export const createRecoveryCodeStore = (pool: Pool): RecoveryCodeStore => {

    return {
        replaceCodes: async (appId, userId, codeHashes, createdAt) => {

            await withTransaction(pool, async (client) => {

                await client.query('DELETE FROM recovery_codes WHERE app_id = $1 AND user_id = $2', [appId, userId]);
                await client.query(`INSERT INTO recovery_codes (app_id, user_id, code_hash, created_at)
                                    SELECT $1, $2, hash, $4 FROM unnest($3::text[]) AS hash`, [appId, userId, codeHashes, createdAt]);
            });
        },

        listCodes: async (appId, userId) => {

            const { rows } = await pool.query<RecoveryCodeRow>('SELECT * FROM recovery_codes WHERE app_id = $1 AND user_id = $2 ORDER BY code_hash', [appId, userId]);
            return rows.map(toRecoveryCode);
        },

        useCode: async (appId, userId, codeHash, now) => {

            const used = await pool.query('UPDATE recovery_codes SET used_at = $1 WHERE app_id = $2 AND user_id = $3 AND code_hash = $4 AND used_at IS NULL', [now, appId, userId, codeHash]);
            return used.rowCount === 1;
        },

        removeCodes: async (appId, userId) => Number((await pool.query('DELETE FROM recovery_codes WHERE app_id = $1 AND user_id = $2', [appId, userId])).rowCount)
    };
};
