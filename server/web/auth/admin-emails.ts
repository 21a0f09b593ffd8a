/*
 * ADMIN_EMAILS: a user whose normalised email is in the list gets the `admin` role (created if missing) once the
 * email is shown to be theirs: verified by our link, or by the provider. It happens in the recipe functions (sign-up,
 * sign-in, email verification), before the API creates or updates the session, so the session's `st-role` claim
 * carries it.
 *
 * Once per account: the grant is recorded in the user's metadata (`adminEmailGrant`), so an admin who removes the
 * role (or `npm run admin -- revoke`) sees the removal stick. Taking the email off the list does not take the role
 * away either.
 */

import EmailVerification from 'supertokens-node/recipe/emailverification';
import type { APIInterface as VerificationApis, RecipeInterface as VerificationFunctions } from 'supertokens-node/recipe/emailverification/types';
import type { RecipeInterface as EmailPasswordFunctions } from 'supertokens-node/recipe/emailpassword/types';
import type { RecipeInterface as ThirdPartyFunctions } from 'supertokens-node/recipe/thirdparty/types';
import UserMetadata from 'supertokens-node/recipe/usermetadata';
import UserRoles from 'supertokens-node/recipe/userroles';
import type { RecipeUserId } from 'supertokens-node';

import { extend } from './override';
import { adminRole } from './roles';


/** The user-metadata key that records the one grant ADMIN_EMAILS makes to an account. */
export const adminGrantKey = 'adminEmailGrant';

const normalise = (email: string) => email.trim().toLowerCase();

/** Gives `userId` the admin role, creating the role first if needed; no core write when they already have it. */
export const grantAdminRole = async (userId: string, tenantId: string, userContext: Record<string, any>): Promise<void> => {

    const { roles } = await UserRoles.getRolesForUser(tenantId, userId, userContext);
    if (roles.includes(adminRole)) {
        return;
    }

    await UserRoles.createNewRoleOrAddPermissions(adminRole, [], userContext);
    await UserRoles.addRoleToUser(tenantId, userId, adminRole, userContext);
};

/** The list's grant: once per account, and recorded before the role is given (a failure then leaves no role). */
const grantOnce = async (userId: string, email: string, tenantId: string, userContext: Record<string, any>) => {

    const { metadata } = await UserMetadata.getUserMetadata(userId, userContext);
    if (metadata[adminGrantKey] !== undefined) {
        return;
    }

    await UserMetadata.updateUserMetadata(userId, { [adminGrantKey]: { email, at: Date.now() } }, userContext);
    await grantAdminRole(userId, tenantId, userContext);
};

const isVerified = (recipeUserId: RecipeUserId, email: string, userContext: Record<string, any>) => {

    return EmailVerification.isEmailVerified(recipeUserId, email, userContext);
};


export const withAdminEmailsForEmailPassword = (original: EmailPasswordFunctions, adminEmails: readonly string[]): EmailPasswordFunctions => {

    const admins = new Set(adminEmails.map(normalise));
    if (admins.size === 0) {
        return original;
    }

    return extend(original, {
        signUp: async (input) => {

            const result = await original.signUp(input);
            if (result.status === 'OK' && admins.has(normalise(input.email)) && await isVerified(result.recipeUserId, input.email, input.userContext)) {
                await grantOnce(result.user.id, normalise(input.email), input.tenantId, input.userContext);
            }

            return result;
        },
        signIn: async (input) => {

            const result = await original.signIn(input);
            if (result.status === 'OK' && admins.has(normalise(input.email)) && await isVerified(result.recipeUserId, input.email, input.userContext)) {
                await grantOnce(result.user.id, normalise(input.email), input.tenantId, input.userContext);
            }

            return result;
        }
    });
};

export const withAdminEmailsForThirdParty = (original: ThirdPartyFunctions, adminEmails: readonly string[]): ThirdPartyFunctions => {

    const admins = new Set(adminEmails.map(normalise));
    if (admins.size === 0) {
        return original;
    }

    return extend(original, {
        signInUp: async (input) => {

            const result = await original.signInUp(input);
            if (result.status === 'OK' && input.isVerified && admins.has(normalise(input.email))) {
                await grantOnce(result.user.id, normalise(input.email), input.tenantId, input.userContext);
            }

            return result;
        }
    });
};

/** A listed address verified by our link: the grant, made when the token is used. */
export const withAdminEmailsForVerification = (original: VerificationFunctions, adminEmails: readonly string[]): VerificationFunctions => {

    const admins = new Set(adminEmails.map(normalise));
    if (admins.size === 0) {
        return original;
    }

    return extend(original, {
        verifyEmailUsingToken: async (input) => {

            const result = await original.verifyEmailUsingToken(input);
            if (result.status === 'OK' && admins.has(normalise(result.user.email))) {
                await grantOnce(result.user.recipeUserId.getAsString(), normalise(result.user.email), input.tenantId, input.userContext);
            }

            return result;
        }
    });
};

/** After a verification, the session's role claims are read again, so a grant made by it shows at once. */
export const withRolesRefreshedAfterVerification = (original: VerificationApis): VerificationApis => {

    if (original.verifyEmailPOST === undefined) {
        return original;
    }

    return extend(original, {
        verifyEmailPOST: async (input) => {

            const result = await original.verifyEmailPOST!(input);
            const session = result.status === 'OK' ? result.newSession ?? input.session : undefined;
            if (session) {
                await session.fetchAndSetClaim(UserRoles.UserRoleClaim, input.userContext);
                await session.fetchAndSetClaim(UserRoles.PermissionClaim, input.userContext);
            }

            return result;
        }
    });
};
