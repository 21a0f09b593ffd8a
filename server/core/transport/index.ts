/*
 * The CDI transport conventions (cdi-5.4 §1), as one Hapi plugin:
 * - optional `/appid-public` and `/public` path prefixes; any other app or tenant is a 400, after the key check;
 * - the API key (header `api-key`, or `Authorization: [Bearer ]<key>`), compared in constant time, 401 otherwise;
 * - the `cdi-version` header, when present, must be one we speak;
 * - errors are short text bodies with a trailing newline; unknown paths 404 `Not found`, known paths with another
 *   method 405 `Method not supported`.
 */

import * as Boom from '@hapi/boom';
import type { Plugin, Request, RequestRoute, ResponseToolkit, RouteOptions, Server } from '@hapi/hapi';
import * as Hoek from '@hapi/hoek';

import { constantTimeEqual } from '../services/crypto';
import { readCaller } from './caller';
import './types';


export const supportedCdiVersions = ['5.4'];

export interface TransportOptions {
    /** Accepted API keys; none means no key is checked. */
    readonly apiKeys: readonly string[];
}


export const transport: Plugin<TransportOptions> = {
    name: 'staffgate/core-transport',
    register: (server, options) => {

        server.ext('onRequest', stripPrefixes);
        server.ext('onRequest', readCaller);
        server.ext('onPostAuth', refusePrefix);
        server.ext('onPostAuth', checkCdiVersion);
        server.ext('onPreResponse', textErrors);

        server.auth.scheme('cdi-api-key', () => ({
            authenticate: (request, h) => {

                const presented = presentedApiKey(request);
                const accepted = presented !== undefined && options.apiKeys.some((key) => constantTimeEqual(key, presented));
                if (!accepted) {
                    throw Boom.unauthorized('Invalid API key');
                }

                return h.authenticated({ credentials: {} });
            }
        }));

        if (options.apiKeys.length) {
            server.auth.strategy('api-key', 'cdi-api-key');
            server.auth.default('api-key');
        }
    }
};


/** After every route is registered: 405 for known paths with another method, 404 for the rest. */
export const addFallbackRoutes = (server: Server): void => {

    const routes = server.table();
    const paths = new Set(routes.map((route) => route.path));
    const publicPaths = new Set(routes.filter(isPublic).map((route) => route.path));
    // Not `auth: false`: without the key, an unknown path is a 401 like any other (it tells a stranger nothing). A
    // public path's other methods are public too: they tell nothing the path itself does not.
    const fallback = { app: { skipCdiVersionCheck: true } };

    for (const path of paths) {
        const auth = publicPaths.has(path) ? { auth: false as const } : {};
        server.route({ method: '*', path, options: { ...fallback, ...auth, handler: () => Boom.methodNotAllowed('Method not supported') } });
    }

    server.route({ method: '*', path: '/{unknown*}', options: { ...fallback, handler: () => Boom.notFound('Not found') } });
};


/** A route declared with `auth: false` (hapi keeps the `false`; its types leave it out). */
const isPublic = (route: RequestRoute): boolean => (route.settings.auth as RouteOptions['auth']) === false;

const topLevelNames = new Set(['recipe', 'users', 'user', 'config', 'hello', 'apiversion', 'staffgate', 'telemetry']);

const stripPrefixes = (request: Request, h: ResponseToolkit) => {

    const segments = request.path.split('/').filter(Boolean);

    const app = /^appid-(.+)$/.exec(segments[0] ?? '');
    if (app) {
        if (app[1] !== 'public') {
            return refuseAfterAuth(request, h, 'AppId or tenantId not found => Unknown app');
        }

        segments.shift();
    }

    const first = segments[0];
    if (first !== undefined && !topLevelNames.has(first) && !first.startsWith('.')) {
        if (first !== 'public') {
            // A tenant segment in front of a known API: we serve only the public tenant.
            const rest = segments.slice(1)[0];
            if (rest !== undefined && topLevelNames.has(rest)) {
                return refuseAfterAuth(request, h, `AppId or tenantId not found => Tenant with the following connectionURIDomain, appId and tenantId combination not found: (, public, ${first})`);
            }
        }
        else {
            segments.shift();
        }
    }

    const path = `/${segments.join('/')}`;
    if (path !== request.path) {
        request.setUrl(`${path}${request.url.search}`);
    }

    return h.continue;
};

/*
 * An unknown app or tenant is refused only after the API key is checked: a caller without the key learns nothing
 * about which apps and tenants exist, and gets the same 401 whatever the path. The path is left as it is, so it
 * reaches the catch-all route, which requires the key.
 */
const refuseAfterAuth = (request: Request, h: ResponseToolkit, message: string) => {

    request.app.prefixError = message;
    return h.continue;
};

const refusePrefix = (request: Request, h: ResponseToolkit) => {

    if (request.app.prefixError) {
        throw Boom.badRequest(request.app.prefixError);
    }

    return h.continue;
};

const presentedApiKey = (request: Request): string | undefined => {

    const header = request.headers['api-key'];
    if (typeof header === 'string') {
        return header.trim();
    }

    const authorization = request.headers.authorization;
    if (typeof authorization === 'string') {
        return authorization.replace(/^bearer /i, '').trim();
    }

    return undefined;
};

const checkCdiVersion = (request: Request, h: ResponseToolkit) => {

    const version = request.headers['cdi-version'] as string | undefined;
    if (version === undefined || request.route.settings.app?.skipCdiVersionCheck) {
        return h.continue;
    }

    if (!supportedCdiVersions.includes(version.trim())) {
        throw Boom.badRequest(`cdi-version ${version} not supported`);
    }

    return h.continue;
};

const bodyTexts: Record<number, string> = {
    401: 'Invalid API key',
    404: 'Not found',
    405: 'Method not supported',
    413: 'Request body too large',
    500: 'Internal Error',
    503: 'Service unavailable'
};

const textErrors = (request: Request, h: ResponseToolkit) => {

    const response = request.response;
    if (!Boom.isBoom(response)) {
        return h.continue;
    }

    const status = response.output.statusCode;
    if (status >= 500) {
        request.log(['error'], response);
    }

    // Every status these routes answer is in the table; hapi's own text is only the default for any other.
    const text: string = status === 400 ? response.message : Hoek.reach(bodyTexts, [status], { default: response.output.payload.message });
    return textResponse(h, status, text);
};

/** The official core's text bodies: `text/html`, the message and a newline. */
export const textResponse = (h: ResponseToolkit, status: number, text: string) => {

    const response = h.response(`${text}\n`).code(status).type('text/html; charset=UTF-8');
    return response.takeover();
};
