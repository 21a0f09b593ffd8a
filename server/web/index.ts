/*
 * The staff-facing web app as one hapi plugin, `staffgate/web`: the SDK's /auth/* API (SuperTokens' Hapi plugin),
 * the pages rendered on the server, static files, and the guards. Its options are checked when it is registered;
 * its parts are plugins that name what they need in `dependencies` (checked when the server initialises) and
 * order their extension points with `before`/`after`, so nothing depends on the order of the list below.
 *
 *   staffgate/request-log       hapi-pino on the app's logger; one log line and one histogram sample per request
 *   staffgate/client-address    onRequest: the client's address (TRUSTED_PROXIES, X-Forwarded-For) into request.app
 *   staffgate/cookies           the SDK's cookies parsed strictly; others' unparseable ones ignored and logged
 *   staffgate/input-guards      onPreHandler, before the SDK: 400 for a body that is not UTF-8   needs the SDK plugin
 *   staffgate/rate-limits       onPreAuth, before the guards: 429 for too many password/email attempts per IP
 *                               (counted in the `limits` store: memory, or Redis shared by every instance)
 *   staffgate/sdk-api-guards    onPreAuth: the SDK API's CSRF checks and disabled APIs      needs the SDK plugin
 *   supertokens-hapi-middleware the SDK's API and its error answers
 *   staffgate/security-headers  onPreResponse, after the SDK's: CSP, framing, HSTS on every response
 *   staffgate/sensitive-responses  onPreResponse, after security-headers: no-store unless a route caches on
 *                               purpose, no-referrer with a token in the query          needs security-headers
 *   staffgate/health            /health/live, /health/ready
 *   @hapi/crumb + staffgate/csrf  CSRF for our own forms (csrf runs before crumb)
 *   staffgate/form-replay       onPostAuth, after crumb: a form's fields kept for the refresh step, replays checked once
 *   staffgate/display-name      onPreResponse: the user's display name for the nav of signed-in pages
 *   staffgate/errors            onPreResponse: error pages for browsers          needs vision, security-headers
 *   staffgate/core-unavailable  onPreResponse, before errors: 503 + Retry-After while the core is unreachable
 *                                                                                needs vision, the SDK plugin, errors
 *   staffgate/pages             the auth pages, the dashboard, assets, the password-strength API
 *                                                                                needs vision, inert, crumb, csrf, errors
 *   staffgate/admin             /admin                                           needs the same, and the core's extensions
 *   staffgate/invitations       /auth/invite (the invitee's side)                needs the same
 *
 * The mail delivery (auth/mail.ts, mail/) is the server's too: its queue worker polls the core's mail queue from
 * onPostStart and finishes its deliveries at onPostStop.
 *
 * supertokens-node itself is initialised by createWebServer (server.ts), before the server exists: the server's
 * CORS settings need the SDK's headers.
 */

import * as Path from 'path';

import type { Plugin } from '@hapi/hapi';
import Crumb from '@hapi/crumb';
import Inert from '@hapi/inert';
import Vision from '@hapi/vision';
import Handlebars from 'handlebars';
import Joi from 'joi';
import { plugin as supertokensPlugin } from 'supertokens-node/framework/hapi';

import type { WebSettings } from '../config';
import { quietObservability, type Observability } from '../observability';
import { admin } from './admin';
import type { CoreConnection } from './auth/init';
import { authEventRecorder } from './auth/auth-events';
import { clientAddressPlugin } from './client-address';
import { createMailDelivery, type MailDelivery } from './auth/mail';
import { CoreExtensions } from './core-extensions';
import type { LimiterStore } from './limits';
import { cookies } from './plugins/cookies';
import { coreUnavailable } from './plugins/core-unavailable';
import { invitations } from './invitations/plugin';
import { crumbOptions, csrf } from './plugins/csrf';
import { errors } from './plugins/errors';
import { formReplay } from './pre/form-replay';
import { displayNameInNav } from './pages/display-name';
import { health } from './plugins/health';
import { inputGuards } from './plugins/input-guards';
import { pages } from './plugins/pages';
import { rateLimits } from './plugins/rate-limits';
import { requestLog } from './plugins/request-log';
import { sdkApiGuards } from './plugins/sdk-api-guards';
import { securityHeaders } from './plugins/security-headers';
import { sensitiveResponses } from './plugins/sensitive-responses';


