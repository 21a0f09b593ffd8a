/*
 * Guards as route `pre` handlers, built on the SDK's verifySession():
 *
 * - apiSession(): verifySession() itself. A missing or invalid session gets the SDK's JSON 401 (try-refresh
 *   included), a failed claim its JSON 403.
 * - pageSession(): the same check for HTML pages, but a browser gets somewhere useful instead of JSON:
 *   no session → 302 /auth?redirectToPath=<this page>; an expired access token → 302 to the refresh step
 *   /auth/refresh?redirectToPath=<this page>, which refreshes in the browser and comes back (or goes to /auth when
 *   the refresh fails, so there is no loop); an unverified email when verification is required →
 *   302 /auth/verify-email.
 */

import type { Lifecycle, Request, ResponseObject, ResponseToolkit } from '@hapi/hapi';
import type { VerifySessionOptions } from 'supertokens-node/recipe/session';
import { verifySession } from 'supertokens-node/recipe/session/framework/hapi';
import type { SessionRequest } from 'supertokens-node/framework/hapi';


export const apiSession = (options?: VerifySessionOptions): Lifecycle.Method => verifySession(options) as unknown as Lifecycle.Method;

/** The path and query of this request, as a same-origin redirect target. */
export const currentPath = (request: Request): string => `${request.url.pathname}${request.url.search}`;

export const pageSession = (options?: VerifySessionOptions): Lifecycle.Method => {

    const verify = verifySession(options);
    return async (request: Request, h: ResponseToolkit) => {

        const outcome = await verify(request as SessionRequest, h);
        if (outcome === h.continue) {
            return h.continue;
        }

        const response = outcome as ResponseObject;
        const target = encodeURIComponent(currentPath(request));
        if (response.statusCode === 401) {
            const tryRefresh = (response.source as { message?: string } | null)?.message === 'try refresh token';
            return h.redirect(tryRefresh ? `/auth/refresh?redirectToPath=${target}` : `/auth?redirectToPath=${target}`).takeover();
        }

        if (response.statusCode === 403 && JSON.stringify(response.source).includes('st-ev')) {
            return h.redirect(`/auth/verify-email?redirectToPath=${target}`).takeover();
        }

        return response;
    };
};

/** Only same-origin relative paths ("/x", not "//host" or "https://…") may be redirect targets. */
export const safeRedirectPath = (value: unknown, fallback = '/dashboard'): string => {

    if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || /[\r\n]/.test(value)) {
        return fallback;
    }

    return value;
};
