import type { Pool } from 'pg';

import type { PasswordResetToken, TokenStore } from '..';
import { withTransaction } from './transaction';


interface ResetTokenRow {
    user_id: string;
    email: string;
    expires_at: number;
}


export const createTokenStore = (pool: Pool): TokenStore => {

    return {
        createPasswordResetToken: async (token) => {

            await pool.query(`INSERT INTO password_reset_tokens (app_id, tenant_id, token_hash, user_id, email, expires_at)
                              VALUES ($1, $2, $3, $4, $5, $6)`,
            [token.appId, token.tenantId, token.tokenHash, token.userId, token.email, token.expiresAt]);
        },

        consumePasswordResetToken: async (appId, tenantId, tokenHash) => {

            return withTransaction(pool, async (client): Promise<PasswordResetToken | undefined> => {

                // DELETE … RETURNING claims the token: of two concurrent consumers, the second waits, then deletes nothing.
                const { rows: [row] } = await client.query<ResetTokenRow>(`DELETE FROM password_reset_tokens WHERE app_id = $1 AND tenant_id = $2 AND token_hash = $3
                                                                           RETURNING user_id, email, expires_at`, [appId, tenantId, tokenHash]);
                if (!row) {
                    return undefined;
                }

                await client.query('DELETE FROM password_reset_tokens WHERE app_id = $1 AND user_id = $2', [appId, row.user_id]);
                return { appId, tenantId, userId: row.user_id, email: row.email, tokenHash, expiresAt: row.expires_at };
            });
        }
    };
};
