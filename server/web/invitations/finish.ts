/*
 * What every accepted invitation gives the new account, whichever way it was created (password, provider, or a
 * sign-up the policy let through): the invited email marked verified (the invitee proved it by opening the link,
 * or the provider vouched for it) and the invited roles. Done before the session is made, so its claims carry both.
 */

import EmailVerification from 'supertokens-node/recipe/emailverification';
import UserRoles from 'supertokens-node/recipe/userroles';
import type { RecipeUserId } from 'supertokens-node';


const tenantId = 'public';

export const applyInvitation = async (user: { id: string; recipeUserId: RecipeUserId }, email: string, roles: readonly string[], userContext: Record<string, any>): Promise<void> => {

    const created = await EmailVerification.createEmailVerificationToken(tenantId, user.recipeUserId, email, userContext);
    if (created.status === 'OK') {
        await EmailVerification.verifyEmailUsingToken(tenantId, created.token, true, userContext);
    }

    for (const role of roles) {
        // A role deleted since the invitation answers UNKNOWN_ROLE_ERROR: the account is made without it.
        await UserRoles.addRoleToUser(tenantId, user.id, role, userContext);
    }
};
