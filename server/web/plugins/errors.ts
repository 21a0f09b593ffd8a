/*
 * One onPreResponse for errors: a browser that hits an error gets a page (views/errors/<status>.hbs) with the same
 * status code, instead of hapi's JSON. The page never shows a stack trace or an error's message: each status has
 * fixed text, and hapi logs 5xx errors as usual.
 *
 * Left as they are: the API under /auth (the SDK's catch-all route /auth/{path*}, whose errors the SDK's own
 * onPreResponse answers first, and any other API route there), /api/*, /health/*, static files (/public/*,
 * /vendor/*), and requests that ask for JSON and not HTML. Under /auth only the pages (routes marked
 * `app: { page: true }`) get error pages, plus one SDK case: a GET that no SDK API answered (the catch-all then
 * replies with an empty 200/204), such as a mistyped /auth/sign-up, is a 404 page rather than a blank one.
 */

import * as Boom from '@hapi/boom';
import type { Plugin, Request, ResponseObject } from '@hapi/hapi';

import { sdkApiRoute } from '../auth/paths';


/** A 403 for a signed-in user who lacks a role (not a refused form): the page says so. */
export const lacksAccess = (message: string): Boom.Boom => Boom.forbidden(message, { lacksAccess: true });


const passThroughPaths = /^\/(?:api|health|public|vendor)(?:\/|$)/;

/** The SDK's API base path, shared with the auth pages. */
const authPaths = /^\/auth(?:\/|$)/;

const pages: Record<number, { template: string; title: string }> = {
    400: { template: '400', title: 'Bad request' },
    403: { template: '403', title: 'Not allowed' },
    404: { template: '404', title: 'Page not found' },
    409: { template: '409', title: 'Already sent' },
    500: { template: '500', title: 'Something went wrong' }
};

/** True when the client asked for JSON and not for HTML (an API client, a page script's fetch). */
const wantsJson = (request: Request): boolean => {

    const accept = String(request.headers.accept ?? '');
    return accept.includes('application/json') && !accept.includes('text/html');
};

/** The page for a status: its own, else 400 for other 4xx and 500 for other 5xx. */
export const errorPage = (status: number): { template: string; title: string } => {

    return pages[status] ?? (status >= 500 ? pages[500]! : { template: '400', title: pages[400]!.title });
};

const isUnansweredSdkGet = (request: Request, response: ResponseObject): boolean => {

    return request.method === 'get' && response.source === null && response.statusCode < 300;
};

export const errors: Plugin<void> = {
    name: 'staffgate/errors',
    dependencies: ['@hapi/vision', 'supertokens-hapi-middleware', 'staffgate/security-headers'],
    register: (server) => {

        server.ext('onPreResponse', (request, h) => {

            const response = request.response;
            if (passThroughPaths.test(request.path) || wantsJson(request)) {
                return h.continue;
            }

            let status: number;
            if (request.route.path === sdkApiRoute) {
                if (Boom.isBoom(response) || !isUnansweredSdkGet(request, response)) {
                    return h.continue;
                }

                status = 404;
            }
            else if (Boom.isBoom(response) && (!authPaths.test(request.path) || request.route.settings.app?.page === true)) {
                status = response.output.statusCode;
            }
            else {
                return h.continue;
            }

            const page = errorPage(status);
            const noAccess = Boom.isBoom(response) && (response.data as { lacksAccess?: unknown } | null)?.lacksAccess === true;
            return h.view(`errors/${page.template}`, {
                title: noAccess ? 'No access' : page.title,
                status,
                lacksAccess: noAccess,
                // A signed-in reader keeps the nav (and its Sign out, which needs the page scripts).
                signedIn: request.session !== undefined,
                ...(request.session ? { script: 'local-times' } : {})
            }).code(status);
        }, { before: ['staffgate/security-headers'], after: ['supertokens-hapi-middleware'] });
    }
};


declare module '@hapi/hapi' {
    interface RouteOptionsApp {
        /** An HTML page: its errors are rendered as error pages, even under /auth. */
        page?: boolean;
    }
}
