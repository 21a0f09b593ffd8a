/*
 * CSRF protection for our own HTML forms (the dashboard's POSTs), in layers:
 *
 * - @hapi/crumb: a random token in an HttpOnly cookie that the form repeats in a hidden `crumb` field. A page that
 *   shows a form opts in to generating it (`plugins: { crumb: true }`); every POST is checked unless its route says
 *   `plugins: { crumb: false }`, so a new form is protected by default.
 * - this plugin, before crumb: a state-changing request marked `Sec-Fetch-Site: cross-site` is refused; one that
 *   carries an Origin header must come from the website domain, and a crumb-checked POST must carry both the
 *   cookie and the field. Crumb alone lets a POST through when both are missing (it compares undefined with
 *   undefined), and lets a cross-origin POST without the field through when the Origin does not match the CORS
 *   settings (it then does not read the cookie).
 *
 * None of this applies to the SDK's API (its catch-all route `/auth/{path*}`): the SDK protects its JSON endpoints
 * with its own anti-CSRF measures, and its requests carry no crumb. Nor to hapi's 404 route, so an unknown path stays
 * a 404. Every refusal is a 403 (rendered as the 403 page for browsers).
 */

import * as Boom from '@hapi/boom';
import type { CrumbOptions } from '@hapi/crumb';
import type { Plugin, Request } from '@hapi/hapi';

import type { WebSettings } from '../../config';
import { sdkApiRoute } from '../auth/paths';
import { ownCookieParsing } from './cookies';


const safeMethods = new Set(['get', 'head', 'options']);

/** True for the requests neither crumb nor the Origin check looks at. */
export const skipsCsrf = (request: Request): boolean => request.route.path === sdkApiRoute || (request.route.method as string) === '_special';

export const crumbOptions = (web: WebSettings): CrumbOptions => ({
    key: 'crumb',
    autoGenerate: false,                        // Only pages that show one of our forms set the cookie
    addToViewContext: true,                     // Views read it as {{crumb}} (partial csrf-field)
    skip: skipsCsrf,
    cookieOptions: {
        ...ownCookieParsing,                    // Ours: a malformed crumb cookie is a 400 (and cleared)
        path: '/',
        isSecure: web.secure,
        isHttpOnly: true,
        isSameSite: 'Lax'
    }
});


export interface CsrfOptions {
    /** The one origin allowed to post our forms. */
    readonly websiteDomain: string;
}

export const csrf: Plugin<CsrfOptions> = {
    name: 'staffgate/csrf',
    dependencies: ['@hapi/crumb'],
    register: (server, options) => {

        const allowed = new URL(options.websiteDomain).origin;
        server.ext('onPostAuth', (request, h) => {

            if (safeMethods.has(request.method) || skipsCsrf(request)) {
                return h.continue;
            }

            // Browsers say where a request comes from (Fetch Metadata): another site's is refused whatever it carries.
            if (request.headers['sec-fetch-site'] === 'cross-site') {
                request.log(['csrf', 'fetch-site'], `refused a cross-site ${request.method.toUpperCase()}`);
                throw Boom.forbidden('Cross-site request refused');
            }

            const origin = request.headers.origin;
            if (origin !== undefined && origin !== allowed) {
                request.log(['csrf', 'origin'], `refused a ${request.method.toUpperCase()} from origin ${origin}`);
                throw Boom.forbidden('Cross-origin request refused');
            }

            if (request.method === 'post' && request.route.settings.plugins!.crumb !== false) {
                const field = (request.payload as Record<string, unknown> | null)?.crumb;
                if (typeof field !== 'string' || field === '' || !request.state.crumb) {
                    request.log(['csrf', 'crumb'], 'refused a POST without its crumb');
                    throw Boom.forbidden('Missing crumb');
                }
            }

            return h.continue;
        }, { before: ['@hapi/crumb'] });
    }
};


declare module '@hapi/hapi' {
    interface PluginSpecificConfiguration {
        /** @hapi/crumb: true to set the cookie for a page's forms, false to take a route out of the check. */
        crumb?: boolean | { key?: string; source?: 'payload' | 'query'; restful?: boolean };
    }
}
