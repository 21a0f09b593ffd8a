/*
 * The provider path of an invitation. The invite page's script first POSTs /auth/invite/provider, which checks the
 * token and keeps it in a short-lived HttpOnly, SameSite=Lax cookie (`sgInvitation`, Path=/auth); then it starts
 * the provider's sign-in as the sign-in page does. On the callback:
 *
 * - `withInvitationCookie` (ThirdParty API override) takes the token out of the cookie, clears the cookie (one
 *   callback per invitation click) and hands the token to the recipe function through the userContext;
 * - `withInvitationCheck` (ThirdParty recipe-function override) refuses, before anything is created, an invitation
 *   that cannot be used or a provider email that is not verified or not the invited one
 *   (SIGN_IN_UP_NOT_ALLOWED with a clear reason, and an `invitation_refused` audit event); otherwise it marks the
 *   sign-in as carrying that invitation (`invitationOfSignIn`, which the sign-up policy consults, so SIGNUP=invite
 *   lets it through), lets the user be created, accepts the invitation for them, and gives them the verified email
 *   and the invited roles.
 *
 * Wiring (auth/init.ts): `apis: (original) => withInvitationCookie(withOAuthState(original, …), cookieSettings)` and
 * `functions: (original) => withInvitationCheck(…(withSignUpPolicyForThirdParty(original, { findInvitation: invitationOfSignIn, … })), extensions)`:
 * the check runs first, the policy decides.
 */

import SuperTokens from 'supertokens-node';
import type { APIInterface, RecipeInterface } from 'supertokens-node/recipe/thirdparty/types';

import { clientOf } from '../auth/audit-context';
import { extend } from '../auth/override';
import type { Invitation } from '../auth/signup-policy';
import type { CoreExtensions, InvitationView } from '../core-extensions';
import { problemMessages } from './context';
import { applyInvitation } from './finish';


export const invitationCookieName = 'sgInvitation';

/** Long enough to sign in at the provider; the token itself lives longer. */
export const invitationCookieSeconds = 600;

const contextKey = 'staffgateInvitationToken';
const checkedKey = 'staffgateCheckedInvitation';

export interface InvitationCookieSettings {
    readonly secure: boolean;
    /** The API's base path, the cookie's Path. */
    readonly apiBasePath: string;
}

export const withInvitationCookie = (original: APIInterface, settings: InvitationCookieSettings): APIInterface => {

    return extend(original, {
        signInUpPOST: async (input) => {

            const token = input.options.req.getCookieValue(invitationCookieName);
            if (token !== undefined) {
                input.options.res.setCookie(invitationCookieName, '', undefined, settings.secure, true, 0, settings.apiBasePath, 'lax');
                input.userContext[contextKey] = token;
            }

            return await original.signInUpPOST!(input);
        }
    });
};

/** The invitation withInvitationCheck found usable for this sign-in, when it is for `email` (normalised). */
export const invitationOfSignIn = (email: string, userContext: Record<string, any>): Invitation | undefined => {

    const invitation: InvitationView | undefined = userContext[checkedKey];
    return invitation?.email === email ? invitation : undefined;
};

const notAllowed = (reason: string) => ({ status: 'SIGN_IN_UP_NOT_ALLOWED' as const, reason });

export const withInvitationCheck = (original: RecipeInterface, extensions: CoreExtensions): RecipeInterface => {

    return extend(original, {
        signInUp: async (input) => {

            const token: unknown = input.userContext[contextKey];
            if (typeof token !== 'string') {
                return await original.signInUp(input);
            }

            const check = await extensions.checkInvitation(token);
            if (check.status !== 'OK') {
                return notAllowed(problemMessages[check.status]);
            }

            const { invitation } = check;
            const email = input.email.trim().toLowerCase();
            if (!input.isVerified || email !== invitation.email) {
                const reason = input.isVerified ? 'email_mismatch' : 'email_not_verified';
                await extensions.appendAudit('invitation_refused', undefined, { invitationId: invitation.invitationId, provider: input.thirdPartyId, reason }, clientOf(input.userContext));
                return notAllowed(input.isVerified ?
                    `This invitation is for ${invitation.email}, but your account there is for another address. Continue with the account for ${invitation.email}, or choose a password instead.` :
                    `Your account there has not confirmed the address ${invitation.email}. Confirm it with the provider, or choose a password instead.`);
            }

            input.userContext[checkedKey] = invitation;
            const result = await original.signInUp(input);
            if (result.status !== 'OK' || !result.createdNewRecipeUser) {
                return result;                              // an existing account simply signs in
            }

            const accepted = await extensions.acceptInvitation(token, result.user.id, { ...clientOf(input.userContext), actorId: result.user.id });
            if (accepted.status !== 'OK') {
                await SuperTokens.deleteUser(result.user.id, false, input.userContext);
                return notAllowed(problemMessages[accepted.status]);
            }

            await applyInvitation({ id: result.user.id, recipeUserId: result.recipeUserId }, email, accepted.invitation.roles, input.userContext);
            return result;
        }
    });
};
