/*
 * Mails to the user about changes to their own second factor (device added or removed, a recovery code used,
 * recovery codes made again), through the app's mailer (auth/mail.ts). A failure to send is logged and never
 * changes the answer.
 */

import SuperTokens from 'supertokens-node';

import { mailLog, maskEmail, type MailMessage } from './mail';


export type FactorChange =
    | { readonly kind: 'device_added'; readonly deviceName: string }
    | { readonly kind: 'device_removed'; readonly deviceName: string }
    | { readonly kind: 'recovery_code_used'; readonly remaining: number }
    | { readonly kind: 'recovery_codes_regenerated' };

const describe = (change: FactorChange): { subject: string; line: string } => {

    switch (change.kind) {
        case 'device_added':
            return { subject: 'An authenticator app was added to your Staffgate account', line: `The authenticator "${change.deviceName}" was added for two-factor sign-in.` };
        case 'device_removed':
            return { subject: 'An authenticator app was removed from your Staffgate account', line: `The authenticator "${change.deviceName}" was removed from two-factor sign-in.` };
        case 'recovery_code_used':
            return { subject: 'A recovery code was used to sign in to Staffgate', line: `A recovery code was used instead of an authenticator code to sign in. ${change.remaining} unused codes are left.` };
        case 'recovery_codes_regenerated':
            return { subject: 'Your Staffgate recovery codes were replaced', line: 'A new set of recovery codes was made; the old codes no longer work.' };
    }
};

export const factorChangeMessage = (to: string, websiteDomain: string, change: FactorChange): MailMessage => {

    const { subject, line } = describe(change);
    return {
        to,
        subject,
        text: [
            'Hello,',
            '',
            line,
            '',
            'You can review your two-factor settings at',
            `${websiteDomain}/dashboard/security`,
            '',
            'If this was not you, someone else may have access to your account: reset your password now at',
            `${websiteDomain}/auth/reset-password`,
            'and tell your administrator.',
            ''
        ].join('\n')
    };
};

export interface FactorNotifier {
    (userId: string, change: FactorChange): Promise<void>;
}

/** Sends the notice to every email of the user's account (usually one). */
export const factorNotifier = (send: (message: MailMessage) => Promise<void>, websiteDomain: string): FactorNotifier => {

    return async (userId, change) => {

        const user = await SuperTokens.getUser(userId);
        for (const email of user?.emails ?? []) {
            const message = factorChangeMessage(email, websiteDomain, change);
            try {
                await send(message);
            }
            catch (err) {
                mailLog.sink(`[mail] failed to send "${message.subject}" to ${maskEmail(email)}: ${(err as Error).message}`, 'warn');
            }
        }
    };
};
