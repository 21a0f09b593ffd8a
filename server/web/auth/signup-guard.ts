/*
 * The sign-up policy (signup-policy.ts) applied where accounts are made, before anything is written:
 *
 * - email-password: the signUpPOST API, before the SDK looks the email up (so a refusal says nothing about
 *   whether the address has an account);
 * - third party: the recipe's signInUp, which the API calls with the provider's answer; only when no user has this
 *   provider account yet (a first sign-in), with the email counting only when the provider says it is verified.
 *
 * A refusal answers SIGN_UP_NOT_ALLOWED / SIGN_IN_UP_NOT_ALLOWED with the policy's message (the pages show
 * `reason`), and is recorded as `sign_up_refused`.
 */

import SuperTokens from 'supertokens-node';
import type { APIInterface as EmailPasswordApis } from 'supertokens-node/recipe/emailpassword/types';
import type { RecipeInterface as ThirdPartyFunctions } from 'supertokens-node/recipe/thirdparty/types';

import { extend } from './override';
import { decideSignUp, type InvitationLookup, type SignUpPolicySettings } from './signup-policy';


export interface SignUpRefusal {
    readonly method: string;
    readonly email: string;
    readonly reason: string;
}

/** Records a refused sign-up in the audit trail. */
export type RefusalRecorder = (refusal: SignUpRefusal, userContext: Record<string, any>) => Promise<void>;

export interface SignUpGuardOptions {
    readonly settings: SignUpPolicySettings;
    readonly findInvitation?: InvitationLookup;
    readonly recordRefusal: RefusalRecorder;
}


export const withSignUpPolicyForEmailPassword = (original: EmailPasswordApis, options: SignUpGuardOptions): EmailPasswordApis => {

    if (original.signUpPOST === undefined) {
        return original;
    }

    return extend(original, {
        signUpPOST: async (input) => {

            // The SDK has checked the form before calling the API: the email is there and is a string.
            const email = input.formFields.find((field) => field.id === 'email')!.value as string;
            const decision = decideSignUp(options.settings, options.findInvitation, { email, verified: true, userContext: input.userContext });
            if (!decision.allowed) {
                await options.recordRefusal({ method: 'emailpassword', email, reason: decision.reason }, input.userContext);
                return { status: 'SIGN_UP_NOT_ALLOWED', reason: decision.message };
            }

            return await original.signUpPOST!(input);
        }
    });
};


export const withSignUpPolicyForThirdParty = (original: ThirdPartyFunctions, options: SignUpGuardOptions): ThirdPartyFunctions => {

    return extend(original, {
        signInUp: async (input) => {

            const thirdParty = { id: input.thirdPartyId, userId: input.thirdPartyUserId };
            const existing = await SuperTokens.listUsersByAccountInfo(input.tenantId, { thirdParty }, false, input.userContext);
            if (existing.length > 0) {
                return original.signInUp(input);
            }

            const decision = decideSignUp(options.settings, options.findInvitation, { email: input.email, verified: input.isVerified, userContext: input.userContext });
            if (!decision.allowed) {
                await options.recordRefusal({ method: input.thirdPartyId, email: input.email, reason: decision.reason }, input.userContext);
                return { status: 'SIGN_IN_UP_NOT_ALLOWED', reason: decision.message };
            }

            return await original.signInUp(input);
        }
    });
};
