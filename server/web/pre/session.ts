/*
 * Guards as route `pre` handlers, built on the SDK's verifySession():
 *
 * - apiSession(): verifySession() itself. A missing or invalid session gets the SDK's JSON 401 (try-refresh
 *   included), a failed claim its JSON 403.
 * - pageSession(): the same check for HTML pages, but a browser gets somewhere useful instead of JSON:
 *   no session → 302 /auth?redirectToPath=<this page>; an expired access token → 302 to the refresh step
 *   /auth/refresh?redirectToPath=<this page>, which refreshes in the browser and comes back (or goes to /auth when
 *   the refresh fails, so there is no loop); an unverified email when verification is required →
 *   302 /auth/verify-email; any other failed claim (a role) → the 403 page.
 *
 * A form POST has no page to come back to, so its guard names one (`returnTo`): the refresh step then returns to
 * the page that holds the form rather than issuing a GET to the POST's path.
 */

import * as Boom from '@hapi/boom';
import type { Lifecycle, Request, ResponseObject, ResponseToolkit } from '@hapi/hapi';
import Session, { type SessionContainer, type VerifySessionOptions } from 'supertokens-node/recipe/session';
import { verifySession } from 'supertokens-node/recipe/session/framework/hapi';
import type { SessionRequest } from 'supertokens-node/framework/hapi';


export const apiSession = (options?: VerifySessionOptions): Lifecycle.Method => verifySession(options) as unknown as Lifecycle.Method;

/** The path and query of this request, as a same-origin redirect target. */
export const currentPath = (request: Request): string => `${request.url.pathname}${request.url.search}`;

export interface PageSessionOptions {
    /** Where to come back to after signing in or refreshing; default: this request's path and query. */
    readonly returnTo?: string;
}

export const pageSession = (options?: VerifySessionOptions, page: PageSessionOptions = {}): Lifecycle.Method => {

    const verify = verifySession(options);
    return async (request: Request, h: ResponseToolkit) => {

        const outcome = await verify(request as SessionRequest, h);
        if (outcome === h.continue) {
            return h.continue;
        }

        const response = outcome as ResponseObject;
        const target = encodeURIComponent(page.returnTo ?? currentPath(request));
        if (response.statusCode === 401) {
            const tryRefresh = (response.source as { message?: string } | null)?.message === 'try refresh token';
            return h.redirect(tryRefresh ? `/auth/refresh?redirectToPath=${target}` : `/auth?redirectToPath=${target}`).takeover();
        }

        if (response.statusCode === 403 && JSON.stringify(response.source).includes('st-ev')) {
            return h.redirect(`/auth/verify-email?redirectToPath=${target}`).takeover();
        }

        // Any other failed claim (a missing role): the 403 page, not the SDK's JSON.
        if (response.statusCode === 403) {
            throw Boom.forbidden('Session claim not satisfied');
        }

        return response;
    };
};

export interface OptionalSession {
    /** The verified session, or undefined when there is none (or it is no longer valid). */
    readonly session: SessionContainer | undefined;
    /** True when the access token has expired: the refresh step may bring the session back. */
    readonly expired: boolean;
}

/*
 * For pages that signed-out visitors see too (/auth, /auth/verify-email): the session if there is a valid one, never
 * a redirect or an error for a bad one. Claims are not checked (an unverified user must reach the verify-email page).
 */
export const optionalSession = async (request: Request, h: ResponseToolkit, options: VerifySessionOptions = {}): Promise<OptionalSession> => {

    try {
        const session = await Session.getSession(request, h, { ...options, sessionRequired: false, overrideGlobalClaimValidators: () => [] });
        return { session, expired: false };
    }
    catch (err) {
        if (!Session.Error.isErrorFromSuperTokens(err)) {
            throw err;
        }

        return { session: undefined, expired: err.type === Session.Error.TRY_REFRESH_TOKEN };
    }
};

/*
 * Only same-origin relative paths ("/x", not "//host" or "https://…") may be redirect targets. Browsers drop tabs
 * and newlines from URLs and read "\\" as "/", so "/\t/evil.com" and "/\\evil.com" are "//evil.com": any control
 * character is refused, and so is a backslash or slash right after the first slash.
 */
export const safeRedirectPath = (value: unknown, fallback = '/dashboard'): string => {

    if (typeof value !== 'string' || value.length > 2048 || !/^\/(?![/\\])/.test(value) || /[\u0000-\u001f\u007f]/.test(value)) {
        return fallback;
    }

    return asciiOnly(value);
};

/*
 * A Location header may carry only ASCII (Node refuses other characters with a 500): a path read from a decoded
 * query gets anything else, and spaces, percent-encoded as UTF-8 (a lone surrogate becomes U+FFFD).
 */
const asciiOnly = (path: string): string => path.replace(/[^\x21-\x7e]+/g, (run) => [...Buffer.from(run)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
