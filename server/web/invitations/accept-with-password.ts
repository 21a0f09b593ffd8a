/*
 * The password path of an invitation: the account is created on the server with the SDK's recipe functions (so
 * the recipes' overrides run as for any sign-up), then the invitation is accepted in the core (a compare-and-set:
 * of two concurrent accepts one wins, and the loser's account would be removed again; in practice the second
 * sign-up already fails on the taken email), then the email is verified and the roles given.
 */

import SuperTokens, { type RecipeUserId, type User } from 'supertokens-node';
import EmailPassword from 'supertokens-node/recipe/emailpassword';

import type { CoreExtensions, InvitationProblem, InvitationView } from '../core-extensions';
import { actorContext, auditContext } from '../auth/audit-context';
import type { Request } from '@hapi/hapi';
import { applyInvitation } from './finish';


export type PasswordAcceptance =
    | { readonly status: 'OK'; readonly user: User; readonly recipeUserId: RecipeUserId }
    | { readonly status: 'ACCOUNT_EXISTS' }
    | { readonly status: 'REFUSED'; readonly reason?: string }
    | { readonly status: InvitationProblem };

export const acceptWithPassword = async (extensions: CoreExtensions, request: Pick<Request, 'info' | 'headers'>, token: string, invitation: InvitationView, password: string): Promise<PasswordAcceptance> => {

    const userContext = auditContext(request);
    const signUp = await EmailPassword.signUp('public', invitation.email, password, undefined, userContext);
    if (signUp.status === 'EMAIL_ALREADY_EXISTS_ERROR') {
        return { status: 'ACCOUNT_EXISTS' };
    }

    if (signUp.status !== 'OK') {
        // A sign-up policy may refuse with its own status and reason.
        return { status: 'REFUSED', reason: (signUp as { reason?: string }).reason };
    }

    const accepted = await extensions.acceptInvitation(token, signUp.user.id, actorContext(request, signUp.user.id));
    if (accepted.status !== 'OK') {
        // Revoked, expired or used since the page opened: the invitation no longer vouches for this account.
        await SuperTokens.deleteUser(signUp.user.id, false, userContext);
        return { status: accepted.status };
    }

    await applyInvitation({ id: signUp.user.id, recipeUserId: signUp.recipeUserId }, invitation.email, accepted.invitation.roles, userContext);
    return { status: 'OK', user: signUp.user, recipeUserId: signUp.recipeUserId };
};
