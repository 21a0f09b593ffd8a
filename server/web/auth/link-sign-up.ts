/*
 * Whether a sign-in link may create an account for an email that has none yet (the sign-up policy's answer for
 * the "Email me a sign-in link" method). initSupertokens sets it to the sign-up policy's decision (SIGNUP,
 * SIGNUP_DOMAINS, ADMIN_EMAILS); an object, so tests can swap the answer.
 */

export type MayCreateAccount = (email: string) => Promise<boolean>;

export const linkSignUp: { mayCreateAccount: MayCreateAccount } = {
    mayCreateAccount: async () => true
};
