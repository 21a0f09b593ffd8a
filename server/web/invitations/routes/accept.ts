import Joi from 'joi';
import Session from 'supertokens-node/recipe/session';

import { auditContext } from '../../auth/audit-context';
import { validatePassword } from '../../auth/password-policy';
import { passwordOffMessage } from '../../auth/sign-in-methods';
import { deferFormErrors, type FieldErrors } from '../../pages/forms';
import { acceptWithPassword } from '../accept-with-password';
import { inviteView, problemMessages, type InviteRoute } from '../context';
import { invitePageCookieName, invitePath } from '../messages';
import { inviteToken } from '../validation';


const password = Joi.string().allow('').max(1024).default('');

const payload = Joi.object({ token: inviteToken.required(), password, confirmPassword: password });

type Payload = { token: string; password: string; confirmPassword: string };

// POST /auth/invite {token, password, confirmPassword}: creates the invited account and signs the invitee in.
export const acceptInvitation: InviteRoute<{ Payload: Payload }> = {
    method: 'POST',
    path: invitePath,
    options: {
        app: { page: true },
        validate: { payload, failAction: deferFormErrors },
        handler: async (request, h) => {

            const context = request.route.settings.bind!;
            const token = typeof request.payload?.token === 'string' ? request.payload.token : '';
            if (request.app.formErrors?.token !== undefined || !token) {
                return inviteView(h, context, '', undefined, { problem: 'INVALID_TOKEN_ERROR' }).code(400);
            }

            const check = await context.extensions.checkInvitation(token);
            if (check.status !== 'OK') {
                return inviteView(h, context, token, undefined, { problem: check.status }).code(410);
            }

            const { invitation } = check;
            if (!context.password) {                            // SIGN_IN_METHODS without password: the API refuses too
                return inviteView(h, context, token, invitation, { message: passwordOffMessage }).code(403);
            }

            const errors: FieldErrors = { ...request.app.formErrors };
            if (!request.app.formErrors) {
                const policy = await validatePassword(request.payload.password);
                if (policy) {
                    errors.password = policy;
                }
                else if (request.payload.password !== request.payload.confirmPassword) {
                    errors.confirmPassword = 'The two passwords are not the same';
                }
            }

            if (Object.keys(errors).length > 0) {
                return inviteView(h, context, token, invitation, { errors }).code(400);
            }

            const result = await acceptWithPassword(context.extensions, request, token, invitation, request.payload.password);
            switch (result.status) {
                case 'OK':
                    await Session.createNewSession(request, h, 'public', result.recipeUserId, {}, {}, auditContext(request));
                    return h.redirect('/dashboard').unstate(invitePageCookieName);
                case 'ACCOUNT_EXISTS':
                    return inviteView(h, context, token, undefined, { message: `An account for ${invitation.email} already exists. Sign in with it, or reset its password from the sign-in page.` }).code(409);
                case 'REFUSED':
                    return inviteView(h, context, token, invitation, { message: result.reason ?? 'The account could not be created. Ask your administrator.' }).code(403);
                default:
                    return inviteView(h, context, token, undefined, { problem: result.status, message: problemMessages[result.status] }).code(410);
            }
        }
    }
};
