/*
 * Account states a staff member can act on (issue 10): after a sign-in the core refused, the core is asked whether
 * the account is banned or locked, which it says only when the password was right (core services/
 * account-states.ts). So a banned user with the right password is told to contact an administrator, a locked one
 * when it unlocks and that a password reset unlocks it now; anyone else, and any wrong password, gets the usual
 * WRONG_CREDENTIALS_ERROR. Against an official core (no such endpoint) the answer stays the usual one.
 */

import type { APIInterface } from 'supertokens-node/recipe/emailpassword/types';

import { ExtensionUnavailableError, type AccountStateView, type CoreExtensions } from '../core-extensions';
import { clientOf } from './audit-context';
import { extend } from './override';


export const disabledMessage = 'This account is disabled. Contact your administrator.';

export const lockedMessage = (lockedUntil: number | undefined): string => {

    const until = lockedUntil === undefined ? 'for a while' : `until ${new Date(lockedUntil).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    return `This account is locked ${until} after too many failed sign-ins. Resetting your password (Forgot password?) unlocks it now.`;
};

const stateOf = async (extensions: CoreExtensions, email: string, password: string, userContext: Record<string, any>): Promise<AccountStateView> => {

    try {
        return await extensions.accountState(email, password, clientOf(userContext));
    }
    catch (err) {
        if (err instanceof ExtensionUnavailableError) {
            return { state: 'none' };
        }

        throw err;
    }
};

export const withAccountStates = (original: APIInterface, extensions: CoreExtensions): APIInterface => {

    if (original.signInPOST === undefined) {
        return original;
    }

    return extend(original, {
        signInPOST: async (input) => {

            const result = await original.signInPOST!(input);
            if (result.status !== 'WRONG_CREDENTIALS_ERROR') {
                return result;
            }

            // The SDK has checked the form: both fields are there and are strings.
            const value = (id: string) => input.formFields.find((field) => field.id === id)!.value as string;
            const { state, lockedUntil } = await stateOf(extensions, value('email'), value('password'), input.userContext);
            return state === 'banned' ? { status: 'SIGN_IN_NOT_ALLOWED', reason: disabledMessage } :
                state === 'locked' ? { status: 'SIGN_IN_NOT_ALLOWED', reason: lockedMessage(lockedUntil) } :
                    result;
        }
    });
};
