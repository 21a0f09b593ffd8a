/*
 * Known and unknown emails cost the same (timing must not tell which emails have accounts).
 *
 * supertokens-node 24 looks the email up before it asks the core anything, and answers an unknown one at once:
 *
 * - sign-in: WRONG_CREDENTIALS_ERROR without calling the core's sign-in, so the core's dummy-hash defence (one
 *   password verification's worth of work for an unknown email) never ran, and the failure was not audited. Here,
 *   when the SDK answered WRONG_CREDENTIALS_ERROR without the core checking a password, the core is asked anyway: it
 *   hashes against its dummy hash and records `sign_in_failed` with reason `unknown_email` (with the tenant read the
 *   SDK does for a known email, the core calls are the same).
 * - password reset request: OK without a core call; for a known email the core makes a token and the email is
 *   stored in the core's mail queue. Here an unknown email asks the core for a token for a random user id, a lookup
 *   that answers UNKNOWN_USER_ID_ERROR and makes nothing, and a request that handed no email over (unknown address,
 *   or the per-address limit reached) stores a message of the same size in the queue and deletes it in the same
 *   transaction (`sendNothing`): the same database write, nothing sent.
 * - sign-up: a new email hashes, creates the user and a session; a registered one stops after the hash. A refusal
 *   is held back to the running average time of recent successful sign-ups (`durationFloor`).
 *
 * Whether the core was asked is marked in the request's userContext by the recipe functions (`withCoreWorkMarked`).
 */

import * as Crypto from 'crypto';

import type { APIInterface, RecipeInterface } from 'supertokens-node/recipe/emailpassword/types';
import Multitenancy from 'supertokens-node/recipe/multitenancy';

import { mailWasHandedOver, passwordResetMessage, type MailDelivery } from './mail';
import { extend } from './override';


const passwordChecked = 'staffgatePasswordChecked';
const resetTokenAsked = 'staffgateResetTokenAsked';

/** The EmailPassword recipe functions, marking in the userContext which core work was done. */
export const withCoreWorkMarked = (original: RecipeInterface): RecipeInterface => {

    return extend(original, {
        signIn: async (input) => {

            input.userContext[passwordChecked] = true;
            return original.signIn(input);
        },
        verifyCredentials: async (input) => {

            input.userContext[passwordChecked] = true;
            return original.verifyCredentials(input);
        },
        createResetPasswordToken: async (input) => {

            input.userContext[resetTokenAsked] = true;
            return original.createResetPasswordToken(input);
        }
    });
};


export interface DurationFloorOptions {
    readonly now?: () => number;
    readonly sleep?: (ms: number) => Promise<void>;
    /** Until a success has been measured, ms. */
    readonly initialMs?: number;
}

export interface DurationFloor {
    /** A successful path took this long (ms): folded into the running average. */
    record(ms: number): void;
    /** Waits until `startedAt` + the running average (no wait when already past it). */
    pad(startedAt: number): Promise<void>;
    readonly averageMs: number;
}

/** A running average (exponential, weight 1/8) of one path's duration, and a wait that brings another path up to it. */
export const durationFloor = (options: DurationFloorOptions = {}): DurationFloor => {

    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    let averageMs = options.initialMs ?? 0;

    return {
        record: (ms) => {

            averageMs += (Math.min(ms, 10_000) - averageMs) / 8;       // a stalled outlier must not hold refusals for long
        },
        pad: async (startedAt) => {

            const remaining = Math.round(startedAt + averageMs - now());
            if (remaining > 0) {
                await sleep(remaining);
            }
        },
        get averageMs() {

            return averageMs;
        }
    };
};


const fieldValue = (formFields: { id: string; value: unknown }[], id: string): string => {

    // The SDK has checked the form before the API runs: the field is there and is a string.
    const value = formFields.find((field) => field.id === id)?.value;
    return typeof value === 'string' ? value : '';
};

/** The queue work of a reset email, without the email: a message of the same shape, stored and deleted. */
export const resetDecoy = (mail: Pick<MailDelivery, 'sendNothing'>, websiteDomain: string) => {

    return (email: string): Promise<void> => {

        const token = Crypto.randomBytes(96).toString('base64url');
        return mail.sendNothing(passwordResetMessage(email, `${websiteDomain}/auth/reset-password?token=${token}&tenantId=public`));
    };
};

export const withEqualWork = (original: APIInterface, signUpFloor: DurationFloor, now: () => number = Date.now, sendNothing: (email: string) => Promise<void> = async () => { }): APIInterface => {

    return extend(original, {
        signInPOST: async (input) => {

            const result = await original.signInPOST!(input);
            if (result.status === 'WRONG_CREDENTIALS_ERROR' && !input.userContext[passwordChecked]) {
                // For a known email the SDK also reads the tenant's settings (its pre-auth checks): the same round trip.
                await Multitenancy.getTenant(input.tenantId, input.userContext);
                await input.options.recipeImplementation.verifyCredentials({
                    email: fieldValue(input.formFields, 'email'),
                    password: fieldValue(input.formFields, 'password'),
                    tenantId: input.tenantId,
                    userContext: input.userContext
                });
            }

            return result;
        },
        generatePasswordResetTokenPOST: async (input) => {

            const result = await original.generatePasswordResetTokenPOST!(input);
            if (!input.userContext[resetTokenAsked]) {
                await input.options.recipeImplementation.createResetPasswordToken({
                    userId: Crypto.randomUUID(),
                    email: fieldValue(input.formFields, 'email'),
                    tenantId: input.tenantId,
                    userContext: input.userContext
                });
            }

            if (!mailWasHandedOver(input.userContext)) {
                await sendNothing(fieldValue(input.formFields, 'email'));
            }

            return result;
        },
        signUpPOST: async (input) => {

            const startedAt = now();
            const result = await original.signUpPOST!(input);
            if (result.status === 'OK') {
                signUpFloor.record(now() - startedAt);
            }
            else if (result.status === 'EMAIL_ALREADY_EXISTS_ERROR') {
                await signUpFloor.pad(startedAt);
            }

            return result;
        }
    });
};
