/*
 * Apple's form_post callback (POST /auth/callback/apple). Apple's page posts the code and state cross-site, so the
 * route skips our rid/Origin checks (plugins/sdk-api-guards.ts); the SDK's handler then redirects the browser to
 * the `frontendRedirectURI` written in the state, which anyone can craft: an open redirect. And a state that is not
 * base64 JSON throws inside the SDK: a 500.
 *
 * Here the browser always goes to our own callback page, with Apple's fields as query parameters (the page script
 * hands them to POST /auth/signinup, which checks the state against its cookie, see oauth-state.ts). A state that
 * is not one the frontend SDK could have made is refused with 400 before any redirect.
 */

import * as Boom from '@hapi/boom';
import type { APIInterface } from 'supertokens-node/recipe/thirdparty/types';

import { extend } from './override';


/** True when `state` is base64 of a JSON object, the format supertokens-web-js (and oauth-state.ts) makes. */
export const isWellFormedState = (state: unknown): boolean => {

    if (typeof state !== 'string' || state.length === 0 || state.length > 4096 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(state)) {
        return false;
    }

    try {
        const parsed: unknown = JSON.parse(Buffer.from(state, 'base64').toString('utf8'));
        return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
    }
    catch {
        return false;
    }
};

/** `callbackPage`: the absolute URL of our Apple callback page. */
export const withAppleCallbackPinned = (original: APIInterface, callbackPage: string): APIInterface => {

    return extend(original, {
        appleRedirectHandlerPOST: async ({ formPostInfoFromProvider, options }) => {

            if (!isWellFormedState(formPostInfoFromProvider.state)) {
                throw Boom.badRequest('The sign-in provider sent an invalid state. Please start again from the sign-in page.');
            }

            const target = new URL(callbackPage);
            for (const [key, value] of Object.entries(formPostInfoFromProvider)) {
                if (typeof value === 'string') {
                    target.searchParams.set(key, value);
                }
            }

            options.res.setHeader('Location', target.toString(), false);
            options.res.setStatusCode(303);
            options.res.sendHTMLResponse('');
        }
    });
};
