import type { Database } from 'better-sqlite3';

import type { SingleUseToken } from '..';


/*
 * Password-reset and email-verification tokens share one shape (stored by hash, with user, email and expiry) and one
 * life: inserted, then consumed once, which also deletes the tokens it makes redundant (as postgres/single-use-tokens.ts).
 */
export type TokenTable = 'password_reset_tokens' | 'email_verification_tokens';

/** Which other tokens go when one is consumed: all of the user's, or those for the same user and email. */
export type Siblings = 'user' | 'user-and-email';

export interface SingleUseTokens {
    insert(token: SingleUseToken): Promise<void>;
    /** The token, left in place; undefined if unknown. */
    find(appId: string, tenantId: string, tokenHash: string): Promise<SingleUseToken | undefined>;
    /** The token, deleted with its siblings in the same transaction; undefined if unknown. */
    consume(appId: string, tenantId: string, tokenHash: string): Promise<SingleUseToken | undefined>;
}

interface TokenRow {
    user_id: string;
    email: string;
    expires_at: number;
}


export const createSingleUseTokens = (db: Database, table: TokenTable, siblings: Siblings): SingleUseTokens => {

    const statements = {
        insert: db.prepare(`INSERT INTO ${table} (app_id, tenant_id, token_hash, user_id, email, expires_at)
                            VALUES (@appId, @tenantId, @tokenHash, @userId, @email, @expiresAt)`),
        find: db.prepare(`SELECT user_id, email, expires_at FROM ${table} WHERE app_id = ? AND tenant_id = ? AND token_hash = ?`),
        deleteSiblings: siblings === 'user' ?
            db.prepare(`DELETE FROM ${table} WHERE app_id = @appId AND user_id = @userId`) :
            db.prepare(`DELETE FROM ${table} WHERE app_id = @appId AND user_id = @userId AND email = @email`)
    };

    // Find and delete in one transaction: two requests consuming one token cannot both get it.
    const consume = db.transaction((appId: string, tenantId: string, tokenHash: string): SingleUseToken | undefined => {

        const row = statements.find.get(appId, tenantId, tokenHash) as TokenRow | undefined;
        if (!row) {
            return undefined;
        }

        statements.deleteSiblings.run({ appId, userId: row.user_id, email: row.email });
        return { appId, tenantId, userId: row.user_id, email: row.email, tokenHash, expiresAt: row.expires_at };
    });

    return {
        insert: async (token) => {

            statements.insert.run(token);
        },

        find: async (appId, tenantId, tokenHash) => {

            const row = statements.find.get(appId, tenantId, tokenHash) as TokenRow | undefined;
            return row && { appId, tenantId, userId: row.user_id, email: row.email, tokenHash, expiresAt: row.expires_at };
        },

        consume: async (appId, tenantId, tokenHash) => consume.immediate(appId, tenantId, tokenHash)
    };
};
