import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';

import { passwordOffMessage } from '../../auth/sign-in-methods';
import type { CoreExtensions } from '../../core-extensions';
import { tenantId, token, type AuthPageQuery } from './validation';


// GET /auth/reset-password: asks for the email, or (with the link's token) for the new password, or says the link no
// longer works and asks for the email again; without the password method (SIGN_IN_METHODS), says that there are no
// passwords here.
export const resetPassword = (password: boolean, extensions: CoreExtensions): ServerRoute<{ Query: AuthPageQuery }> => ({
    method: 'GET',
    path: '/auth/reset-password',
    options: {
        app: { page: true },
        validate: {
            query: Joi.object({ token, tenantId }).unknown(true)
        },
        handler: async (request, h) => {

            if (!password) {
                return h.view('auth/reset-password', { title: 'Reset your password', passwordOff: passwordOffMessage });
            }

            // A used or expired link is refused now, before two passwords are typed (the Staffgate core can check a
            // link without using it up; against an official core the form finds out on submit, as before).
            if (request.query.token && await extensions.available() && !await extensions.resetTokenValid(request.query.token)) {
                return h.view('auth/reset-password', { title: 'Reset your password', script: 'reset-password', linkDead: true });
            }

            const hasToken = Boolean(request.query.token);
            return h.view('auth/reset-password', {
                title: hasToken ? 'Choose a new password' : 'Reset your password',
                script: 'reset-password',
                hasToken
            });
        }
    }
});
