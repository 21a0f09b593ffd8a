import type { Pool } from 'pg';

import type { TokenStore } from '..';
import { consumeToken, findToken, insertToken } from './single-use-tokens';


export const createTokenStore = (pool: Pool): TokenStore => ({
    createPasswordResetToken: (token) => insertToken(pool, 'password_reset_tokens', token),

    findPasswordResetToken: (appId, tenantId, tokenHash) => findToken(pool, 'password_reset_tokens', appId, tenantId, tokenHash),

    // Consuming a reset token ends every other reset token of the user.
    consumePasswordResetToken: (appId, tenantId, tokenHash) => consumeToken(pool, 'password_reset_tokens', 'user', appId, tenantId, tokenHash),

    revokePasswordResetTokens: async (appId, userId) => {

        await pool.query('DELETE FROM password_reset_tokens WHERE app_id = $1 AND user_id = $2', [appId, userId]);
    },

    deleteExpiredTokens: async (now) => {

        const reset = await pool.query('DELETE FROM password_reset_tokens WHERE expires_at <= $1', [now]);
        const verification = await pool.query('DELETE FROM email_verification_tokens WHERE expires_at <= $1', [now]);
        return reset.rowCount! + verification.rowCount!;
    }
});
