/*
 * What the dashboard pages show about the signed-in user, read through the SDK: the user, how this session signed
 * in, and the user's sessions.
 */

import SuperTokens from 'supertokens-node';
import EmailVerification from 'supertokens-node/recipe/emailverification';
import Session, { type SessionContainer } from 'supertokens-node/recipe/session';

import { adminRole, viewerRole } from '../auth/roles';
import type { SocialProvider } from './providers';


export interface Account {
    readonly userId: string;
    readonly email: string | undefined;
    /** The sign-in method of this session: 'emailpassword' or 'thirdparty'. */
    readonly recipeId: string;
    /** "Email and password", or the provider's name. */
    readonly method: string;
    /** The email that goes with the password, for email-password users; undefined for third-party ones. */
    readonly passwordEmail: string | undefined;
}

/** The account behind the session, or undefined when the user no longer exists. */
export const loadAccount = async (session: SessionContainer, providers: readonly SocialProvider[]): Promise<Account | undefined> => {

    const user = await SuperTokens.getUser(session.getUserId());
    if (!user) {
        return undefined;
    }

    // The login method behind this session (a user has several only when accounts are linked).
    const recipeUserId = session.getRecipeUserId().getAsString();
    const login = user.loginMethods.find((method) => method.recipeUserId.getAsString() === recipeUserId) ?? user.loginMethods[0]!;
    const isEmailPassword = login.recipeId === 'emailpassword';
    const thirdPartyId = String(login.thirdParty?.id);
    return {
        userId: user.id,
        email: login.email,
        recipeId: login.recipeId,
        method: isEmailPassword ? 'Email and password' : providers.find((provider) => provider.id === thirdPartyId)?.name ?? thirdPartyId,
        passwordEmail: isEmailPassword ? login.email : undefined
    };
};

/** The st-ev claim when it says verified; otherwise the core's answer (the claim may be older than a verification). */
export const isEmailVerified = async (session: SessionContainer, email: string | undefined): Promise<boolean> => {

    if (session.getAccessTokenPayload()['st-ev']?.v === true) {
        return true;
    }

    return await EmailVerification.isEmailVerified(session.getRecipeUserId(), email);
};

/** The roles claim of the access token. */
export const rolesOf = (session: SessionContainer): string[] => {

    const roles: unknown = session.getAccessTokenPayload()['st-role']?.v;
    return Array.isArray(roles) ? roles.map(String) : [];
};

/** Whether to show the Admin link: a hint only, the admin area checks the roles in the core on every request. */
export const canSeeAdmin = (roles: readonly string[]): boolean => roles.includes(adminRole) || roles.includes(viewerRole);

/** Signs out every session of the user but this one; returns how many were ended. */
export const revokeOtherSessions = async (session: SessionContainer): Promise<number> => {

    const handles = await Session.getAllSessionHandlesForUser(session.getUserId());
    const others = handles.filter((handle) => handle !== session.getHandle());
    if (others.length === 0) {
        return 0;
    }

    return (await Session.revokeMultipleSessions(others)).length;
};
