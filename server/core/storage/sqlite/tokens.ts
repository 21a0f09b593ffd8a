import type { Database } from 'better-sqlite3';

import type { PasswordResetToken, TokenStore } from '..';


interface ResetTokenRow {
    app_id: string;
    tenant_id: string;
    token_hash: string;
    user_id: string;
    email: string;
    expires_at: number;
}


export const createTokenStore = (db: Database): TokenStore => {

    const statements = {
        insert: db.prepare(`INSERT INTO password_reset_tokens (app_id, tenant_id, token_hash, user_id, email, expires_at)
                            VALUES (@appId, @tenantId, @tokenHash, @userId, @email, @expiresAt)`),
        find: db.prepare('SELECT * FROM password_reset_tokens WHERE app_id = ? AND tenant_id = ? AND token_hash = ?'),
        deleteOfUser: db.prepare('DELETE FROM password_reset_tokens WHERE app_id = ? AND user_id = ?'),
        deleteExpiredReset: db.prepare('DELETE FROM password_reset_tokens WHERE expires_at <= ?'),
        deleteExpiredVerification: db.prepare('DELETE FROM email_verification_tokens WHERE expires_at <= ?')
    };

    // Find and delete in one transaction: two requests consuming one token cannot both get it.
    const consume = db.transaction((appId: string, tenantId: string, tokenHash: string): PasswordResetToken | undefined => {

        const row = statements.find.get(appId, tenantId, tokenHash) as ResetTokenRow | undefined;
        if (!row) {
            return undefined;
        }

        statements.deleteOfUser.run(appId, row.user_id);
        return { appId, tenantId, userId: row.user_id, email: row.email, tokenHash, expiresAt: row.expires_at };
    });

    return {
        createPasswordResetToken: async (token) => {

            statements.insert.run(token);
        },

        consumePasswordResetToken: async (appId, tenantId, tokenHash) => consume.immediate(appId, tenantId, tokenHash),

        revokePasswordResetTokens: async (appId, userId) => {

            statements.deleteOfUser.run(appId, userId);
        },

        deleteExpiredTokens: async (now) => statements.deleteExpiredReset.run(now).changes + statements.deleteExpiredVerification.run(now).changes
    };
};
