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

interface Authenticated {
    readonly userId: string;
    readonly email: string;
    readonly tenantId: string;
    readonly userContext: Record<string, any>;
    /** Whether the email is shown to be the user's; asked only for a listed email. */
    readonly verified: () => Promise<boolean>;
}

/** The grant rule, for a user who has just authenticated or verified: a listed email, verified, once. */
const grantIfListed = (adminEmails: readonly string[]) => {

    const admins = new Set(adminEmails.map(normalise));
    return async ({ userId, email, tenantId, userContext, verified }: Authenticated): Promise<void> => {

        if (admins.has(normalise(email)) && await verified()) {
            await grantOnce(userId, normalise(email), tenantId, userContext);
        }
    };
};

const ourLink = (recipeUserId: RecipeUserId, email: string, userContext: Record<string, any>) => {

    return () => EmailVerification.isEmailVerified(recipeUserId, email, userContext);
};


export const withAdminEmailsForEmailPassword = (original: EmailPasswordFunctions, adminEmails: readonly string[]): EmailPasswordFunctions => {

    const grant = grantIfListed(adminEmails);
    type Result = { status: 'OK'; user: { id: string }; recipeUserId: RecipeUserId } | { status: string };
    const after = async <R extends Result>(input: { email: string; tenantId: string; userContext: Record<string, any> }, result: R): Promise<R> => {

        if ('user' in result) {
            await grant({ ...input, userId: result.user.id, verified: ourLink(result.recipeUserId, input.email, input.userContext) });
        }

        return result;
    };

    return adminEmails.length === 0 ? original : extend(original, {
        signUp: async (input) => after(input, await original.signUp(input)),
        signIn: async (input) => after(input, await original.signIn(input))
    });
};

export const withAdminEmailsForThirdParty = (original: ThirdPartyFunctions, adminEmails: readonly string[]): ThirdPartyFunctions => {

    const grant = grantIfListed(adminEmails);
    return adminEmails.length === 0 ? original : extend(original, {
        signInUp: async (input) => {

            const result = await original.signInUp(input);
            if (result.status === 'OK') {
                await grant({ ...input, userId: result.user.id, verified: async () => input.isVerified });
            }

            return result;
        }
    });
};

/** A listed address verified by our link: the grant, made when the token is used. */
export const withAdminEmailsForVerification = (original: VerificationFunctions, adminEmails: readonly string[]): VerificationFunctions => {

    const grant = grantIfListed(adminEmails);
    return adminEmails.length === 0 ? original : extend(original, {
        verifyEmailUsingToken: async (input) => {

            const result = await original.verifyEmailUsingToken(input);
            if (result.status === 'OK') {
                const { recipeUserId, email } = result.user;
                await grant({ userId: recipeUserId.getAsString(), email, tenantId: input.tenantId, userContext: input.userContext, verified: async () => true });
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
