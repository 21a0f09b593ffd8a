/*
 * Headers for responses that must not linger or leak:
 *
 * - `Cache-Control: no-store` on every response whose route does not cache on purpose (the static assets do): the
 *   signed-in pages, the SDK's answers that set session cookies, errors. hapi's default, `no-cache`, still lets
 *   the browser keep the page: after sign-out, Back showed the previous user's dashboard from its cache.
 * - `Referrer-Policy: no-referrer` on requests with a `token` in their query (the reset and verification links,
 *   invitations later), and on those with a `preAuthSessionId` (the sign-in link, whose link code is in the
 *   fragment): the page's own requests and links then carry no Referer with the token in it.
 */

import type { Plugin } from '@hapi/hapi';

import { setResponseHeader } from './response-header';


const carriesSecret = (value: unknown): boolean => typeof value === 'string' && value !== '';

export const sensitiveResponses: Plugin<void> = {
    name: 'staffgate/sensitive-responses',
    dependencies: ['staffgate/security-headers'],
    register: (server) => {

        server.ext('onPreResponse', (request, h) => {

            const cache = request.route.settings.cache;
            const cachesOnPurpose = cache !== false && cache !== undefined && (cache.expiresIn !== undefined || cache.expiresAt !== undefined);
            if (!cachesOnPurpose) {
                setResponseHeader(request.response, 'cache-control', 'no-store');
            }

            if (carriesSecret(request.query.token) || carriesSecret(request.query.preAuthSessionId)) {
                setResponseHeader(request.response, 'referrer-policy', 'no-referrer');
            }

            return h.continue;
        }, { after: ['staffgate/security-headers'] });
    }
};
