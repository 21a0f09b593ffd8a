/*
 * The auth core: a Hapi server that speaks SuperTokens' CDI 5.4 (see shared/docs/cdi-5.4.md) on our storage.
 * It always runs as its own HTTP server, embedded in the app's process or alone (`npm run core`), because the
 * SDK reaches it over HTTP either way.
 */

import * as Hapi from '@hapi/hapi';

import { validateCoreSettings, type CoreSettings } from '../config';
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
    readonly clock?: Clock;
    /** How often expired sessions and old audit events are deleted, ms. */
    readonly cleanupInterval?: number;
}

export interface Core {
    readonly server: Hapi.Server;
    readonly services: CoreServices;
    /** http://host:port once started. */
    readonly uri: string;
    stop(): Promise<void>;
}

const maxBodyBytes = 1024 * 1024;


/** Builds the core server (migrations applied) without listening. */
export const createCoreServer = async (options: CoreOptions): Promise<{ server: Hapi.Server; services: CoreServices }> => {

    const settings = validateCoreSettings(options.settings);
    const storage = options.storage ?? openStorage(settings);
    await storage.migrate();

    const services = createServices(settings, storage, options.clock);
    const server = Hapi.server({
        host: settings.host,
        port: settings.port,
        // The CDI's bodies are JSON whatever their content-type says; handlers parse them (transport/input.ts).
        routes: { payload: { parse: false, output: 'data', maxBytes: maxBodyBytes } }
    });

    await server.register({ plugin: transport, options: { apiKeys: settings.apiKeys } });
    server.route(coreRoutes(services));
    addFallbackRoutes(server);

    // Expired sessions and tokens, and audit events past their retention, go in the background, hourly by default.
    const cleanup = setInterval(() => {

        const now = services.clock();
        Promise.all([
            storage.sessions.deleteExpiredSessions(now),
            storage.tokens.deleteExpiredTokens(now),
            storage.audit.deleteOlderThan(now - settings.auditRetentionDays * 86_400_000)
        ]).catch((err) => server.log(['error', 'cleanup'], err));
    }, options.cleanupInterval ?? 3_600_000).unref();

    server.ext('onPostStop', async () => {

        clearInterval(cleanup);
        await storage.close();
    });

    return { server, services };
};

/** Builds and starts the core; `stop()` lets in-flight requests finish, then closes the storage. */
export const startCore = async (options: CoreOptions): Promise<Core> => {

    const { server, services } = await createCoreServer(options);
    await server.start();

    const host = server.info.address?.includes(':') ? `[${server.info.address}]` : server.info.address;
    return {
        server,
        services,
        uri: `http://${host}:${server.info.port}`,
        stop: () => server.stop({ timeout: 10_000 })
    };
};
