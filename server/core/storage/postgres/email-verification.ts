import type { Pool } from 'pg';

import type { EmailVerificationStore } from '..';
import { consumeToken, insertToken } from './single-use-tokens';


export const createEmailVerificationStore = (pool: Pool): EmailVerificationStore => {

    return {
        createToken: (token) => insertToken(pool, 'email_verification_tokens', token),

        // Consuming a verification token ends the other tokens for the same user and email.
        consumeToken: (appId, tenantId, tokenHash) => consumeToken(pool, 'email_verification_tokens', 'user-and-email', appId, tenantId, tokenHash),

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
