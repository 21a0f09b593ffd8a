import type { Pool } from 'pg';

import type { EmailVerificationStore, EmailVerificationToken } from '..';
import { withTransaction } from './transaction';


interface TokenRow {
    user_id: string;
    email: string;
    expires_at: number;
}


export const createEmailVerificationStore = (pool: Pool): EmailVerificationStore => {

    return {
        createToken: async (token) => {

            await pool.query(`INSERT INTO email_verification_tokens (app_id, tenant_id, token_hash, user_id, email, expires_at)
                              VALUES ($1, $2, $3, $4, $5, $6)`,
            [token.appId, token.tenantId, token.tokenHash, token.userId, token.email, token.expiresAt]);
        },

        consumeToken: async (appId, tenantId, tokenHash) => {

            return withTransaction(pool, async (client): Promise<EmailVerificationToken | undefined> => {

                // DELETE … RETURNING claims the token: of two concurrent consumers, the second waits, then deletes nothing.
                const { rows: [row] } = await client.query<TokenRow>(`DELETE FROM email_verification_tokens WHERE app_id = $1 AND tenant_id = $2 AND token_hash = $3
                                                                      RETURNING user_id, email, expires_at`, [appId, tenantId, tokenHash]);
                if (!row) {
                    return undefined;
                }

                await client.query('DELETE FROM email_verification_tokens WHERE app_id = $1 AND user_id = $2 AND email = $3', [appId, row.user_id, row.email]);
                return { appId, tenantId, userId: row.user_id, email: row.email, tokenHash, expiresAt: row.expires_at };
            });
        },

        revokeTokens: async (appId, tenantId, userId, email) => {

            await pool.query('DELETE FROM email_verification_tokens WHERE app_id = $1 AND tenant_id = $2 AND user_id = $3 AND email = $4', [appId, tenantId, userId, email]);
        },

        isVerified: async (appId, userId, email) => {

            const { rowCount } = await pool.query('SELECT 1 FROM verified_emails WHERE app_id = $1 AND user_id = $2 AND email = $3', [appId, userId, email]);
            return rowCount === 1;
        },

        setVerified: async (appId, userId, email) => {

            await pool.query('INSERT INTO verified_emails (app_id, user_id, email) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [appId, userId, email]);
        },

        unsetVerified: async (appId, userId, email) => {

            await pool.query('DELETE FROM verified_emails WHERE app_id = $1 AND user_id = $2 AND email = $3', [appId, userId, email]);
        }
    };
};
