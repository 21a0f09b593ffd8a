import type { Database } from 'better-sqlite3';

import type { TokenStore } from '..';
import { createSingleUseTokens } from './single-use-tokens';


export const createTokenStore = (db: Database): TokenStore => {

    // Consuming a reset token ends every other reset token of the user.
    const tokens = createSingleUseTokens(db, 'password_reset_tokens', 'user');
    const statements = {
        deleteOfUser: db.prepare('DELETE FROM password_reset_tokens WHERE app_id = ? AND user_id = ?'),
        deleteExpiredReset: db.prepare('DELETE FROM password_reset_tokens WHERE expires_at <= ?'),
        deleteExpiredVerification: db.prepare('DELETE FROM email_verification_tokens WHERE expires_at <= ?')
    };

    return {
        createPasswordResetToken: tokens.insert,
        findPasswordResetToken: tokens.find,
        consumePasswordResetToken: tokens.consume,

        revokePasswordResetTokens: async (appId, userId) => {

            statements.deleteOfUser.run(appId, userId);
        },

        deleteExpiredTokens: async (now) => statements.deleteExpiredReset.run(now).changes + statements.deleteExpiredVerification.run(now).changes
    };
};
