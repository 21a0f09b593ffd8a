/*
 * The "Email me a sign-in link" method (SIGN_IN_METHODS contains `link`): the Passwordless recipe by email, with a
 * 6-digit code and a magic link in one message, at ${websiteDomain}/auth/verify?preAuthSessionId=…#linkCode.
 *
 * - Mail goes through the app's mailer (`send`: SMTP in the background, or the dev outbox), never supertokens.io.
 * - The same answer for every email (anti-enumeration): creating and resending a code answer OK whether or not the
 *   email has an account; the email-exists checks are off (plugins/sdk-api-guards.ts answers them 404).
 * - An email with no passwordless user would be signed up by the link: the sign-up policy (`mayCreateAccount`)
 *   decides. When it says no, the flow still answers OK but no mail is sent, and a consume of such a flow is a
 *   RESTART_FLOW_ERROR (as for an ended flow), in case the policy changed or a code was guessed.
 * - At most `resetMailLimit` messages per address in its window, as for reset emails (auth/reset-mail-limit.ts),
 *   counted in the app's LimiterStore (across instances with REDIS_URL; no mail while Redis is unreachable).
 * - ADMIN_EMAILS (auth/admin-emails.ts) count here too: the link proves the address, as a verified provider email does.
 */

import SuperTokens from 'supertokens-node';
import type { APIInterface, RecipeInterface, TypePasswordlessEmailDeliveryInput } from 'supertokens-node/recipe/passwordless/types';
import type { UserContext } from 'supertokens-node/types';

import type { LimiterStore } from '../limits';
import { grantAdminRole } from './admin-emails';
import { maskEmail, mailLog, type MailMessage } from './mail';
import type { MayCreateAccount } from './link-sign-up';
import { extend } from './override';
import { addressLimiter, refusalLine, resetMailLimit } from './reset-mail-limit';


export const signInLinkMessage = (to: string, code: string | undefined, link: string | undefined, lifetimeMs: number): MailMessage => ({
    to,
    subject: 'Your Staffgate sign-in link',
    text: [
        'Hello,',
        '',
        'Someone asked to sign in to Staffgate with this email address.',
        ...(link ? ['To sign in, open this link (it works once):', '', link, ''] : []),
        ...(code ? [`Or enter this code on the sign-in page: ${code}`, ''] : []),
        `The link and the code expire in ${Math.round(lifetimeMs / 60_000)} minutes.`,
        'If you did not ask for this, ignore this email: nobody can sign in without it.',
        ''
    ].join('\n')
});


/** Whether `email` already has a passwordless user (a link then signs in rather than up). */
const hasPasswordlessUser = async (tenantId: string, email: string, userContext: UserContext): Promise<boolean> => {

    const users = await SuperTokens.listUsersByAccountInfo(tenantId, { email }, false, userContext);
    const wanted = email.trim().toLowerCase();
    return users.some((user) => user.loginMethods.some((method) => method.recipeId === 'passwordless' && method.email?.toLowerCase() === wanted));
};

/** A link sign-in for `email` is allowed: it signs in, or the sign-up policy allows the account it would create. */
const linkAllowed = async (tenantId: string, email: string, userContext: UserContext, mayCreateAccount: MayCreateAccount): Promise<boolean> => {

    return await hasPasswordlessUser(tenantId, email, userContext) || await mayCreateAccount(email);
};


export interface SignInLinkOptions {
    readonly send: (message: MailMessage) => Promise<void>;
    readonly mayCreateAccount: MayCreateAccount;
    /** Where the per-address limit is counted (default: this process's memory). */
    readonly store?: LimiterStore;
}

interface EmailDeliveryService<T> {
    sendEmail(input: T & { tenantId: string; userContext: UserContext }): Promise<void>;
}

/** `emailDelivery` of the Passwordless recipe. */
export const signInLinkDelivery = (options: SignInLinkOptions): { service: EmailDeliveryService<TypePasswordlessEmailDeliveryInput> } => {

    const allow = addressLimiter(resetMailLimit, options.store, 'mail:sign-in-link');
    return {
        service: {
            sendEmail: async (input) => {

                // Asked for every email, so that known and unknown ones cost the same lookup.
                if (!await linkAllowed(input.tenantId, input.email, input.userContext, options.mayCreateAccount)) {
                    mailLog.sink(`[mail] sign-in link to ${maskEmail(input.email)} not sent: the sign-up policy does not allow a new account`);
                    return;
                }

                const verdict = await allow(input.email);
                if (verdict !== 'ok') {
                    mailLog.sink(refusalLine('sign-in link', input.email, verdict));
                    return;
                }

                try {
                    await options.send(signInLinkMessage(input.email, input.userInputCode, input.urlWithLinkCode, input.codeLifetime));
                }
                catch (err) {
                    // The answer must not differ because the mail failed (it would only fail for some addresses).
                    mailLog.sink(`[mail] failed to send a sign-in link to ${maskEmail(input.email)}: ${(err as Error).message}`, 'warn');
                }
            }
        }
    };
};


/** The Passwordless APIs: no email/phone-exists checks, and no consume the sign-up policy forbids. */
export const withSignInLinkPolicy = (original: APIInterface, mayCreateAccount: MayCreateAccount): APIInterface => {

    return extend(original, {
        emailExistsGET: undefined,
        phoneNumberExistsGET: undefined,
        consumeCodePOST: async (input) => {

            const device = await input.options.recipeImplementation.listCodesByPreAuthSessionId({
                tenantId: input.tenantId,
                preAuthSessionId: input.preAuthSessionId,
                userContext: input.userContext
            });

            if (device?.email !== undefined && !await linkAllowed(input.tenantId, device.email, input.userContext, mayCreateAccount)) {
                return { status: 'RESTART_FLOW_ERROR' };
            }

            return original.consumeCodePOST!(input);
        }
    });
};


/** The Passwordless functions: an email in ADMIN_EMAILS gets the admin role at a link sign-in, before its session. */
export const withAdminEmailsForSignInLink = (original: RecipeInterface, adminEmails: readonly string[]): RecipeInterface => {

    const admins = new Set(adminEmails.map((email) => email.trim().toLowerCase()));
    return extend(original, {
        consumeCode: async (input) => {

            const result = await original.consumeCode(input);
            if (result.status !== 'OK') {
                return result;
            }

            // contactMethod EMAIL: the device always has an email.
            if (admins.has(String(result.consumedDevice.email).trim().toLowerCase())) {
                await grantAdminRole(result.user.id, input.tenantId, input.userContext);
            }

            return result;
        }
    });
};
