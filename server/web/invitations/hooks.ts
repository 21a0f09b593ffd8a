/*
 * The two functions the sign-up policy (auth/signup-policy.ts, SIGNUP=invite) consults for sign-ups that do not
 * come through the invitation link, e.g. the first third-party sign-in of an invited address:
 *
 *   const hooks = invitationHooks(new CoreExtensions(core));
 *   // lookup: (email) => Promise<{ invitationId, roles } | undefined>, the address's usable invitation
 *   // onInvitedSignUp: (invitation, userId) => Promise<void>, after the policy let that sign-up through
 *
 * onInvitedSignUp accepts the invitation for the new account and gives it the invited roles only when the
 * account's email is verified (a provider that vouched for it): anyone can type an invited address into an
 * email-password sign-up form, and that proves nothing. Then the invitation stays pending and nothing is given;
 * the link's page (/auth/invite) is the way for a password.
 */

import SuperTokens from 'supertokens-node';
import EmailVerification from 'supertokens-node/recipe/emailverification';

import type { CoreExtensions } from '../core-extensions';
import { applyInvitation } from './finish';


export interface InvitedSignUp {
    readonly invitationId: string;
    readonly roles: string[];
}

export type InvitationLookup = (email: string) => Promise<InvitedSignUp | undefined>;

export type OnInvitedSignUp = (invitation: InvitedSignUp, userId: string) => Promise<void>;

export const invitationHooks = (extensions: CoreExtensions): { lookup: InvitationLookup; onInvitedSignUp: OnInvitedSignUp } => ({

    lookup: async (email) => {

        const invitation = await extensions.pendingInvitation(email);
        return invitation && { invitationId: invitation.invitationId, roles: invitation.roles };
    },

    onInvitedSignUp: async (invitation, userId) => {

        const user = await SuperTokens.getUser(userId);
        const method = user?.loginMethods[0];
        if (!method?.email || !await EmailVerification.isEmailVerified(method.recipeUserId, method.email)) {
            return;
        }

        // Only the invitation of this very address (the policy found it by email; it may have changed since).
        const pending = await extensions.pendingInvitation(method.email);
        if (pending?.invitationId !== invitation.invitationId) {
            return;
        }

        const accepted = await extensions.acceptInvitationById(invitation.invitationId, userId, { actorId: userId });
        if (accepted.status === 'OK') {
            await applyInvitation({ id: userId, recipeUserId: method.recipeUserId }, method.email, accepted.invitation.roles, {});
        }
    }
});
