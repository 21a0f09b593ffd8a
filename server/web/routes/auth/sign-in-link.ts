import * as Boom from '@hapi/boom';
import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';

import { apiBasePath } from '../../auth/paths';
import { tenantId } from './validation';


/** The Passwordless APIs: when the method is off, a 404 instead of the SDK plugin's empty catch-all answer. */
const passwordlessApis = ['/signinup/code', '/signinup/code/resend', '/signinup/code/consume'];

// GET /auth/verify?preAuthSessionId=…&tenantId=…#linkCode: the sign-in link from the email (the SDK's default path).
export const signInLinkPage = (enabled: boolean): ServerRoute<{ Query: { preAuthSessionId?: string } }> => ({
    method: 'GET',
    path: '/auth/verify',
    options: {
        app: { page: true },
        validate: {
            query: Joi.object({ preAuthSessionId: Joi.string().max(256), tenantId }).unknown(true)
        },
        handler: (request, h) => {

            if (!enabled) {
                throw Boom.notFound();
            }

            return h.view('auth/sign-in-link', {
                title: 'Signing you in',
                script: 'sign-in-link',
                hasLink: Boolean(request.query.preAuthSessionId)
            });
        }
    }
});

export const passwordlessApisWhenOff = (enabled: boolean): ServerRoute[] => [
    ...(enabled ? [] : passwordlessApis.flatMap((path) => {

        return [apiBasePath, `${apiBasePath}/{tenantId}`].map((prefix): ServerRoute => ({
            method: 'POST',
            path: `${prefix}${path}`,
            options: {
                plugins: { crumb: false },              // an API path, not one of our forms: a 404 for everyone
                handler: () => Boom.notFound()
            }
        }));
    }))
];
