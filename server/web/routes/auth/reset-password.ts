import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';

import { passwordOffMessage } from '../../auth/sign-in-methods';
import { tenantId, token, type AuthPageQuery } from './validation';


// GET /auth/reset-password: asks for the email, or (with the link's token) for the new password; without the
// password method (SIGN_IN_METHODS), says that there are no passwords here.
export const resetPassword = (password: boolean): ServerRoute<{ Query: AuthPageQuery }> => ({
    method: 'GET',
    path: '/auth/reset-password',
    options: {
        app: { page: true },
        validate: {
            query: Joi.object({ token, tenantId }).unknown(true)
        },
        handler: (request, h) => {

            if (!password) {
                return h.view('auth/reset-password', { title: 'Reset your password', passwordOff: passwordOffMessage });
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
