/*
 * Changing my email address (pages/email-change.ts): the form, the request that sends a link to the new address,
 * and the confirmation page the link opens (a button, then the change). Email-password accounts only: a
 * third-party account's address belongs to its provider.
 */

import type { ResponseToolkit, ServerRoute } from '@hapi/hapi';
import Joi from 'joi';

import type { MailMessage } from '../../../auth/mail';
import type { Account } from '../../../pages/account';
import { confirmEmailChange, confirmPath, emailChangedMessage, requestEmailChange, cannotUseMessage } from '../../../pages/email-change';
import type { Flash } from '../../../pages/flash';
import { setFlash } from '../../../pages/flash';
import type { SocialProvider } from '../../../pages/providers';
import { accountPre, type AccountPres } from '../../../pre/account';
import { pageSession, sessionOf } from '../../../pre/session';


export interface EmailChangeDeps {
    readonly providers: readonly SocialProvider[];
    readonly send: (message: MailMessage) => Promise<void>;
    readonly websiteDomain: string;
}

const emailPage = '/dashboard/email';

const emailView = (h: Pick<ResponseToolkit, 'view'>, account: Account, context: { error?: string; flash?: Flash; token?: string; value?: string } = {}) => {

    return h.view('dashboard/email', {
        title: 'Change email address',
        script: 'local-times',
        signedIn: true,
        email: account.email,
        canChange: account.passwordEmail !== undefined,
        confirmToken: context.token,
        error: context.error,
        value: context.value ?? '',
        flash: context.flash
    });
};

const field = Joi.string().allow('').max(1024).default('');

export const emailRoutes = (deps: EmailChangeDeps): ServerRoute<any>[] => {

    const show: ServerRoute<AccountPres> = {
        method: 'GET',
        path: emailPage,
        options: {
            pre: [{ method: pageSession({ checkDatabase: true }) }, accountPre(deps.providers, emailPage)],
            plugins: { crumb: true },
            handler: (request, h) => emailView(h, request.pre.account)
        }
    };

    const request: ServerRoute<AccountPres & { Payload: { email: string } }> = {
        method: 'POST',
        path: emailPage,
        options: {
            pre: [{ method: pageSession({ checkDatabase: true }, { returnTo: emailPage }) }, accountPre(deps.providers, emailPage)],
            validate: { payload: Joi.object({ email: field }) },
            handler: async (req, h) => {

                const account = req.pre.account;
                if (account.passwordEmail === undefined) {
                    return emailView(h, account).code(400);
                }

                const result = await requestEmailChange(sessionOf(req), account.passwordEmail, req.payload.email, deps);
                if (result.status !== 'OK') {
                    return emailView(h, account, { error: result.error, value: req.payload.email }).code(400);
                }

                return emailView(h, account, { flash: { type: 'success', message: `We sent a link to ${result.email}. Open it while signed in here to confirm: your address changes then.` } });
            }
        }
    };

    const showConfirm: ServerRoute<AccountPres & { Query: { token: string } }> = {
        method: 'GET',
        path: confirmPath,
        options: {
            // Signing in first comes back here, with the token.
            pre: [{ method: pageSession({ checkDatabase: true }) }, accountPre(deps.providers, emailPage)],
            plugins: { crumb: true },
            validate: { query: Joi.object({ token: Joi.string().min(1).max(1024).required() }).unknown(true) },
            handler: (req, h) => emailView(h, req.pre.account, { token: req.query.token })
        }
    };

    const confirm: ServerRoute<AccountPres & { Payload: { token: string } }> = {
        method: 'POST',
        path: confirmPath,
        options: {
            pre: [{ method: pageSession({ checkDatabase: true }, { returnTo: emailPage }) }, accountPre(deps.providers, emailPage)],
            validate: { payload: Joi.object({ token: Joi.string().min(1).max(1024).required() }) },
            handler: async (req, h) => {

                const account = req.pre.account;
                if (account.passwordEmail === undefined) {
                    return emailView(h, account).code(400);
                }

                const result = await confirmEmailChange(sessionOf(req), req.payload.token, account.passwordEmail);
                if (result.status !== 'OK') {
                    const error = result.status === 'INVALID_LINK' ? 'This link has expired, was already used, or was sent for another account. Ask for a new one below.' : cannotUseMessage;
                    return emailView(h, account, { error }).code(400);
                }

                await deps.send(emailChangedMessage(result.oldEmail, result.email, deps.websiteDomain));
                return setFlash(h.redirect('/dashboard'), 'email-changed');
            }
        }
    };

    return [show, request, showConfirm, confirm];
};

/** For tests and links: the confirmation page of a token. */
export const confirmLink = (token: string): string => `${confirmPath}?${new URLSearchParams({ token })}`;
