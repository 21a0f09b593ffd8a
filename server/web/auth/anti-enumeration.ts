/*
 * Anti-enumeration for the EmailPassword API: what the API tells a stranger about which emails have accounts.
 *
 * - GET /auth/emailpassword/email/exists is disabled (the SDK answers it only when `emailExistsGET` is set).
 * - A password reset request answers OK whether or not the email is known (the SDK's default; mail.ts sends in the
 *   background so the timing does not tell either).
 * - Sign-up with a registered email answers a generic field error that does not say the account exists, and the
 *   owner gets an email about the attempt (at most one per address every 15 minutes, so sign-up cannot be used to
 *   flood someone's inbox; counted in the app's LimiterStore, so across instances with REDIS_URL).
 * - Sign-in failures stay the SDK's WRONG_CREDENTIALS_ERROR; the core answers the same for locked and banned users
 *   (only with the account's right password are they told why: account-states.ts).
 *
 * What is left (a sign-up that succeeds shows the email was free) is described in docs/security.md.
 */

import EmailPassword from 'supertokens-node/recipe/emailpassword';
import type { APIInterface } from 'supertokens-node/recipe/emailpassword/types';

import type { LimiterStore } from '../limits';
import { accountExistsMessage, maskEmail, mailLog, type MailMessage } from './mail';
import { extend } from './override';
import { addressLimiter } from './reset-mail-limit';


export const signUpConflictMessage = 'We could not create an account with this email. If you already have one, sign in or reset your password.';

export interface OwnerNotifierOptions {
    readonly send: (message: MailMessage) => Promise<void>;
    readonly websiteDomain: string;
    /** Minimum time between two notices to one address, ms. */
    readonly intervalMs?: number;
    readonly now?: () => number;
    /** Where the notices are counted (default: this process's memory; with REDIS_URL, Redis). */
    readonly store?: LimiterStore;
}

/**
 * Emails the owner of an address that someone tried to sign up with; throttled per address (a notice not sent
 * changes nothing for the caller, so the throttle also fails closed while a shared store is unreachable).
 */
export const ownerNotifier = (options: OwnerNotifierOptions): ((email: string) => Promise<void>) => {

    const allow = addressLimiter({ max: 1, windowMs: options.intervalMs ?? 15 * 60 * 1000, now: options.now }, options.store, 'mail:account-exists');

    return async (email) => {

        if (await allow(email) !== 'ok') {
            return;
        }

        try {
            await options.send(accountExistsMessage(email, options.websiteDomain));
        }
        catch (err) {
            // The answer must not differ because the notice failed.
            mailLog.sink(`[mail] failed to notify ${maskEmail(email)} of a sign-up attempt: ${(err as Error).message}`);
        }
    };
};


export const withoutEnumeration = (original: APIInterface, notifyOwner: (email: string) => Promise<void>): APIInterface => {

    // The original's methods are called on it: they are bound to it through `this`.
    return extend(original, {
        emailExistsGET: undefined,
        signUpPOST: async (input) => {

            const result = await original.signUpPOST!(input);
            if (result.status !== 'EMAIL_ALREADY_EXISTS_ERROR') {
                return result;
            }

            // The SDK has checked the form: the email is there and is a string.
            await notifyOwner(input.formFields.find((field) => field.id === 'email')!.value as string);

            // Thrown like the SDK's own field errors, so the answer has the usual FIELD_ERROR shape.
            throw new EmailPassword.Error({
                type: 'FIELD_ERROR',
                payload: [{ id: 'email', error: signUpConflictMessage }],
                message: 'Error in input formFields'
            });
        }
    });
};
