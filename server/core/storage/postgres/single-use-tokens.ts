import type { Pool } from 'pg';

import type { SingleUseToken } from '..';
import { withTransaction } from './transaction';


/*
 * Password-reset and email-verification tokens share one shape (stored by hash, with user, email and expiry) and one
 * life: inserted, then consumed once, which also deletes the tokens it makes redundant.
 */
export type TokenTable = 'password_reset_tokens' | 'email_verification_tokens';

/** Which other tokens go when one is consumed: all of the user's, or those for the same user and email. */
export type Siblings = 'user' | 'user-and-email';

interface TokenRow {
    user_id: string;
    email: string;
    expires_at: number;
}


export const insertToken = async (pool: Pool, table: TokenTable, token: SingleUseToken): Promise<void> => {

    await pool.query(`INSERT INTO ${table} (app_id, tenant_id, token_hash, user_id, email, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [token.appId, token.tenantId, token.tokenHash, token.userId, token.email, token.expiresAt]);
};

export const findToken = async (pool: Pool, table: TokenTable, appId: string, tenantId: string, tokenHash: string): Promise<SingleUseToken | undefined> => {

    const { rows: [row] } = await pool.query<TokenRow>(`SELECT user_id, email, expires_at FROM ${table} WHERE app_id = $1 AND tenant_id = $2 AND token_hash = $3`, [appId, tenantId, tokenHash]);
    return row && { appId, tenantId, userId: row.user_id, email: row.email, tokenHash, expiresAt: Number(row.expires_at) };
};

export const consumeToken = (pool: Pool, table: TokenTable, siblings: Siblings, appId: string, tenantId: string, tokenHash: string): Promise<SingleUseToken | undefined> => {

    return withTransaction(pool, async (client) => {

        // DELETE … RETURNING claims the token: of two concurrent consumers, the second waits, then deletes nothing.
        const { rows: [row] } = await client.query<TokenRow>(`DELETE FROM ${table} WHERE app_id = $1 AND tenant_id = $2 AND token_hash = $3
                                                              RETURNING user_id, email, expires_at`, [appId, tenantId, tokenHash]);
        if (!row) {
            return undefined;
        }

        if (siblings === 'user') {
            await client.query(`DELETE FROM ${table} WHERE app_id = $1 AND user_id = $2`, [appId, row.user_id]);
        }
        else {
            await client.query(`DELETE FROM ${table} WHERE app_id = $1 AND user_id = $2 AND email = $3`, [appId, row.user_id, row.email]);
        }

        return { appId, tenantId, userId: row.user_id, email: row.email, tokenHash, expiresAt: row.expires_at };
    });
};
