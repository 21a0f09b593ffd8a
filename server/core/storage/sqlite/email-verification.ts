import type { Database } from 'better-sqlite3';

import type { EmailVerificationStore, EmailVerificationToken } from '..';


interface TokenRow {
    tenant_id: string;
    user_id: string;
    email: string;
    token_hash: string;
    expires_at: number;
}


export const createEmailVerificationStore = (db: Database): EmailVerificationStore => {

    const statements = {
        insert: db.prepare(`INSERT INTO email_verification_tokens (app_id, tenant_id, token_hash, user_id, email, expires_at)
                            VALUES (@appId, @tenantId, @tokenHash, @userId, @email, @expiresAt)`),
        find: db.prepare('SELECT * FROM email_verification_tokens WHERE app_id = ? AND tenant_id = ? AND token_hash = ?'),
        deleteOfUserEmail: db.prepare('DELETE FROM email_verification_tokens WHERE app_id = ? AND user_id = ? AND email = ?'),
        revoke: db.prepare('DELETE FROM email_verification_tokens WHERE app_id = ? AND tenant_id = ? AND user_id = ? AND email = ?'),
        isVerified: db.prepare('SELECT 1 FROM verified_emails WHERE app_id = ? AND user_id = ? AND email = ?').pluck(),
        setVerified: db.prepare('INSERT INTO verified_emails (app_id, user_id, email) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
        unsetVerified: db.prepare('DELETE FROM verified_emails WHERE app_id = ? AND user_id = ? AND email = ?')
    };

    const consume = db.transaction((appId: string, tenantId: string, tokenHash: string): EmailVerificationToken | undefined => {

        const row = statements.find.get(appId, tenantId, tokenHash) as TokenRow | undefined;
        if (!row) {
            return undefined;
        }

        statements.deleteOfUserEmail.run(appId, row.user_id, row.email);
        return { appId, tenantId, userId: row.user_id, email: row.email, tokenHash, expiresAt: row.expires_at };
    });

    return {
        createToken: async (token) => {

            statements.insert.run(token);
        },

        consumeToken: async (appId, tenantId, tokenHash) => consume.immediate(appId, tenantId, tokenHash),

        revokeTokens: async (appId, tenantId, userId, email) => {

            statements.revoke.run(appId, tenantId, userId, email);
        },

        isVerified: async (appId, userId, email) => statements.isVerified.get(appId, userId, email) === 1,

        setVerified: async (appId, userId, email) => {

            statements.setVerified.run(appId, userId, email);
        },

        unsetVerified: async (appId, userId, email) => {

            statements.unsetVerified.run(appId, userId, email);
        }
    };
};
