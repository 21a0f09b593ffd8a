import type { Database } from 'better-sqlite3';

import type { EmailVerificationStore } from '..';
import { createSingleUseTokens } from './single-use-tokens';


export const createEmailVerificationStore = (db: Database): EmailVerificationStore => {

    // Consuming a verification token ends the other tokens for the same user and email.
    const tokens = createSingleUseTokens(db, 'email_verification_tokens', 'user-and-email');
    const statements = {
        revoke: db.prepare('DELETE FROM email_verification_tokens WHERE app_id = ? AND tenant_id = ? AND user_id = ? AND email = ?'),
        isVerified: db.prepare('SELECT 1 FROM verified_emails WHERE app_id = ? AND user_id = ? AND email = ?').pluck(),
        setVerified: db.prepare('INSERT INTO verified_emails (app_id, user_id, email) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
        unsetVerified: db.prepare('DELETE FROM verified_emails WHERE app_id = ? AND user_id = ? AND email = ?')
    };

    return {
        createToken: tokens.insert,
        consumeToken: tokens.consume,

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
