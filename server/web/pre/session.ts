/*
 * Guards as route `pre` handlers, built on the SDK's session checks:
 *
 * - apiSession(): the SDK's verifySession() itself. A missing or invalid session gets the SDK's JSON 401
 *   (try-refresh included), a failed claim its JSON 403.
 * - pageSession(): the same check (Session.getSession) for HTML pages, decided on the SDK's typed error
 *   (Session.Error type, and the ids of the failed claims), and a browser gets somewhere useful instead of JSON:
 *   no session → 302 /auth?redirectToPath=<this page>; an expired access token → 302 to the refresh step
 *   /auth/refresh?redirectToPath=<this page>, which refreshes in the browser and comes back (or goes to /auth when
 *   the refresh fails, so there is no loop); an unverified email when verification is required →
 *   302 /auth/verify-email; a second factor still owed (the MFA claim) → 302 /auth/mfa for a page, 403 otherwise;
 *   any other failed claim (a role) → the 403 page.
 *
 * A form POST has no page to come back to, so its guard names one (`returnTo`): the refresh step then returns to
 * the page that holds the form rather than issuing a GET to the POST's path. A POST of one of our forms that meets
 * an expired token gets the refresh page with its fields, sent again once refreshed (form-replay.ts).
 */

import * as Boom from '@hapi/boom';
import * as Bounce from '@hapi/bounce';
import type { Lifecycle, ReqRef, ReqRefDefaults, Request, ResponseToolkit } from '@hapi/hapi';
import { errorHandler } from 'supertokens-node/framework/custom';
import { wrapRequest, wrapResponse } from 'supertokens-node/framework/hapi';
import { EmailVerificationClaim } from 'supertokens-node/recipe/emailverification';
import { MultiFactorAuthClaim } from 'supertokens-node/recipe/multifactorauth';
import Session, { type SessionContainer, type VerifySessionOptions } from 'supertokens-node/recipe/session';
import type { ClaimValidationError } from 'supertokens-node/lib/build/recipe/session/types';
import { verifySession } from 'supertokens-node/recipe/session/framework/hapi';

import { websiteBasePath } from '../auth/paths';
import { signedOutReason } from '../auth/signed-out';
import { lacksAccess } from '../plugins/errors';
import { canReplay, replayPage } from './form-replay';
import { secondFactorDetour } from './second-factor';


declare module '@hapi/hapi' {
    interface Request {
        /** The verified session, set by the session guards (the SDK's verifySession, or pageSession). */
        session?: SessionContainer;
    }
}

/** The SDK's verifySession: its JSON 401 (try-refresh included) or 403 for a failed claim. */
export const apiSession = (options?: VerifySessionOptions): Lifecycle.Method => {

    const verify = verifySession(options);
    return (request, h) => verify(request, h);
};

/** The session a guard put on the request. */
export const sessionOf = (request: Pick<Request, 'session'>): SessionContainer => {

    if (!request.session) {
        throw Boom.badImplementation('Route has no session guard');
    }

    return request.session;
};

/** The path and query of this request, as a same-origin redirect target. */
export const currentPath = (request: Pick<Request, 'url'>): string => `${request.url.pathname}${request.url.search}`;

export interface PageSessionOptions {
    /** Where to come back to after signing in or refreshing; default: this request's path and query. */
    readonly returnTo?: string;
}

/** Runs the SDK's own handling of a session error (it clears the tokens of a session that is gone), whose answer is then not sent. */
const handleSdkError = errorHandler();

export const pageSession = <Refs extends ReqRef = ReqRefDefaults>(options?: VerifySessionOptions, page: PageSessionOptions = {}) => {

    return async (request: Request<Refs>, h: ResponseToolkit<Refs>): Promise<Lifecycle.ReturnValue<Refs>> => {

        try {
            request.session = await Session.getSession(request, h, options);
            return h.continue;
        }
        catch (err) {
            Bounce.rethrow(err, 'system');
            if (!Session.Error.isErrorFromSuperTokens(err)) {
                throw err;
            }

            // The cookies it clears are sent with the redirect (the SDK plugin adds them to any response). An error
            // it does not handle is passed to the callback: it is thrown below.
            await handleSdkError(err, wrapRequest(request), wrapResponse(h), () => undefined);

            const target = encodeURIComponent(page.returnTo ?? currentPath(request));
            switch (err.type) {
                case Session.Error.TRY_REFRESH_TOKEN:
                    // One of our forms: its fields go through the refresh step and are sent again (form-replay.ts).
                    if (canReplay(request)) {
                        return replayPage(request, h, page.returnTo ?? currentPath(request)).takeover();
                    }

                    return h.redirect(`${websiteBasePath}/refresh?redirectToPath=${target}`).takeover();
                case Session.Error.UNAUTHORISED: {
                    // A device whose session was ended elsewhere is told so, and why (auth/signed-out.ts).
                    const reason = await signedOutReason(request);
                    return h.redirect(`${websiteBasePath}?redirectToPath=${target}${reason ? `&signedOut=${reason}` : ''}`).takeover();
                }

                case Session.Error.INVALID_CLAIMS:
                    if ((err.payload as ClaimValidationError[]).some((failure) => failure.id === EmailVerificationClaim.key)) {
                        return h.redirect(`${websiteBasePath}/verify-email?redirectToPath=${target}`).takeover();
                    }

                    if ((err.payload as ClaimValidationError[]).some((failure) => failure.id === MultiFactorAuthClaim.key)) {
                        // The session itself is valid: read it without the claims, to know whether they have a device.
                        const session = await Session.getSession(request, h, { ...options, sessionRequired: true, overrideGlobalClaimValidators: () => [] });
                        return await secondFactorDetour(request, h, session.getUserId(), page.returnTo ?? currentPath(request));
                    }

                    // Any other failed claim (a missing role): the 403 page, not the SDK's JSON.
                    throw lacksAccess('Session claim not satisfied');
                default:
                    throw err;
            }
        }
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
export const optionalSession = async <Refs extends ReqRef>(request: Request<Refs>, h: ResponseToolkit<Refs>, options: VerifySessionOptions = {}): Promise<OptionalSession> => {

    try {
        const session = await Session.getSession(request, h, { ...options, sessionRequired: false, overrideGlobalClaimValidators: () => [] });
        return { session, expired: false };
    }
    catch (err) {
        Bounce.rethrow(err, 'system');
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
