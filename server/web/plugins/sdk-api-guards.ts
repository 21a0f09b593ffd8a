/*
 * Guards in front of the SDK's API (/auth/*), before the SDK sees a request. Our own forms have plugins/csrf.ts.
 *
 * CSRF. With `cookieSameSite: 'lax'` the SDK sets its anti-CSRF mode to NONE: it relies on the browser not sending
 * Lax cookies on cross-site POSTs and checks no header itself. That leaves sites on sibling subdomains (same site,
 * another origin) able to post to it with the user's cookies. So every state-changing request to the SDK's API must
 *
 * - carry the `rid` header, which the frontend SDK always sends: a custom header makes a cross-origin browser
 *   request need a CORS preflight, which only the website's origin passes;
 * - if it has an Origin header, come from the website domain.
 *
 * Refusals are 403 JSON. One exception: Apple's form_post callback (POST /auth/callback/apple), which Apple's page
 * submits cross-site without either; the SDK only redirects it to the callback page, whose own POST /auth/signinup
 * is checked (and its state verified, see auth/oauth-state.ts).
 *
 * Disabled APIs. An API the SDK does not answer (the email-exists check is off, see auth/anti-enumeration.ts)
 * falls through to the SDK plugin's catch-all route, which answers an empty 200/204. These routes make it a 404
 * whoever asks.
 */

import * as Boom from '@hapi/boom';
import type { Plugin } from '@hapi/hapi';

import { apiBasePath, sdkApiRoute } from '../auth/paths';


export interface SdkApiGuardsOptions {
    readonly websiteDomain: string;
}

const safeMethods = new Set(['get', 'head', 'options']);

/** Apple's form_post callback, with or without a tenant in the path. */
const appleCallback = new RegExp(`^${apiBasePath}(?:/[^/]+)?/callback/apple/?$`);

/** The email-exists checks of EmailPassword and Passwordless (and its phone-number one), current and old paths. */
export const disabledApis = ['/emailpassword/email/exists', '/signup/email/exists', '/passwordless/email/exists', '/signup/phonenumber/exists', '/passwordless/phonenumber/exists'];

export const sdkApiGuards: Plugin<SdkApiGuardsOptions> = {
    name: 'staffgate/sdk-api-guards',
    dependencies: ['supertokens-hapi-middleware'],
    register: (server, options) => {

        const allowed = new URL(options.websiteDomain).origin;

        server.ext('onPreAuth', (request, h) => {

            if (request.route.path !== sdkApiRoute || safeMethods.has(request.method) || appleCallback.test(request.path)) {
                return h.continue;
            }

            const origin = request.headers.origin;
            const reason = request.headers.rid === undefined ? 'the rid header is missing' :
                origin !== undefined && origin !== allowed ? `origin ${origin} is not the website's` :
                    undefined;

            if (reason === undefined) {
                return h.continue;
            }

            request.log(['warn', 'csrf'], `refused ${request.method.toUpperCase()} ${request.path}: ${reason}`);
            return h.response({ message: `Request refused: ${reason}` }).code(403).takeover();
        });

        for (const path of disabledApis) {
            for (const prefix of [apiBasePath, `${apiBasePath}/{tenantId}`]) {
                server.route({ method: 'GET', path: `${prefix}${path}`, handler: () => Boom.notFound() });
            }
        }
    }
};
