/*
 * ADMIN_EMAILS: a user whose normalised email is in the list gets the `admin` role (created if missing) when they
 * sign up or sign in, with email-password or a third party. It happens in the recipe functions, before the API
 * creates the session, so the session's `st-role` claim already carries it.
 *
 * A third-party email counts only when the provider says it is verified: otherwise anyone with an account at some
 * provider that lets them type any email could become an admin. Taking the email off the list does not take the
 * role away (`npm run admin -- revoke <email>` does).
 */

import UserRoles from 'supertokens-node/recipe/userroles';
import type { RecipeInterface as EmailPasswordFunctions } from 'supertokens-node/recipe/emailpassword/types';
import type { RecipeInterface as ThirdPartyFunctions } from 'supertokens-node/recipe/thirdparty/types';

import { extend } from './override';
import { adminRole } from './roles';


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

export const withAdminEmailsForEmailPassword = (original: EmailPasswordFunctions, adminEmails: readonly string[]): EmailPasswordFunctions => {

    const admins = new Set(adminEmails.map(normalise));
    if (admins.size === 0) {
        return original;
    }

    return extend(original, {
        signUp: async (input) => {

            const result = await original.signUp(input);
            if (result.status === 'OK' && admins.has(normalise(input.email))) {
                await grantAdminRole(result.user.id, input.tenantId, input.userContext);
            }

            return result;
        },
        signIn: async (input) => {

            const result = await original.signIn(input);
            if (result.status === 'OK' && admins.has(normalise(input.email))) {
                await grantAdminRole(result.user.id, input.tenantId, input.userContext);
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
                await grantAdminRole(result.user.id, input.tenantId, input.userContext);
            }

            return result;
        }
    });
};
