/*
 * Security notices to the account's owner ("if this was not you…"), as Keycloak and Okta send them:
 *
 * - the password was changed: through a reset link or on the change-password page (every successful password update
 *   through updateEmailOrPassword);
 * - a new way to sign in: a third-party login was used for the first time with an email that already has an account.
 *
 * Sent through the app's mailer (auth/mail.ts: SMTP in the background, or the dev outbox). A failure to send is
 * logged and never changes the answer.
 */

import SuperTokens from 'supertokens-node';
import type { APIInterface as EmailPasswordApis, RecipeInterface as EmailPasswordFunctions } from 'supertokens-node/recipe/emailpassword/types';
import type { RecipeInterface as ThirdPartyFunctions } from 'supertokens-node/recipe/thirdparty/types';

import { mailLog, maskEmail, type MailMessage } from './mail';
import { extend } from './override';


const viaResetLink = 'staffgateViaResetLink';

const ifNotYou = (websiteDomain: string) => [
    'If this was not you, someone else may have access to your account: reset your password now at',
    `${websiteDomain}/auth/reset-password`,
    'and tell your administrator.'
];

export const passwordChangedMessage = (to: string, websiteDomain: string, how: 'reset' | 'change'): MailMessage => ({
    to,
    subject: 'Your Staffgate password was changed',
    text: [
        'Hello,',
        '',
        how === 'reset' ?
            'The password of the Staffgate account for this email address was just reset through a link sent here.' :
            'The password of the Staffgate account for this email address was just changed on the account page.',
        'Your other sessions were signed out.',
        '',
        'If it was you, there is nothing to do.',
        ...ifNotYou(websiteDomain),
        ''
    ].join('\n')
});

export const signInMethodAddedMessage = (to: string, websiteDomain: string, method: string): MailMessage => ({
    to,
    subject: 'A new way to sign in to Staffgate was used',
    text: [
        'Hello,',
        '',
        `Someone just signed in to Staffgate with ${method} for the first time, using this email address, which already`,
        'had an account.',
        '',
        'If it was you, there is nothing to do.',
        ...ifNotYou(websiteDomain),
        ''
    ].join('\n')
});


export interface NoticeOptions {
    readonly send: (message: MailMessage) => Promise<void>;
    readonly websiteDomain: string;
}

const sendQuietly = async (options: NoticeOptions, message: MailMessage) => {

    try {
        await options.send(message);
    }
    catch (err) {
        mailLog.sink(`[mail] failed to send "${message.subject}" to ${maskEmail(message.to)}: ${(err as Error).message}`);
    }
};

/** Marks a password update that comes from a reset link (the notice says so). */
export const withResetMarked = (original: EmailPasswordApis): EmailPasswordApis => {

    return extend(original, {
        passwordResetPOST: async (input) => {

            input.userContext[viaResetLink] = true;
            return original.passwordResetPOST!(input);
        }
    });
};

export const withPasswordChangeNotice = (original: EmailPasswordFunctions, options: NoticeOptions): EmailPasswordFunctions => {

    return extend(original, {
        updateEmailOrPassword: async (input) => {

            const result = await original.updateEmailOrPassword(input);
            if (result.status === 'OK' && input.password !== undefined) {
                const recipeUserId = input.recipeUserId.getAsString();
                const user = await SuperTokens.getUser(recipeUserId, input.userContext);
                const email = user?.loginMethods.find((method) => method.recipeUserId.getAsString() === recipeUserId)?.email;
                if (email) {
                    await sendQuietly(options, passwordChangedMessage(email, options.websiteDomain, input.userContext[viaResetLink] ? 'reset' : 'change'));
                }
            }

            return result;
        }
    });
};

export const withSignInMethodNotice = (original: ThirdPartyFunctions, options: NoticeOptions, providerName: (thirdPartyId: string) => string): ThirdPartyFunctions => {

    return extend(original, {
        manuallyCreateOrUpdateUser: async (input) => {

            const result = await original.manuallyCreateOrUpdateUser(input);
            if (result.status === 'OK' && result.createdNewRecipeUser) {
                const others = await SuperTokens.listUsersByAccountInfo(input.tenantId, { email: input.email }, false, input.userContext);
                if (others.some((user) => user.id !== result.user.id)) {
                    await sendQuietly(options, signInMethodAddedMessage(input.email, options.websiteDomain, providerName(input.thirdPartyId)));
                }
            }

            return result;
        }
    });
};
