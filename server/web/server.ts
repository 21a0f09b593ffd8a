/*
 * The staff-facing web server: the SuperTokens Hapi plugin (the SDK's /auth/* API), pages rendered on the server,
 * static files, and the guards. CORS is set at route level in the server options, as SuperTokens' Hapi guide
 * does: origin = website domain, credentials, and the SDK's headers. The SDK's plugin handles its own errors.
 */

import * as Path from 'path';

import * as Hapi from '@hapi/hapi';
import Crumb from '@hapi/crumb';
import Inert from '@hapi/inert';
import Vision from '@hapi/vision';
import Handlebars from 'handlebars';
import SuperTokens from 'supertokens-node';
import { plugin as supertokensPlugin } from 'supertokens-node/framework/hapi';

import type { WebSettings } from '../config';
import { admin } from './admin';
import { initSupertokens, type CoreConnection } from './auth/init';
import { CoreExtensions } from './core-extensions';
import { createListener } from './http-limits';
import { cookies, foreignCookieDefaults } from './plugins/cookies';
import { coreUnavailable } from './plugins/core-unavailable';
import { inputGuards } from './plugins/input-guards';
import { crumbOptions, csrf } from './plugins/csrf';
import { errors } from './plugins/errors';
import { health } from './plugins/health';
import { pages } from './plugins/pages';
import { rateLimits } from './plugins/rate-limits';
import { sdkApiGuards } from './plugins/sdk-api-guards';
import { securityHeaders } from './plugins/security-headers';


const root = Path.join(__dirname, '..', '..');

export interface WebServerOptions {
    readonly web: WebSettings;
    readonly core: CoreConnection;
    /** Development: templates are read again on every render. */
    readonly development?: boolean;
}

/** Initialises supertokens-node and builds the web server (not started). */
export const createWebServer = async (options: WebServerOptions): Promise<Hapi.Server> => {

    const { web } = options;
    initSupertokens(web, options.core);

    const server = Hapi.server({
        host: web.host,
        port: web.port,
        listener: createListener(web.http),
        state: foreignCookieDefaults,
        routes: {
            timeout: { socket: web.http.socketTimeout },
            cors: {
                origin: [web.websiteDomain],
                credentials: true,
                additionalHeaders: ['content-type', ...SuperTokens.getAllCORSHeaders()]
            },
            payload: { maxBytes: 64 * 1024 }
        },
        router: { stripTrailingSlash: true }
    });

    await server.register([Inert, Vision]);
    server.views({
        engines: { hbs: Handlebars.create() },
        relativeTo: root,
        path: 'views',
        layout: 'base',
        layoutPath: 'views/layouts',
        partialsPath: 'views/partials',
        isCached: !options.development
    });

    await server.register({ plugin: cookies, options: { secure: web.secure } });
    await server.register(inputGuards);
    await server.register({ plugin: rateLimits, options: { enabled: web.rateLimits } });
    await server.register({ plugin: sdkApiGuards, options: { websiteDomain: web.websiteDomain } });
    await server.register(supertokensPlugin);
    await server.register({ plugin: securityHeaders, options: { hsts: web.secure } });
    await server.register(health);
    await server.register({ plugin: Crumb, options: crumbOptions(web) });
    await server.register({ plugin: csrf, options: { websiteDomain: web.websiteDomain } });
    await server.register(errors);
    await server.register(coreUnavailable);
    await server.register({ plugin: pages, options: { web } });
    await server.register({ plugin: admin, options: { web, extensions: new CoreExtensions(options.core) } });

    return server;
};
