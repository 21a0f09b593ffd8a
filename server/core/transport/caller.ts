/*
 * The caller's context, read once per request (onRequest) from the headers the web app sets on its core calls
 * through supertokens-node's networkInterceptor: `x-staffgate-ip`, `x-staffgate-user-agent` and, for admin
 * actions, `x-staffgate-actor` (the admin's user id). Each is cut to 512 characters; empty means absent.
 * Handlers get it with `callerOf(request)` and pass it to the service they call.
 */

import * as Hoek from '@hapi/hoek';
import type { Request, ResponseToolkit } from '@hapi/hapi';

import type { Caller } from '../services/caller';


const maxLength = 512;

const headerText = (request: Request, name: string): string | undefined => {

    const value = request.headers[name];
    return typeof value === 'string' && value.length ? value.slice(0, maxLength) : undefined;
};

export const parseCaller = (request: Request): Caller => {

    const fields = {
        ip: headerText(request, 'x-staffgate-ip'),
        userAgent: headerText(request, 'x-staffgate-user-agent'),
        actorId: headerText(request, 'x-staffgate-actor')
    };

    return Object.freeze(Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)));
};

/** onRequest: parse the caller before routing, so that every handler (and the 404s) sees the same one. */
export const readCaller = (request: Request, h: ResponseToolkit) => {

    request.app.caller = parseCaller(request);
    return h.continue;
};

/** The caller of this request, as the transport read it. */
export const callerOf = (request: Request): Caller => {

    const caller = request.app.caller;
    Hoek.assert(caller, 'The core transport reads the caller of every request');
    return caller;
};
