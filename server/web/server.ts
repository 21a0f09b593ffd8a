/*
 * The web server: supertokens-node initialised for this process, a hapi server with the SDK's CORS settings at
 * route level (origin = website domain, credentials, and the SDK's headers, as SuperTokens' Hapi guide does), and
 * the web app as one plugin (staffgate/web, index.ts). The listener carries the request, header and socket timeouts
 * and the connection cap (http-limits.ts); cookies that are not ours are parsed leniently (plugins/cookies.ts).
 */

import * as Hapi from '@hapi/hapi';
import SuperTokens from 'supertokens-node';

import { quietObservability } from '../observability';
import { initSupertokens } from './auth/init';
import { createMailDelivery } from './auth/mail';
import { CoreExtensions } from './core-extensions';
import { createListener } from './http-limits';
import { pendingMailCount } from './mail/queue-depth';
import { createLimiterStore } from './limits';
import { limitsLog } from './limits/redis';
import { foreignCookieDefaults } from './plugins/cookies';
import { plugin as webApp, type WebPluginOptions } from '.';


/** The web app's options: its settings and the core. */
export type WebServerOptions = Omit<WebPluginOptions, 'limits'>;

/**
 * Initialises supertokens-node and builds the web server (not started). The rate limits' store (memory, or Redis
 * with REDIS_URL) is made here, shared by the SDK's mail throttles and the web app, and closed when the server stops.
 */
export const createWebServer = async (options: WebServerOptions): Promise<Hapi.Server> => {

    const { web } = options;
    const observability = options.observability ?? quietObservability();
    limitsLog.logger = observability.logger;
    const limits = await createLimiterStore(web.redis);
    // One mail delivery (and queue worker) for the SDK's emails and the app's own notices.
    const extensions = new CoreExtensions(options.core);
    const mail = options.mail ?? createMailDelivery(web, extensions);
    observability.metrics.mail.setQueueDepthProvider(() => pendingMailCount(extensions));
    initSupertokens(web, options.core, observability, mail, limits);

    const server = Hapi.server({
        // hapi prints request errors to the console only when our logger would not write them (LOG_LEVEL=silent)
        debug: observability.logger.isLevelEnabled('error') ? false : undefined,
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
        router: { stripTrailingSlash: true },
        // Past these the server answers 503 at once rather than queueing without bound (LOAD_* settings).
        load: { ...web.load }
    });

    server.ext('onPostStop', () => limits.close());
    try {
        await server.register({ plugin: webApp, options: { ...options, observability, limits, mail } });
    }
    catch (err) {
        await limits.close();
        throw err;
    }

    return server;
};
