/*
 * The auth core: a Hapi server that speaks SuperTokens' CDI 5.4 (see shared/docs/cdi-5.4.md) on our storage.
 * It always runs as its own HTTP server, embedded in the app's process or alone (`npm run core`), because the
 * SDK reaches it over HTTP either way.
 */

import * as Hapi from '@hapi/hapi';
import HapiPino from 'hapi-pino';

import { validateCoreSettings, type CoreSettings } from '../config';
import type { Logger } from '../observability/logger';
import { coreRoutes } from './routes';
import { createServices, type CoreServices } from './services';
import type { Clock } from './services/clock';
import type { Storage } from './storage';
import { openStorage } from './storage/open';
import { addFallbackRoutes, transport } from './transport';


export interface CoreOptions {
    readonly settings: CoreSettings;
    /** Defaults to the adapter the settings name. The core closes it when it stops. */
    readonly storage?: Storage;
    /** The core's "now"; tests inject one to move time without waiting. */
    readonly clock?: Clock;
    /** Where the core's errors go (the app's logger when embedded); without one, hapi's default (nothing). */
    readonly logger?: Logger;
    /** Told each time an account locks or its lock grows (the app's metrics). */
    readonly onAccountLocked?: (userId: string) => void;
}

export interface Core {
    readonly server: Hapi.Server;
    readonly services: CoreServices;
    /** The core's storage, for tests and tools that look under the services (the routes never do). */
    readonly storage: Storage;
    /** http://host:port once started. */
    readonly uri: string;
    stop(): Promise<void>;
}

const maxBodyBytes = 1024 * 1024;
const cleanupInterval = 3_600_000;              // ms: expired sessions, tokens, TOTP codes and passwordless devices, old audit events go hourly


/** Builds the core server (migrations applied) without listening. */
export const createCoreServer = async (options: CoreOptions): Promise<{ server: Hapi.Server; services: CoreServices; storage: Storage }> => {

    const settings = validateCoreSettings(options.settings);
    const storage = options.storage ?? openStorage(settings);
    await storage.migrate();

    const server = Hapi.server({
        host: settings.host,
        port: settings.port,
        // The core answers the SDK on loopback or a LAN: gzipping a refresh's answer (just over 1 KB) cost about 8 % of
        // the app's CPU under a refresh load, for bytes that never cross a slow link.
        compression: false,
        // The CDI's bodies are JSON whatever their content-type says; handlers parse them (transport/input.ts).
        routes: { payload: { parse: false, output: 'data', maxBytes: maxBodyBytes } }
    });

    const services = createServices(settings, storage, {
        clock: options.clock,
        log: (tags, err) => server.log(tags, err as Error),
        onAccountLocked: options.onAccountLocked
    });

    // Errors only (server.log, a 5xx): the web app logs each request; the core's bodies and headers hold secrets.
    if (options.logger) {
        await server.register({
            plugin: HapiPino,
            options: {
                instance: options.logger.child({ component: 'core' }),
                logRequestComplete: false,
                logEvents: ['request-error'],
                getChildBindings: (request) => ({ reqId: request.info.id }),
                mergeHapiLogData: true
            }
        });
    }

    await server.register({ plugin: transport, options: { apiKeys: settings.apiKeys } });
    server.route(coreRoutes(services));
    addFallbackRoutes(server);

    const cleanup = setInterval(services.maintenance.cleanUp, cleanupInterval).unref();

    server.ext('onPostStop', async () => {

        clearInterval(cleanup);
        await storage.close();
    });

    return { server, services, storage };
};

/** Builds and starts the core; `stop()` lets in-flight requests finish, then closes the storage. */
export const startCore = async (options: CoreOptions): Promise<Core> => {

    const { server, services, storage } = await createCoreServer(options);
    await server.start();

    const host = server.info.address?.includes(':') ? `[${server.info.address}]` : server.info.address;
    return {
        server,
        services,
        storage,
        uri: `http://${host}:${server.info.port}`,
        stop: () => server.stop({ timeout: 10_000 })
    };
};
