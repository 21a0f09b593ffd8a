/*
 * Whether a sign-in link may create an account for an email that has none yet (the sign-up policy's answer for
 * the "Email me a sign-in link" method). One hook point: the sign-up policy (auth/signup-policy.ts, staff-policy
 * branch) plugs in here. Until then sign-up is open, as in development. An object, so tests can swap the answer.
 */

export type MayCreateAccount = (email: string) => Promise<boolean>;

export const linkSignUp: { mayCreateAccount: MayCreateAccount } = {
    mayCreateAccount: async () => true
};
