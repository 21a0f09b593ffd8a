import type { Pool } from 'pg';

import type { PasswordStore } from '..';


export const createPasswordStore = (pool: Pool): PasswordStore => {

    return {
        getPasswordHash: async (appId, userId) => {

            const { rows: [row] } = await pool.query<{ password_hash: string }>('SELECT password_hash FROM passwords WHERE app_id = $1 AND user_id = $2', [appId, userId]);
            return row?.password_hash;
        },

        setPasswordHash: async (appId, userId, passwordHash) => {

            const updated = await pool.query('UPDATE passwords SET password_hash = $1 WHERE app_id = $2 AND user_id = $3', [passwordHash, appId, userId]);
            return updated.rowCount === 1;
        }
    };
};
