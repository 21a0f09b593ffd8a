/*
 * Logs and request metrics of the web app: hapi-pino on the app's logger (request.logger, server.logger,
 * request.log and server.log written as pino lines, request errors at error level), and one line per answered
 * request, written here rather than by hapi-pino so that it holds exactly these fields and nothing else:
 *
 *     { reqId, method, route, status, ms, userId? }     msg: "GET /dashboard 200 12ms"
 *
 * `route` is the route's path template (/admin/users/{id}), never the raw URL: no token from a query string
 * and no unbounded label set. No headers, cookies or bodies are logged. The health probes are left out of the log
 * (a load balancer polls them), not out of the request-duration histogram.
 */

import * as Boom from '@hapi/boom';
import type { Plugin, Request } from '@hapi/hapi';
import HapiPino from 'hapi-pino';

import type { Logger } from '../../observability/logger';
import type { Metrics } from '../../observability/metrics';
import { sdkApiRoute } from '../auth/paths';


export interface RequestLogOptions {
    readonly logger: Logger;
    readonly metrics: Metrics;
}

const quietPaths = new Set(['/health/live', '/health/ready']);

/** The SDK serves its whole API from one wildcard route; an API path it answered is a route of its own. */
const sdkApiPath = /^\/[a-z0-9/-]{1,80}$/;

/** The request's route for logs and labels: the template, or the SDK API path the SDK answered. */
export const routeOf = (request: Pick<Request, 'route' | 'path'>, status: number): string => {

    const template = request.route.path;
    if (template === sdkApiRoute && status !== 404 && sdkApiPath.test(request.path)) {
        return request.path;
    }

    return template;
};

/** The status sent; a Boom when the client went away before the answer. */
const statusOf = (request: Request): number => {

    const response = request.response;
    return Boom.isBoom(response) ? response.output.statusCode : response?.statusCode ?? request.raw.res.statusCode;
};

export const requestLog: Plugin<RequestLogOptions> = {
    name: 'staffgate/request-log',
    register: async (server, { logger, metrics }) => {

        await server.register({
            plugin: HapiPino,
            options: {
                instance: logger,
                logRequestComplete: false,                  // our own line, below
                logEvents: ['onPostStart', 'onPostStop', 'request-error'],
                getChildBindings: (request) => ({ reqId: request.info.id }),
                mergeHapiLogData: true,
                ignorePaths: [...quietPaths]
            }
        });

        server.events.on('response', (request) => {

            const status = statusOf(request);
            const route = routeOf(request, status);
            const method = request.method.toUpperCase();
            const ms = request.info.completed - request.info.received;
            metrics.request(route, method, status, ms / 1000);
            if (quietPaths.has(request.path)) {
                return;
            }

            const userId = request.session?.getUserId();
            const line = { reqId: request.info.id, method, route, status, ms, ...(userId ? { userId } : {}) };
            logger[status >= 500 ? 'error' : 'info'](line, `${method} ${route} ${status} ${ms}ms`);
        });
    }
};
