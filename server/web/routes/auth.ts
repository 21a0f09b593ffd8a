/*
 * The auth pages: sign in / sign up, the social sign-in callback, password reset, email verification and the
 * refresh step. They are rendered here and driven in the browser by their page scripts (public/js/), which talk
 * to the SDK's API (/auth/* POSTs and GETs, answered by the SDK plugin's catch-all route) through
 * supertokens-web-js. Paths here are more specific than that catch-all, so hapi routes them to these handlers.
 *
 * Redirect targets come only through safeRedirectPath (same-origin paths). The refresh step never sends anyone
 * back to itself, and /auth never sends anyone to the refresh step, so no chain of pages can loop.
 */

import * as Boom from '@hapi/boom';
import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import EmailVerification from 'supertokens-node/recipe/emailverification';

import type { WebSettings } from '../../config';
import { socialProviders } from '../pages/providers';
import { currentPath, optionalSession, safeRedirectPath } from '../pre/session';


const redirectToPath = Joi.string().allow('').max(2048);
const token = Joi.string().allow('').max(1024);
const tenantId = Joi.string().max(64);

/** Where the refresh step may go: a safe path that is not the refresh step itself. */
export const refreshTarget = (value: unknown): string => {

    const path = safeRedirectPath(value);
    return /^\/auth\/refresh(?:[/?#]|$)/.test(path) ? '/dashboard' : path;
};

export const authRoutes = (web: WebSettings): ServerRoute[] => {

    const providers = socialProviders(web);
    return [
        {
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
                        providers
                    });
                }
            }
        },
        {
            method: 'GET',
            path: '/auth/callback/{thirdPartyId}',
            options: {
                app: { page: true },
                handler: (request, h) => {

                    const provider = providers.find((candidate) => candidate.id === request.params.thirdPartyId);
                    if (!provider) {
                        throw Boom.notFound('Unknown sign-in provider');
                    }

                    return h.view('auth/callback', { title: `Signing in with ${provider.name}`, script: 'callback', provider });
                }
            }
        },
        {
            method: 'GET',
            path: '/auth/reset-password',
            options: {
                app: { page: true },
                validate: {
                    query: Joi.object({ token, tenantId }).unknown(true)
                },
                handler: (request, h) => {

                    const hasToken = Boolean(request.query.token);
                    return h.view('auth/reset-password', {
                        title: hasToken ? 'Choose a new password' : 'Reset your password',
                        script: 'reset-password',
                        hasToken
                    });
                }
            }
        },
        {
            method: 'GET',
            path: '/auth/verify-email',
            options: {
                app: { page: true },
                validate: {
                    query: Joi.object({ token, tenantId, redirectToPath }).unknown(true)
                },
                handler: async (request, h) => {

                    const continuePath = safeRedirectPath(request.query.redirectToPath);
                    const context = { title: 'Verify your email', script: 'verify-email', continuePath };
                    if (request.query.token) {
                        return h.view('auth/verify-email', { ...context, hasToken: true });
                    }

                    const { session, expired } = await optionalSession(request, h);
                    if (expired) {
                        return h.redirect(`/auth/refresh?redirectToPath=${encodeURIComponent(currentPath(request))}`);
                    }

                    if (!session) {
                        return h.view('auth/verify-email', { ...context, signInPath: `/auth?redirectToPath=${encodeURIComponent(currentPath(request))}` });
                    }

                    // Verified through a link opened elsewhere: bring this session's claim up to date, so that a page
                    // that requires verification lets it through now rather than at the SDK's next re-check.
                    const verified = await EmailVerification.isEmailVerified(session.getRecipeUserId());
                    if (verified && session.getAccessTokenPayload()['st-ev']?.v !== true) {
                        await session.fetchAndSetClaim(EmailVerification.EmailVerificationClaim);
                    }

                    return h.view('auth/verify-email', { ...context, signedIn: true, verified, unverified: !verified });
                }
            }
        },
        {
            method: 'GET',
            path: '/auth/refresh',
            options: {
                app: { page: true },
                validate: {
                    query: Joi.object({ redirectToPath }).unknown(true)
                },
                handler: (request, h) => {

                    const target = refreshTarget(request.query.redirectToPath);
                    return h.view('auth/refresh', {
                        title: 'Signing you in',
                        script: 'refresh',
                        redirectToPath: target,
                        signInPath: `/auth?redirectToPath=${encodeURIComponent(target)}`
                    });
                }
            }
        }
    ];
};
