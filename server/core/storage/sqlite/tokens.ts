import type { Database } from 'better-sqlite3';

import type { TokenStore } from '..';
import { createSingleUseTokens } from './single-use-tokens';


export const createTokenStore = (db: Database): TokenStore => {

    // Consuming a reset token ends every other reset token of the user.
    const tokens = createSingleUseTokens(db, 'password_reset_tokens', 'user');
    return {
        createPasswordResetToken: tokens.insert,
        consumePasswordResetToken: tokens.consume
    };
};
