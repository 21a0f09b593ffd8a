/*
 * The auth pages: sign in / sign up, the social sign-in callback, password reset, email verification and the
 * refresh step. They are rendered here and driven in the browser by their page scripts (public/js/), which talk
 * to the SDK's API (/auth/* POSTs and GETs, answered by the SDK plugin's catch-all route) through
 * supertokens-web-js. Paths here are more specific than that catch-all, so hapi routes them to these handlers.
 *
 * Redirect targets come only through safeRedirectPath (same-origin paths). The refresh step never sends anyone
 * back to itself, and /auth never sends anyone to the refresh step, so no chain of pages can loop.
 */

import type { Server } from '@hapi/hapi';

import type { WebSettings } from '../../../config';
import type { CoreExtensions } from '../../core-extensions';
import { socialProviders } from '../../pages/providers';
import { callback } from './callback';
import { refresh } from './refresh';
import { resetPassword } from './reset-password';
import { signIn } from './sign-in';
import { passwordlessApisWhenOff, signInLinkPage } from './sign-in-link';
import { verifyEmail } from './verify-email';


/** One server.route() call each: each route has its own request types (ServerRoute<Refs> is invariant in them). */
export const registerAuthRoutes = (server: Server, web: WebSettings, extensions: CoreExtensions): void => {

    const providers = socialProviders(web);
    const password = web.signInMethods.includes('password');
    const emailLink = web.signInMethods.includes('link');
    // Under `invite`, the form serves ADMIN_EMAILS (how the first admin gets in); invitees have their own page.
    server.route(signIn({ providers, password, canSignUp: password && (web.signUp !== 'invite' || web.adminEmails.length > 0), emailLink }));
    server.route(callback(providers));
    server.route(resetPassword(password, extensions));
    server.route(verifyEmail);
    server.route(refresh);
    server.route(signInLinkPage(emailLink));
    server.route(passwordlessApisWhenOff(emailLink));
};
