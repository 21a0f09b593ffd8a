import type { Pool } from 'pg';

import type { TokenStore } from '..';
import { consumeToken, insertToken } from './single-use-tokens';


export const createTokenStore = (pool: Pool): TokenStore => ({
    createPasswordResetToken: (token) => insertToken(pool, 'password_reset_tokens', token),

    // Consuming a reset token ends every other reset token of the user.
    consumePasswordResetToken: (appId, tenantId, tokenHash) => consumeToken(pool, 'password_reset_tokens', 'user', appId, tenantId, tokenHash)
});
