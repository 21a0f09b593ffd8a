import * as Boom from '@hapi/boom';
import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import EmailPassword from 'supertokens-node/recipe/emailpassword';

import { revokeOtherSessions } from '../../../pages/account';
import { describeRevoked } from '../../../pages/flash';
import { deferFormErrors, hasErrors, type FieldErrors } from '../../../pages/forms';
import type { SocialProvider } from '../../../pages/providers';
import { accountPre, type AccountPres } from '../../../pre/account';
import { pageSession, sessionOf } from '../../../pre/session';
import { passwordView } from './view';


const password = Joi.string().allow('').max(1024).default('');

const passwordPayload = Joi.object({
    currentPassword: password,
    newPassword: password,
    confirmPassword: password
});

type PasswordPayload = {
    readonly currentPassword: string;
    readonly newPassword: string;
    readonly confirmPassword: string;
};

// POST /dashboard/password: changes the password, then signs out the user's other sessions.
export const changePassword = (providers: readonly SocialProvider[]): ServerRoute<AccountPres & { Payload: PasswordPayload }> => ({
    method: 'POST',
    path: '/dashboard/password',
    options: {
        pre: [{ method: pageSession({ checkDatabase: true }, { returnTo: '/dashboard/password' }) }, accountPre(providers, '/dashboard/password')],
        validate: { payload: passwordPayload, failAction: deferFormErrors },
        handler: async (request, h) => {

            const session = sessionOf(request);
            const account = request.pre.account;

            const email = account.passwordEmail;
            if (email === undefined) {
                return passwordView(h, account).code(400);
            }

            if (request.app.formErrors) {
                return passwordView(h, account, { errors: request.app.formErrors }).code(400);
            }

            const input = request.payload;
            const errors: FieldErrors = {};
            if (!input.currentPassword) {
                errors.currentPassword = 'Enter your current password';
            }

            if (input.newPassword !== input.confirmPassword) {
                errors.confirmPassword = 'The two new passwords are not the same';
            }

            if (hasErrors(errors)) {
                return passwordView(h, account, { errors }).code(400);
            }

            const check = await EmailPassword.verifyCredentials(session.getTenantId(), email, input.currentPassword);
            if (check.status !== 'OK') {
                return passwordView(h, account, { errors: { currentPassword: 'That is not your current password' } }).code(400);
            }

            // The SDK applies the password policy (the sign-up validator) and answers with its message.
            const update = await EmailPassword.updateEmailOrPassword({
                recipeUserId: session.getRecipeUserId(),
                password: input.newPassword,
                tenantIdForPasswordPolicy: session.getTenantId()
            });

            if (update.status === 'PASSWORD_POLICY_VIOLATED_ERROR') {
                return passwordView(h, account, { errors: { newPassword: update.failureReason } }).code(400);
            }

            if (update.status !== 'OK') {
                throw Boom.internal(`Password update failed: ${update.status}`);
            }

            const revoked = await revokeOtherSessions(session);
            return passwordView(h, account, { flash: { type: 'success', message: `Your password has been changed. ${describeRevoked(revoked)}` } });
        }
    }
});
