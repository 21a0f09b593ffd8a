/*
 * A password reset signs the user out everywhere: after a successful POST /auth/user/password/reset all of the
 * user's sessions are revoked, so a session an attacker holds (the reason for many resets) stops working at its
 * next database check or refresh. The SDK's default leaves them alive.
 */

import Session from 'supertokens-node/recipe/session';
import type { APIInterface } from 'supertokens-node/recipe/emailpassword/types';

import { extend } from './override';


export const withSessionsRevokedAfterReset = (original: APIInterface): APIInterface => {

    return extend(original, {
        passwordResetPOST: async (input) => {

            const result = await original.passwordResetPOST!(input);
            if (result.status === 'OK') {
                await Session.revokeAllSessionsForUser(result.user.id, true, undefined, input.userContext);
            }

            return result;
        }
    });
};