const root = Path.join(__dirname, '..', '..');

export interface WebPluginOptions {
    readonly web: WebSettings;
    /** The core the SDK talks to, and that the admin area's extension calls go to. */
    readonly core: CoreConnection;
    /** Where rate limits count (createWebServer's: memory, or Redis with REDIS_URL); default: this process's memory. */
    readonly limits?: LimiterStore;
    /** The app's logger and metrics; default: nothing logged, metrics not served. */
    readonly observability?: Observability;
    /** The mail delivery the SDK was initialised with (server.ts); made here when absent. */
    readonly mail?: MailDelivery;
}

const origin = Joi.string().uri({ scheme: ['http', 'https'] });

/** The settings the web app reads itself; the rest of WebSettings is checked by config.ts and read by the parts. */
const schema = Joi.object<WebPluginOptions>({
    web: Joi.object({
        host: Joi.string().required(),
        port: Joi.number().integer().min(0).max(65535).required(),
        apiDomain: origin.required(),
        websiteDomain: origin.required(),
        secure: Joi.boolean().required(),
        rateLimits: Joi.boolean().required(),
        emailVerification: Joi.valid('optional', 'required').required(),
        adminEmails: Joi.array().items(Joi.string()).required(),
        mfa: Joi.valid('off', 'admins', 'all').required(),
        trustedProxies: Joi.array().items(Joi.string()).default([]),
        reloadViews: Joi.boolean().default(false)
    }).unknown(true).required(),
    core: Joi.object({
        uri: Joi.string().min(1).required(),
        apiKey: Joi.string()
    }).required(),
    limits: Joi.object({ limiter: Joi.func().required(), close: Joi.func().required() }),
    observability: Joi.object({ logger: Joi.object().required(), metrics: Joi.object().required() }),
    mail: Joi.object()
});

export const plugin: Plugin<WebPluginOptions> = {
    name: 'staffgate/web',
    version: '1.0.0',
    register: async (server, options) => {

        const { web, core, limits, observability = quietObservability() } = Joi.attempt(options, schema, 'Invalid staffgate/web options');
        server.app.mfaPolicy = web.mfa;
        server.app.authEvents = authEventRecorder(observability);

        const extensions = new CoreExtensions(core);
        server.app.coreExtensions = extensions;
        const mail = options.mail ?? createMailDelivery(web, extensions);
        // The queue worker polls while the server runs (retries, and mail a stopped instance left), and finishes its
        // deliveries when it stops, before the core does (deployment.ts).
        server.ext('onPreStart', async () => {

            await mail.ready();
        });
        server.ext('onPostStart', () => mail.worker.start());
        server.ext('onPostStop', () => mail.worker.stop());
        await server.register([Inert, Vision]);
        server.views({
            engines: { hbs: Handlebars.create() },
            relativeTo: root,
            path: 'views',
            layout: 'base',
            layoutPath: 'views/layouts',
            partialsPath: 'views/partials',
            // Compiling a template is most of a page's cost: once per process, unless VIEWS_RELOAD asks for every render.
            isCached: !web.reloadViews
        });

        await server.register([
            { plugin: requestLog, options: observability },
            { plugin: clientAddressPlugin, options: { trustedProxies: web.trustedProxies } },
            { plugin: cookies, options: { secure: web.secure } },
            { plugin: inputGuards },
            { plugin: rateLimits, options: { enabled: web.rateLimits, perMinute: web.rateLimitsPerMinute, store: limits } },
            { plugin: sdkApiGuards, options: { websiteDomain: web.websiteDomain } },
            { plugin: supertokensPlugin },
            { plugin: securityHeaders, options: { hsts: web.secure } },
            { plugin: sensitiveResponses },
            { plugin: health },
            { plugin: Crumb, options: crumbOptions(web) },
            { plugin: csrf, options: { websiteDomain: web.websiteDomain } },
            { plugin: formReplay, options: { secure: web.secure } },
            { plugin: displayNameInNav },
            { plugin: errors },
            { plugin: coreUnavailable },
            { plugin: pages, options: { web, extensions, mail } },
            { plugin: admin, options: { web, extensions, mail } },
            { plugin: invitations, options: { web, extensions } }
        ]);
    }
};
