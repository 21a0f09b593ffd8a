/*
 * The web server: supertokens-node initialised for this process, a hapi server with the SDK's CORS settings at
 * route level (origin = website domain, credentials, and the SDK's headers, as SuperTokens' Hapi guide does), and
 * the web app as one plugin (staffgate/web, index.ts).
 */

import * as Hapi from '@hapi/hapi';
import SuperTokens from 'supertokens-node';

import { initSupertokens } from './auth/init';
import { plugin as webApp, type WebPluginOptions } from '.';


/** The web app's options: its settings, the core, development mode. */
export type WebServerOptions = WebPluginOptions;

/** Initialises supertokens-node and builds the web server (not started). */
export const createWebServer = async (options: WebServerOptions): Promise<Hapi.Server> => {

    const { web } = options;
    initSupertokens(web, options.core, options.invitations);

    const server = Hapi.server({
        host: web.host,
        port: web.port,
        routes: {
            cors: {
                origin: [web.websiteDomain],
                credentials: true,
                additionalHeaders: ['content-type', ...SuperTokens.getAllCORSHeaders()]
            },
            payload: { maxBytes: 64 * 1024 }
        },
        router: { stripTrailingSlash: true }
    });

    await server.register({ plugin: webApp, options });
    return server;
};
