/*
 * Who may create an account (SIGNUP, README "Who can sign in"). One decision, consulted by every way an account is
 * made: email-password sign-up (signUpPOST) and the first third-party sign-in (the recipe's signInUp), before
 * anything is written, so a refused sign-up creates nothing. Existing users are never asked.
 *
 * An email counts only when it is known to belong to the person: a third-party email the provider did not say is
 * verified counts for nothing (only `open` lets such a sign-up through). An email-password sign-up's email is
 * checked as typed: it is verified afterwards (EMAIL_VERIFICATION), and ADMIN_EMAILS give no role before that.
 *
 * An invitation counts only through `findInvitation`: the invitation this very sign-in carries, already checked
 * (auth/init.ts wires the provider path's, invitations/provider.ts). An invitation found by email alone never
 * counts: anyone could type an invited address into the sign-up form. Invitees with a password use the link's
 * page (/auth/invite), which creates the account itself; accepting the invitation is the invitations module's job.
 */

import type { SignUpPolicy } from '../../config';
import { normaliseEmail } from '../../email-addresses';


export const invitationOnlyMessage = 'Accounts are by invitation: ask your administrator.';
export const domainRefusedMessage = 'Accounts are for company addresses only: use your work email, or ask your administrator.';
export const unverifiedRefusedMessage = 'Your provider did not confirm this email address, so no account can be made with it: ask your administrator.';

export interface Invitation {
    readonly invitationId: string;
    readonly roles: string[];
}

/** The checked invitation for this (normalised) email that this sign-in carries, if any. */
export type InvitationLookup = (email: string, userContext: Record<string, any>) => Invitation | undefined;

export interface SignUpPolicySettings {
    readonly signUp: SignUpPolicy;
    readonly signUpDomains: readonly string[];
    readonly adminEmails: readonly string[];
}

export type SignUpDecision =
    | { readonly allowed: true; readonly because: 'open' | 'domain' | 'admin_email' | 'invitation'; readonly invitation?: Invitation }
    | { readonly allowed: false; readonly reason: 'invite_only' | 'domain_not_allowed' | 'email_not_verified'; readonly message: string };

/** The core's normal form (email-addresses.ts): NFC, lower case, the domain in Unicode. */
export { normaliseEmail };

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1);

/**
 * Whether an account may be created for `email`. `verified`: the email is known to be the person's (a provider's
 * verified email), or will be checked before it gives anything (email-password).
 */
export const decideSignUp = (settings: SignUpPolicySettings, findInvitation: InvitationLookup | undefined, input: { email: string; verified: boolean; userContext: Record<string, any> }): SignUpDecision => {

    if (settings.signUp === 'open') {
        return { allowed: true, because: 'open' };
    }

    if (!input.verified) {
        return { allowed: false, reason: 'email_not_verified', message: unverifiedRefusedMessage };
    }

    const email = normaliseEmail(input.email);
    const invitation = findInvitation?.(email, input.userContext);
    if (invitation) {
        return { allowed: true, because: 'invitation', invitation };
    }

    if (settings.adminEmails.some((adminEmail) => normaliseEmail(adminEmail) === email)) {
        return { allowed: true, because: 'admin_email' };
    }

    if (settings.signUp === 'domains') {
        // Settings may name a domain in punycode or in Unicode; the address's domain is Unicode.
        return settings.signUpDomains.some((domain) => normaliseEmail(`x@${domain}`) === `x@${domainOf(email)}`) ?
            { allowed: true, because: 'domain' } :
            { allowed: false, reason: 'domain_not_allowed', message: domainRefusedMessage };
    }

    return { allowed: false, reason: 'invite_only', message: invitationOnlyMessage };
};
