/*
 * How the services' typed errors (services/errors.ts) become responses: an InvalidInputError is the CDI's 400
 * with the service's text; an UnavailableError is a 503 whose cause is logged and never shown.
 */

import * as Boom from '@hapi/boom';
import type { Lifecycle, ServerRoute } from '@hapi/hapi';
import * as Hoek from '@hapi/hoek';

import { InvalidInputError, UnavailableError } from '../services/errors';


/** A Boom for a service error; undefined for anything else (left to hapi as a 500). */
export const serviceErrorToBoom = (err: unknown): Boom.Boom | undefined => {

    if (err instanceof InvalidInputError) {
        return Boom.boomify(err, { statusCode: 400 });
    }

    if (err instanceof UnavailableError) {
        return Boom.boomify(err, { statusCode: 503 });         // the transport logs it, cause included
    }

    return undefined;
};

/** The route with its handler's service errors mapped (every core route goes through this, routes/index.ts). */
export const mapServiceErrors = (route: ServerRoute): ServerRoute => {

    Hoek.assert(typeof route.options !== 'function', `Core route ${route.path} needs its options as an object`);
    const handler = route.handler ?? route.options?.handler;
    Hoek.assert(typeof handler === 'function', `Core route ${route.path} needs a handler function`);

    const mapped: Lifecycle.Method = async function (request, h, err) {

        try {
            return await handler.call(this, request, h, err);
        }
        catch (error) {
            throw serviceErrorToBoom(error) ?? error;
        }
    };

    return route.handler ? { ...route, handler: mapped } : { ...route, options: { ...route.options, handler: mapped } };
};
