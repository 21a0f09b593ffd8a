/*
 * While the core cannot be reached, say so: 503 with Retry-After, instead of a 500 that looks like our bug. The
 * SDK's API and /api answer JSON; pages show a "try again shortly" page. /health/ready already answers 503 then
 * (plugins/health.ts), so a load balancer stops sending traffic.
 *
 * The SDK reports an unreachable core (connection refused or failed, after trying every core it knows) with one
 * error message; any other failure of the core stays a 500.
 */

import * as Boom from '@hapi/boom';
import type { Plugin, Request, ResponseToolkit } from '@hapi/hapi';


/** Seconds a client should wait before trying again. */
export const retryAfterSeconds = 10;

const unreachableMessage = 'No SuperTokens core available to query';

const apiPaths = /^\/(?:api|health)(?:\/|$)/;

/** True for the SDK's error when no core answered at all. */
export const isCoreUnreachable = (error: Error): boolean => error.message.startsWith(unreachableMessage);

const answerUnavailable = (request: Request, h: ResponseToolkit) => {

    request.log(['error', 'core'], 'the core is unreachable');
    const isPage = request.route.settings.app?.page === true || (!request.path.startsWith('/auth') && !apiPaths.test(request.path));
    const response = isPage ?
        h.view('errors/503', { title: 'Sign-in is unavailable for a moment', status: 503 }) :
        h.response({ status: 'CORE_UNAVAILABLE', message: 'Sign-in is unavailable for a moment. Try again shortly.' });

    return response.code(503).header('retry-after', String(retryAfterSeconds)).takeover();
};

export const coreUnavailable: Plugin<void> = {
    name: 'staffgate/core-unavailable',
    dependencies: ['@hapi/vision', 'supertokens-hapi-middleware', 'staffgate/errors', 'staffgate/security-headers'],
    register: (server) => {

        server.ext('onPreResponse', (request, h) => {

            const response = request.response;
            if (Boom.isBoom(response) && isCoreUnreachable(response)) {
                return answerUnavailable(request, h);
            }

            return h.continue;
        }, { before: ['staffgate/errors', 'staffgate/security-headers'], after: ['supertokens-hapi-middleware'] });
    }
};
