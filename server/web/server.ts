/*
 * The web server: supertokens-node initialised for this process, a hapi server with the SDK's CORS settings at
 * route level (origin = website domain, credentials, and the SDK's headers, as SuperTokens' Hapi guide does), and
 * the web app as one plugin (staffgate/web, index.ts). The listener carries the request, header and socket timeouts
 * and the connection cap (http-limits.ts); cookies that are not ours are parsed leniently (plugins/cookies.ts).
 */

import * as Hapi from '@hapi/hapi';
import SuperTokens from 'supertokens-node';

import { initSupertokens } from './auth/init';
import { createMailDelivery } from './auth/mail';
import { CoreExtensions } from './core-extensions';
import { createListener } from './http-limits';
import { foreignCookieDefaults } from './plugins/cookies';
import { plugin as webApp, type WebPluginOptions } from '.';


/** The web app's options: its settings, the core, development mode. */
export type WebServerOptions = WebPluginOptions;

/** Initialises supertokens-node and builds the web server (not started). */
export const createWebServer = async (options: WebServerOptions): Promise<Hapi.Server> => {

    const { web } = options;
    // One mail delivery (and queue worker) for the SDK's emails and the app's own notices.
    const mail = options.mail ?? createMailDelivery(web, new CoreExtensions(options.core));
    initSupertokens(web, options.core, mail);

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

    await server.register({ plugin: webApp, options: { ...options, mail } });
    return server;
};
