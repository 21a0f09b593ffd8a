/*
 * Changing one's email address from the dashboard. The new address takes effect only once its owner has opened
 * the link sent to it, signed in as the same user (so a link cannot be used to give someone else's account your
 * address), and confirmed with a button (a GET changes nothing). The old address is told when the change is made.
 *
 * The link's token is an email-verification token for (user, new address) made through the SDK: the core keeps it
 * (by hash, with its lifetime), and using it marks the new address verified, so the account stays verified after
 * the change. The change itself is EmailPassword.updateEmailOrPassword, which refuses an address another account
 * has; an address in use is refused with the same words whoever has it.
 */

import SuperTokens from 'supertokens-node';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import EmailVerification from 'supertokens-node/recipe/emailverification';
import type { SessionContainer } from 'supertokens-node/recipe/session';

import { validateEmail } from '../auth/email-policy';
import type { MailMessage } from '../auth/mail';


export const cannotUseMessage = 'You cannot use this address here. Choose another one.';

export type EmailChangeRequest = { status: 'OK'; email: string } | { status: 'FIELD_ERROR'; error: string };

export const confirmPath = '/dashboard/email/confirm';

const confirmMessage = (to: string, link: string): MailMessage => ({
    to,
    subject: 'Confirm your new Staffgate email address',
    text: [
        'Hello,',
        '',
        'Someone asked to use this address for their Staffgate account. If it was you, open this link while signed in',
        'to confirm it:',
        '',
        link,
        '',
        'If it was not you, ignore this email: nothing changes.',
        ''
    ].join('\n')
});

export const emailChangedMessage = (to: string, newEmail: string, websiteDomain: string): MailMessage => ({
    to,
    subject: 'Your Staffgate email address was changed',
    text: [
        'Hello,',
        '',
        `The Staffgate account that used this address now uses ${newEmail.replace(/^(.)[^@]*/, '$1***')} instead.`,
        '',
        'If this was not you, someone else may have access to your account: tell your administrator, and reset your',
        `password at ${websiteDomain}/auth/reset-password`,
        ''
    ].join('\n')
});

/** Checks the new address and sends the confirmation link to it. */
export const requestEmailChange = async (session: SessionContainer, currentEmail: string, input: string, deps: { send: (message: MailMessage) => Promise<void>; websiteDomain: string }): Promise<EmailChangeRequest> => {

    const invalid = await validateEmail(input);
    if (invalid) {
        return { status: 'FIELD_ERROR', error: invalid };
    }

    const email = input.trim().toLowerCase();
    if (email === currentEmail.toLowerCase()) {
        return { status: 'FIELD_ERROR', error: 'This is already your address.' };
    }

    if ((await SuperTokens.listUsersByAccountInfo(session.getTenantId(), { email })).length > 0) {
        return { status: 'FIELD_ERROR', error: cannotUseMessage };
    }

    const created = await EmailVerification.createEmailVerificationToken(session.getTenantId(), session.getRecipeUserId(), email);
    if (created.status !== 'OK') {
        return { status: 'FIELD_ERROR', error: cannotUseMessage };
    }

    await deps.send(confirmMessage(email, `${deps.websiteDomain}${confirmPath}?token=${encodeURIComponent(created.token)}`));
    return { status: 'OK', email };
};

export type EmailChangeResult = { status: 'OK'; oldEmail: string; email: string } | { status: 'INVALID_LINK' | 'CANNOT_USE' };

/** Uses the link's token and makes the change, for the signed-in user the link was made for. */
export const confirmEmailChange = async (session: SessionContainer, token: string, oldEmail: string): Promise<EmailChangeResult> => {

    const used = await EmailVerification.verifyEmailUsingToken(session.getTenantId(), token, false);
    if (used.status !== 'OK' || used.user.recipeUserId.getAsString() !== session.getRecipeUserId().getAsString()) {
        return { status: 'INVALID_LINK' };
    }

    const email = used.user.email;
    const update = await EmailPassword.updateEmailOrPassword({ recipeUserId: session.getRecipeUserId(), email });
    if (update.status !== 'OK') {
        return { status: 'CANNOT_USE' };
    }

    return { status: 'OK', oldEmail, email };
};
