/*
 * Post-redirect-get messages: a short-lived, HttpOnly cookie scoped to one area (its path) that holds a message
 * code and a count, never text, so a forged cookie can only pick one of our own messages. Read once, then cleared.
 * Each area (dashboard, admin) makes its own with `flashCookie`.
 */

import type { Request, ResponseObject, ResponseToolkit, Server } from '@hapi/hapi';
import Joi from 'joi';


export interface Flash {
    readonly type: 'success' | 'error';
    readonly message: string;
}

export interface FlashCookie<Code extends string> {
    /** Declares the cookie on the server (once, at plugin registration). */
    register(server: Server, secure: boolean): void;
    /** Adds the message to a response. */
    set(response: ResponseObject, code: Code, count?: number): ResponseObject;
    /** Redirects to `path` with a message for the next page. */
    redirect(h: Pick<ResponseToolkit, 'redirect'>, path: string, code: Code, count?: number): ResponseObject;
    /** The message waiting for this request, if any; clears the cookie. */
    take(request: Pick<Request, 'state'>, h: Pick<ResponseToolkit, 'unstate'>): Flash | undefined;
}

export const flashCookie = <Messages extends Record<string, (count: number) => string>>(options: { name: string; path: string; messages: Messages }): FlashCookie<keyof Messages & string> => {

    type Code = keyof Messages & string;
    const { name, path, messages } = options;
    const schema = Joi.object({
        code: Joi.string().valid(...Object.keys(messages)).required(),
        count: Joi.number().integer().min(0).max(1_000_000).default(0)
    });

    const set = (response: ResponseObject, code: Code, count = 0) => response.state(name, { code, count });

    return {
        register: (server, secure) => {

            server.state(name, {
                path,
                ttl: null,                              // A session cookie: gone when the browser closes
                isSecure: secure,
                isHttpOnly: true,
                isSameSite: 'Lax',
                encoding: 'base64json',
                ignoreErrors: true,                     // A mangled cookie is dropped, not a 400
                clearInvalid: true
            });
        },

        set,
        redirect: (h, target, code, count) => set(h.redirect(target), code, count),

        take: (request, h) => {

            const value = request.state[name];
            if (value === undefined) {
                return undefined;
            }

            h.unstate(name);
            const { error, value: flash } = schema.validate(value);
            if (error) {
                return undefined;
            }

            return { type: 'success', message: messages[flash.code as Code]!(flash.count) };
        }
    };
};
