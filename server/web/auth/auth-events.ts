/*
 * Auth events for the operator: each sign-in's outcome, each sign-up and each wrong second-factor code becomes a
 * log line and a metric (docs/operations.md). They wrap the outermost layer of the SDK's APIs (init.ts), so they
 * see what the user was answered. The audit trail (the core's rows) stays the record of who did what; these lines
 * carry the user id when there is one, never an email, a password, a code or a token.
 */

import type { APIInterface as EmailPasswordApis } from 'supertokens-node/recipe/emailpassword/types';
import type { APIInterface as PasswordlessApis } from 'supertokens-node/recipe/passwordless/types';
import type { APIInterface as ThirdPartyApis } from 'supertokens-node/recipe/thirdparty/types';
import type { RecipeInterface as TotpFunctions } from 'supertokens-node/recipe/totp/types';

import type { Observability } from '../../observability';
import type { SignInOutcome } from '../../observability/metrics';
import { disabledMessage } from './account-states';
import { extend } from './override';


type Method = 'emailpassword' | 'thirdparty' | 'passwordless';

/** Records one sign-in or sign-up as a log line and a metric. */
export const authEventRecorder = ({ logger, metrics }: Observability) => ({

    signIn: (method: Method, outcome: SignInOutcome, userId?: string) => {

        metrics.signIn(method, outcome);
        const level = outcome === 'success' ? 'info' : outcome === 'error' ? 'error' : 'warn';
        logger[level]({ auth: { event: 'sign_in', method, outcome, ...(userId ? { userId } : {}) } }, `sign-in ${outcome} (${method})`);
    },

    signUp: (method: Method, userId: string) => {

        metrics.signUp(method);
        logger.info({ auth: { event: 'sign_up', method, userId } }, `sign-up (${method})`);
    },

    signUpRefused: (method: Method, status: string) => {

        logger.warn({ auth: { event: 'sign_up_refused', method, status } }, `sign-up refused (${method}): ${status}`);
    },

    twoFactorFailure: (kind: 'totp' | 'recovery_code', userId: string, status: string) => {

        metrics.twoFactorFailure(kind);
        logger.warn({ auth: { event: 'two_factor_failed', kind, status, userId } }, `two-factor ${kind} refused: ${status}`);
    }
});

export type AuthEventRecorder = ReturnType<typeof authEventRecorder>;

declare module '@hapi/hapi' {
    interface ServerApplicationState {
        /** The app's auth event recorder, for routes that see an outcome the SDK does not (recovery codes). */
        authEvents?: AuthEventRecorder;
    }
}

const notAllowedOutcome = (reason: string): SignInOutcome => {

    return reason === disabledMessage ? 'banned' : reason.startsWith('This account is locked') ? 'locked' : 'not_allowed';
};

/** Runs an API call and records an error outcome when it throws (the SDK then answers 500). */
const recordingErrors = async <T>(call: () => Promise<T>, onError: () => void): Promise<T> => {

    try {
        return await call();
    }
    catch (err) {
        onError();
        throw err;
    }
};

export const withEmailPasswordEvents = (original: EmailPasswordApis, events: AuthEventRecorder): EmailPasswordApis => {

    return extend(original, {
        signInPOST: original.signInPOST && (async (input) => {

            const result = await recordingErrors(() => original.signInPOST!(input), () => events.signIn('emailpassword', 'error'));
            if (result.status === 'OK') {
                events.signIn('emailpassword', 'success', result.user.id);
            }
            else if (result.status === 'WRONG_CREDENTIALS_ERROR') {
                events.signIn('emailpassword', 'wrong_credentials');
            }
            else if (result.status === 'SIGN_IN_NOT_ALLOWED') {
                events.signIn('emailpassword', notAllowedOutcome(result.reason));
            }
            else {
                events.signIn('emailpassword', 'error');
            }

            return result;
        }),
        signUpPOST: original.signUpPOST && (async (input) => {

            const result = await original.signUpPOST!(input);
            if (result.status === 'OK') {
                events.signUp('emailpassword', result.user.id);
            }
            else {
                events.signUpRefused('emailpassword', result.status);
            }

            return result;
        })
    });
};

export const withThirdPartyEvents = (original: ThirdPartyApis, events: AuthEventRecorder): ThirdPartyApis => {

    return extend(original, {
        signInUpPOST: original.signInUpPOST && (async (input) => {

            const result = await recordingErrors(() => original.signInUpPOST!(input), () => events.signIn('thirdparty', 'error'));
            if (result.status === 'OK') {
                if (result.createdNewRecipeUser) {
                    events.signUp('thirdparty', result.user.id);
                }
                else {
                    events.signIn('thirdparty', 'success', result.user.id);
                }
            }
            else {
                events.signIn('thirdparty', result.status === 'SIGN_IN_UP_NOT_ALLOWED' ? notAllowedOutcome(result.reason) : 'error');
            }

            return result;
        })
    });
};

export const withPasswordlessEvents = (original: PasswordlessApis, events: AuthEventRecorder): PasswordlessApis => {

    return extend(original, {
        consumeCodePOST: original.consumeCodePOST && (async (input) => {

            const result = await recordingErrors(() => original.consumeCodePOST!(input), () => events.signIn('passwordless', 'error'));
            if (result.status === 'OK') {
                if (result.createdNewRecipeUser) {
                    events.signUp('passwordless', result.user.id);
                }
                else {
                    events.signIn('passwordless', 'success', result.user.id);
                }
            }
            else if (result.status === 'SIGN_IN_UP_NOT_ALLOWED') {
                events.signIn('passwordless', notAllowedOutcome(result.reason));
            }
            else {
                events.signIn('passwordless', result.status === 'GENERAL_ERROR' ? 'error' : 'wrong_credentials');
            }

            return result;
        })
    });
};

/** Every TOTP check (our challenge page and the SDK's API both end here): a wrong code is a two-factor failure. */
export const withTotpEvents = (original: TotpFunctions, events: AuthEventRecorder): TotpFunctions => {

    return extend(original, {
        verifyTOTP: async (input) => {

            const result = await original.verifyTOTP(input);
            if (result.status !== 'OK') {
                events.twoFactorFailure('totp', input.userId, result.status);
            }

            return result;
        },
        verifyDevice: async (input) => {

            const result = await original.verifyDevice(input);
            if (result.status === 'INVALID_TOTP_ERROR' || result.status === 'LIMIT_REACHED_ERROR') {
                events.twoFactorFailure('totp', input.userId, result.status);
            }

            return result;
        }
    });
};
