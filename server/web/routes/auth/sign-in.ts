import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';

import { signedOutMessage } from '../../auth/signed-out';
import { passwordOffMessage } from '../../auth/sign-in-methods';
import type { SocialProvider } from '../../pages/providers';
import { optionalSession, safeRedirectPath } from '../../pre/session';
import { redirectToPath, type AuthPageQuery } from './validation';


// GET /auth: the sign-in and sign-up page.
export interface SignInPageOptions {
    readonly providers: readonly SocialProvider[];
    /** SIGN_IN_METHODS lists `password`. */
    readonly password: boolean;
    /** Someone could create an account with the form (password on, and a policy that lets someone in). */
    readonly canSignUp: boolean;
    /** SIGN_IN_METHODS lists `link`: "Email me a sign-in link". */
    readonly emailLink: boolean;
}

export const signIn = ({ providers, password, canSignUp, emailLink }: SignInPageOptions): ServerRoute<{ Query: AuthPageQuery & { signedOut?: string } }> => ({
    method: 'GET',
    path: '/auth',
    options: {
        app: { page: true },
        validate: {
            query: Joi.object({ redirectToPath, show: Joi.string().valid('sign-in', 'sign-up'), signedOut: Joi.string().max(32) }).unknown(true)
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
                signedOut: signedOutMessage(request.query.signedOut),
                signUp: canSignUp && request.query.show === 'sign-up',
                providers,
                password,
                passwordOff: passwordOffMessage,
                canSignUp,
                emailLink,
                scripts: emailLink ? ['sign-in-link-request'] : []
            });
        }
    }
});
