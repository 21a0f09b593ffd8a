/*
 * Post-redirect-get messages for the dashboard: a short-lived cookie (path /dashboard) that holds a code and a
 * count, never text, so a forged cookie can only pick one of our own messages. Read once, then cleared.
 */

import type { Request, ResponseObject, ResponseToolkit, Server } from '@hapi/hapi';
import Joi from 'joi';


export interface Flash {
    readonly type: 'success' | 'error';
    readonly message: string;
}

export type FlashCode = 'sessions-revoked';

const cookie = 'flash';

const schema = Joi.object({
    code: Joi.string().valid('sessions-revoked').required(),
    count: Joi.number().integer().min(0).max(10_000).required()
});

/** "Signed out 2 other sessions." */
export const describeRevoked = (count: number): string => {

    if (count === 0) {
        return 'There were no other sessions to sign out.';
    }

    return `Signed out ${count} other session${count === 1 ? '' : 's'}.`;
};

export const registerFlash = (server: Server, secure: boolean): void => {

    server.state(cookie, {
        path: '/dashboard',
        ttl: null,                              // A session cookie: gone when the browser closes
        isSecure: secure,
        isHttpOnly: true,
        isSameSite: 'Lax',
        encoding: 'base64json',
        ignoreErrors: true,                     // A mangled cookie is dropped, not a 400
        clearInvalid: true
    });
};

export const setFlash = (response: ResponseObject, code: FlashCode, count: number): ResponseObject => response.state(cookie, { code, count });

/** The message waiting for this request, if any; clears the cookie. */
export const takeFlash = (request: Request, h: ResponseToolkit): Flash | undefined => {

    const value = request.state[cookie];
    if (value === undefined) {
        return undefined;
    }

    h.unstate(cookie);
    const { error, value: flash } = schema.validate(value);
    if (error) {
        return undefined;
    }

    return { type: 'success', message: describeRevoked(flash.count) };
};
