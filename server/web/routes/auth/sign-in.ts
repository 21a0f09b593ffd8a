import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';

import type { SocialProvider } from '../../pages/providers';
import { optionalSession, safeRedirectPath } from '../../pre/session';
import { redirectToPath, type AuthPageQuery } from './validation';


// GET /auth: the sign-in and sign-up page.
export const signIn = (providers: readonly SocialProvider[], emailLink: boolean): ServerRoute<{ Query: AuthPageQuery }> => ({
    method: 'GET',
    path: '/auth',
    options: {
        app: { page: true },
        validate: {
            query: Joi.object({ redirectToPath, show: Joi.string().valid('sign-in', 'sign-up') }).unknown(true)
        },
        handler: async (request, h) => {

            const target = safeRedirectPath(request.query.redirectToPath);

            // A live session (checked against the core, so a revoked one does not count) goes where it was heading.
            const { session } = await optionalSession(request, h, { checkDatabase: true });
            if (session) {
                return h.redirect(target);
            }

            return h.view('auth/sign-in', {
                title: 'Sign in',
                script: 'sign-in',
                redirectToPath: target,
                signUp: request.query.show === 'sign-up',
                providers,
                emailLink,
                scripts: emailLink ? ['sign-in-link-request'] : []
            });
        }
    }
});
