/*
 * Carrying a form POST through the refresh step, so that nothing typed is lost to an expired access token.
 *
 * Two layers:
 *
 * 1. In the browser (public/js/fresh-forms.js): before one of our forms is sent, a page script reads the access
 *    token's expiry from the front token and refreshes the session first when it has expired (or is about to).
 *    That is the common case: a tab left open past the token's life.
 * 2. Here, for what slips past it (a clock off on the device, a token that expires on the way): the page guard
 *    (pre/session.ts) that finds an expired token on a form POST answers with the refresh page holding the form's
 *    fields in a hidden form (`replayPage`). Its script refreshes the session, then posts the form again, once.
 *
 * Applied once, not twice:
 * - the first POST was refused by the guard before its handler ran, so the replay is the only one applied;
 * - the refresh page replaces its own history entry with a GET of the refresh step (public/js/refresh.js), so Back
 *   or a reload there never posts the original form again;
 * - the replay carries a one-time nonce (`staffgateReplay`) that must match one in an HttpOnly, SameSite=Strict
 *   cookie; the nonce is taken out of the cookie when it is used, so reloading the replay's answer (the browser's
 *   "send the form again?") gets the 409 page "already sent" instead of a second ban or password change.
 *
 * Only our own forms: POSTs that the CSRF layer checks (not the SDK's API), whose payload is a plain object. The
 * fields come from the raw payload (before validation converted it), without the crumb, which crumb has removed;
 * the replay form carries the crumb from the cookie again. A password typed into the form goes back into the
 * refresh page's hidden form: the page is the answer to the user's own POST, sent with `no-store`.
 *
 * Without JavaScript there is no replay, nor any refresh at all: the refresh token can only be used by the SDK's
 * script (the refresh call needs its custom header), and signing in needs it too.
 */

import * as Crypto from 'crypto';

import * as Boom from '@hapi/boom';
import type { Plugin, Request, ResponseObject, ResponseToolkit } from '@hapi/hapi';

import { websiteBasePath } from '../auth/paths';
import { ownCookieParsing } from '../plugins/cookies';
import { skipsCsrf } from '../plugins/csrf';


/** The hidden field that marks a replayed POST, with its nonce. */
export const replayField = 'staffgateReplay';

/** The cookie with the nonces of replays not yet sent ('.'-separated, newest last). */
export const replayCookie = 'sgReplay';

/** Replays pending at once (one per tab that met an expired token): older nonces are dropped. */
const maxPending = 5;

const nonceFormat = /^[A-Za-z0-9_-]{22}$/;

export interface FormField {
    readonly name: string;
    readonly value: string;
}

declare module '@hapi/hapi' {
    interface RequestApplicationState {
        /** The fields of one of our form POSTs as sent (before validation), without the crumb. */
        formFields?: FormField[];
        /** This POST is a replay through the refresh step (its nonce matched). */
        replayed?: boolean;
    }
}

const pendingNonces = (request: Pick<Request, 'state'>): string[] => {

    const value: unknown = request.state[replayCookie];
    return typeof value === 'string' ? value.split('.').filter((nonce) => nonceFormat.test(nonce)) : [];
};

/** The payload's text fields (and lists of them), in order; anything else cannot have come from a form. */
const fieldsOf = (payload: Record<string, unknown>): FormField[] => {

    return Object.entries(payload).flatMap(([name, value]) => {

        const values = Array.isArray(value) ? value : [value];
        return values.filter((item): item is string => typeof item === 'string').map((item) => ({ name, value: item }));
    });
};

const isPlainObject = (value: unknown): value is Record<string, unknown> => {

    return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
};

export const formReplay: Plugin<{ secure: boolean }> = {
    name: 'staffgate/form-replay',
    dependencies: ['@hapi/crumb', 'staffgate/csrf'],
    register: (server, options) => {

        server.state(replayCookie, { ...ownCookieParsing, path: '/', ttl: 10 * 60 * 1000, isSecure: options.secure, isHttpOnly: true, isSameSite: 'Strict', encoding: 'none' });

        // After crumb (it removes its field) and the Origin checks; before validation, which may convert the payload.
        server.ext('onPostAuth', (request, h) => {

            if (request.method !== 'post' || skipsCsrf(request) || !isPlainObject(request.payload)) {
                return h.continue;
            }

            const payload = request.payload;
            if (Object.hasOwn(payload, replayField)) {
                const nonce = payload[replayField];
                delete payload[replayField];
                const pending = pendingNonces(request);
                if (typeof nonce !== 'string' || !pending.includes(nonce)) {
                    request.log(['form-replay'], 'refused a replayed form whose nonce was already used');
                    throw Boom.conflict('This form was already sent');
                }

                const left = pending.filter((other) => other !== nonce);
                if (left.length) {
                    h.state(replayCookie, left.join('.'));
                }
                else {
                    h.unstate(replayCookie);
                }

                request.app.replayed = true;
            }

            request.app.formFields = fieldsOf(payload);
            return h.continue;
        }, { after: ['@hapi/crumb', 'staffgate/csrf'] });
    }
};

/** Whether a POST that met an expired access token can go through the refresh step with its fields. */
export const canReplay = (request: Pick<Request, 'method' | 'app'>): boolean => {

    return request.method === 'post' && request.app.formFields !== undefined && !request.app.replayed;
};

/** The refresh page with the POST's fields in a form that its script sends again once the session is refreshed. */
export const replayPage = (request: Request<any>, h: ResponseToolkit<any>, returnTo: string): ResponseObject => {

    const nonce = Crypto.randomBytes(16).toString('base64url');
    h.state(replayCookie, [...pendingNonces(request), nonce].slice(-maxPending).join('.'));
    const target = encodeURIComponent(returnTo);
    return h.view('auth/refresh', {
        title: 'Signing you in',
        script: 'refresh',
        redirectToPath: returnTo,
        signInPath: `${websiteBasePath}?redirectToPath=${target}`,
        replay: {
            action: `${request.url.pathname}${request.url.search}`,
            fields: request.app.formFields,
            crumb: request.state.crumb,
            field: replayField,
            nonce,
            // What the browser's history shows for this page instead of the POST: Back and reload are then a GET.
            historyPath: `${websiteBasePath}/refresh?redirectToPath=${target}`
        }
    });
};
