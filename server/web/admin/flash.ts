/*
 * Post-redirect-get messages for the admin area, as pages/flash.ts does for the dashboard: a short-lived cookie
 * (path /admin) that holds a code and a count, never text, so a forged cookie can only pick one of these messages.
 * Read once, then cleared.
 */

import type { Request, ResponseObject, ResponseToolkit, Server } from '@hapi/hapi';
import Joi from 'joi';

import type { Flash } from '../pages/flash';


const cookie = 'sgAdminFlash';

const plural = (count: number, one: string, many: string) => (count === 1 ? one : many.replace('#', String(count)));

const messages = {
    'session-revoked': () => 'The session was signed out.',
    'session-gone': () => 'That session had already ended.',
    'sessions-revoked': (count: number) => (count === 0 ? 'There were no sessions to sign out.' : plural(count, 'Signed out 1 session.', 'Signed out # sessions.')),
    'role-granted': () => 'The role was granted.',
    'role-already-held': () => 'The user already had this role.',
    'role-removed': () => 'The role was removed.',
    'role-not-held': () => 'The user did not have this role.',
    'user-banned': (count: number) => `The user is banned and cannot sign in. ${plural(count, '1 session was signed out.', '# sessions were signed out.')}`,
    'user-unbanned': () => 'The user is no longer banned.',
    'user-not-banned': () => 'The user was not banned.',
    'lockout-cleared': () => 'The lockout was cleared: the user can sign in again.',
    'password-reset-sent': () => 'A password reset email is on its way to the user.',
    'email-verified': () => 'The email address is marked as verified.',
    'email-unverified': () => 'The email address is marked as not verified.',
    'metadata-saved': () => 'The metadata was saved.',
    'user-deleted': () => 'The user was deleted.',
    'role-created': () => 'The role was created.',
    'permissions-saved': () => 'The permissions were saved.',
    'role-deleted': () => 'The role was deleted.'
} satisfies Record<string, (count: number) => string>;

export type AdminFlashCode = keyof typeof messages;

const schema = Joi.object({
    code: Joi.string().valid(...Object.keys(messages)).required(),
    count: Joi.number().integer().min(0).max(1_000_000).default(0)
});

export const registerAdminFlash = (server: Server, secure: boolean): void => {

    server.state(cookie, {
        path: '/admin',
        ttl: null,                              // A session cookie: gone when the browser closes
        isSecure: secure,
        isHttpOnly: true,
        isSameSite: 'Lax',
        encoding: 'base64json',
        ignoreErrors: true,                     // A mangled cookie is dropped, not a 400
        clearInvalid: true
    });
};

/** Redirects to `path` with a message for the next page. */
export const redirectWithFlash = (h: ResponseToolkit, path: string, code: AdminFlashCode, count = 0): ResponseObject => {

    return h.redirect(path).state(cookie, { code, count });
};

/** The message waiting for this request, if any; clears the cookie. */
export const takeAdminFlash = (request: Request, h: ResponseToolkit): Flash | undefined => {

    const value = request.state[cookie];
    if (value === undefined) {
        return undefined;
    }

    h.unstate(cookie);
    const { error, value: flash } = schema.validate(value);
    if (error) {
        return undefined;
    }

    return { type: 'success', message: messages[flash.code as AdminFlashCode](flash.count) };
};
