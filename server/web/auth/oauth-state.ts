/*
 * OAuth `state` bound to the browser on the server side, on top of the frontend SDK's own check.
 *
 * The SDK's GET /auth/authorisationurl does not receive or return a state: supertokens-web-js makes one after the
 * call, keeps it in sessionStorage, adds it to the provider URL, and compares it when the provider comes back.
 * Here the server makes the state instead:
 *
 * - authorisationUrlGET mints a random state in web-js's own format (base64 of {"state": …, "frontendRedirectURI":
 *   …}, which the SDK's Apple form_post handler also reads), puts it in `urlWithQueryParams` (and in `state` of the
 *   answer), and sets a short-lived HttpOnly, SameSite=Lax cookie holding its SHA-256.
 * - signInUpPOST refuses, with a GENERAL_ERROR and before any call to the provider, a callback whose
 *   `redirectURIInfo.redirectURIQueryParams.state` does not hash to the cookie (or that comes with `oAuthTokens`
 *   instead of a code, which skips the state altogether); the cookie is cleared whatever the outcome, so a state
 *   is good for one callback.
 * - A provider that refuses the code (reused, forged, wrong redirect URI) or sends an ID token that does not verify
 *   is answered with a GENERAL_ERROR too, not a 500.
 *
 * The page script must send the server's state to the provider instead of a fresh one: with supertokens-web-js,
 * override `generateStateToSendToOAuthProvider` to return the `state` query parameter of the URL that
 * `getAuthorisationURLFromBackend` returned (both get the same userContext). See docs/security.md.
 */

import * as Crypto from 'crypto';

import type { Request } from '@hapi/hapi';
import type { APIInterface, APIOptions, TypeProvider } from 'supertokens-node/recipe/thirdparty/types';

import { extend } from './override';


export const stateCookieName = 'sgOAuthState';

/** As long as web-js keeps its own copy of the state (10 minutes). */
export const stateLifetimeSeconds = 600;

export const stateMismatchMessage = 'This sign-in did not start in this browser, or took too long. Please start again from the sign-in page.';
export const providerFailureMessage = 'The sign-in provider did not confirm who you are. Please start again from the sign-in page.';

export interface OAuthStateOptions {
    readonly websiteDomain: string;
    /** The cookie's `Secure` flag. */
    readonly secure: boolean;
    /** The API's base path, the cookie's `Path`. */
    readonly apiBasePath: string;
}

export const hashState = (state: string): string => Crypto.createHash('sha256').update(state).digest('base64url');

/** A state in supertokens-web-js's format, with where the Apple form_post handler sends the browser. */
export const mintState = (frontendRedirectURI: string): string => {

    const state = { state: Crypto.randomBytes(24).toString('hex'), frontendRedirectURI };
    return Buffer.from(JSON.stringify(state)).toString('base64');
};

const matches = (state: unknown, cookie: string | undefined): boolean => {

    if (typeof state !== 'string' || cookie === undefined) {
        return false;
    }

    const expected = Buffer.from(hashState(state));
    const actual = Buffer.from(cookie);
    return expected.length === actual.length && Crypto.timingSafeEqual(expected, actual);
};


class ProviderError extends Error { }

type OAuth2Provider = Extract<TypeProvider, { type: 'oauth2' }>;

/*
 * The provider's network calls and token checks, with their failures marked as the provider's. Our providers are
 * all OAuth 2 ones; the SDK calls exchangeAuthCodeForOAuthTokens only for those.
 */
const guardedProvider = (provider: TypeProvider): TypeProvider => {

    const guard = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => {

        return async (...args: A): Promise<R> => {

            try {
                return await fn(...args);
            }
            catch (err) {
                throw new ProviderError((err as Error).message);
            }
        };
    };

    const oauth2 = provider as OAuth2Provider;
    return { ...oauth2, exchangeAuthCodeForOAuthTokens: guard(oauth2.exchangeAuthCodeForOAuthTokens), getUserInfo: guard(oauth2.getUserInfo) };
};

/** The part of the callback that comes from the provider's redirect; `redirectURIInfo` is undefined with `oAuthTokens`. */
interface CallbackInput {
    readonly redirectURIInfo?: { readonly redirectURIQueryParams?: Record<string, unknown> };
}


export const withOAuthState = (original: APIInterface, settings: OAuthStateOptions): APIInterface => {

    const setStateCookie = (options: APIOptions, value: string, expires: number) => {

        options.res.setCookie(stateCookieName, value, undefined, settings.secure, true, expires, settings.apiBasePath, 'lax');
    };

    return extend(original, {
        authorisationUrlGET: async (input) => {

            // The SDK's implementation always answers OK (or throws).
            const result = await original.authorisationUrlGET!(input) as { status: 'OK'; urlWithQueryParams: string; pkceCodeVerifier?: string };
            const state = mintState(`${settings.websiteDomain}/auth/callback/${input.provider.id}`);
            const url = new URL(result.urlWithQueryParams);
            url.searchParams.set('state', state);
            setStateCookie(input.options, hashState(state), Date.now() + stateLifetimeSeconds * 1000);
            return { ...result, urlWithQueryParams: url.toString(), state };
        },
        signInUpPOST: async (input) => {

            const { options } = input;
            const cookie = options.req.getCookieValue(stateCookieName);
            if (cookie !== undefined) {
                setStateCookie(options, '', 0);                                         // one callback per state
            }

            const state = (input as CallbackInput).redirectURIInfo?.redirectURIQueryParams?.state;
            if (!matches(state, cookie)) {
                log(options, `refused a ${input.provider.id} callback: state ${cookie ? 'does not match' : 'without cookie'}`);
                return { status: 'GENERAL_ERROR', message: stateMismatchMessage };
            }

            try {
                return await original.signInUpPOST!({ ...input, provider: guardedProvider(input.provider) });
            }
            catch (err) {
                if (!(err instanceof ProviderError)) {
                    throw err;                                                          // ours or the core's: a real 500
                }

                log(options, `${input.provider.id} refused the sign-in: ${err.message}`);
                return { status: 'GENERAL_ERROR', message: providerFailureMessage };
            }
        }
    });
};

const log = (options: APIOptions, message: string) => (options.req.original as Request).log(['warn', 'oauth'], message);
