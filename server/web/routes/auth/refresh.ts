import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';

import { safeRedirectPath } from '../../pre/session';
import { redirectToPath, type AuthPageQuery } from './validation';


/** Where the refresh step may go: a safe path that is not the refresh step itself. */
export const refreshTarget = (value: unknown): string => {

    const path = safeRedirectPath(value);
    return /^\/auth\/refresh(?:[/?#]|$)/.test(path) ? '/dashboard' : path;
};

// GET /auth/refresh: the refresh step, which refreshes the session in the browser and goes on.
export const refresh: ServerRoute<{ Query: AuthPageQuery }> = {
    method: 'GET',
    path: '/auth/refresh',
    options: {
        app: { page: true },
        validate: {
            query: Joi.object({ redirectToPath }).unknown(true)
        },
        handler: (request, h) => {

            const target = refreshTarget(request.query.redirectToPath);
            return h.view('auth/refresh', {
                title: 'Signing you in',
                script: 'refresh',
                redirectToPath: target,
                signInPath: `/auth?redirectToPath=${encodeURIComponent(target)}`
            });
        }
    }
};
