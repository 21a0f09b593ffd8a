/*
 * Everything `npm start` runs, as one function tests can call too: the embedded core (unless
 * SUPERTOKENS_CONNECTION_URI names an external one), then the web server pointed at it, then the /metrics listener
 * (METRICS_PORT). One logger and one metrics registry (server/observability) serve all three.
 *
 * The embedded core runs on its own worker thread (CORE_THREAD=on, the default; core/thread.ts) or, with
 * CORE_THREAD=off, on the web server's event loop, where tests can reach into it (`core`) and move its clock.
 *
 * The embedded core listens on loopback only. Unless CORE_API_KEYS is set, it gets a random API key for this
 * process, so that other local users of the machine cannot call it directly.
 */

import type * as Hapi from '@hapi/hapi';
import type { DestinationStream } from 'pino';

import { randomApiKey } from './api-key';
import type { Config } from './config';
import type { Core } from './core';
import { startCoreThread, type CoreThread } from './core/thread';
import type { Clock } from './core/services/clock';
import { installCoreTransport } from './core-transport';
import { createObservability, type Observability } from './observability';
import { observeCoreCalls } from './observability/core-calls';
import { startMetricsServer, type MetricsServer } from './observability/metrics-server';
import { createWebServer } from './web/server';


export interface Deployment {
    readonly web: Hapi.Server;
    /** The embedded core, when it runs on the web server's event loop (CORE_THREAD=off). */
    readonly core: Core | undefined;
    /** Where the embedded core listens and what it stores in, on either thread; undefined with an external core. */
    readonly embeddedCore: { readonly uri: string; readonly storageName: string } | undefined;
    /** The logger and metrics of this deployment. */
    readonly observability: Observability;
    /** The /metrics listener, when started and not turned off (METRICS_PORT=off). */
    readonly metricsServer: MetricsServer | undefined;
    /** Stops the web server (in-flight requests finish), then the core. */
    stop(): Promise<void>;
}

export interface DeploymentOptions {
    readonly config: Config;
    /** Start listening (true) or only initialize, for server.inject (false). */
    readonly start: boolean;
    /** The embedded core's clock (tests move it to expire tokens without waiting; needs CORE_THREAD=off); default: the system clock. */
    readonly coreClock?: Clock;
    /** Where the JSON log lines go instead of stdout (tests read them). */
    readonly logDestination?: DestinationStream;
}

export const deployment = async ({ config, start, coreClock, logDestination }: DeploymentOptions): Promise<Deployment> => {

    const observability = createObservability(config.observability, logDestination);
    const onAccountLocked = (userId: string) => {

        observability.metrics.lockout();
        observability.logger.warn({ auth: { event: 'lockout', userId } }, 'account locked after too many wrong passwords');
    };

    let core: Core | undefined;
    let embeddedCore: CoreThread | undefined;                  // or the core on this thread, seen the same way
    let connection = { uri: config.web.connectionUri ?? '', apiKey: config.web.apiKey };
    if (!config.web.connectionUri) {
        const apiKeys = config.core.apiKeys.length ? config.core.apiKeys : [randomApiKey()];
        const settings = { ...config.core, apiKeys };
        if (config.coreThread) {
            if (coreClock) {
                throw new Error('an injected core clock needs the core on the web server\'s thread (CORE_THREAD=off)');
            }

            embeddedCore = await startCoreThread({
                settings,
                log: config.observability,
                onAccountLocked,
                onUnexpectedExit: (reason) => {

                    // Without its core the app can only answer 503s: end the process so that its supervisor restarts it.
                    observability.logger.fatal({ reason }, 'the embedded core\'s thread ended unexpectedly');
                    process.exit(1);
                }
            });
        }
        else {
            // Loaded only here: with the core on its own thread, this thread never needs the core's modules (about 40 MB).
            const { startCore } = await import('./core');
            core = await startCore({ settings, clock: coreClock, logger: observability.logger, onAccountLocked });
            embeddedCore = { uri: core.uri, storageName: core.storage.name, stop: core.stop };
        }

        connection = { uri: embeddedCore.uri, apiKey: apiKeys[0] };
    }

    const stopObservingCore = observeCoreCalls(connection.uri, observability);
    const uninstallCoreTransport = installCoreTransport(connection.uri, observability);
    const web = await createWebServer({ web: config.web, core: connection, observability });
    let metricsServer: MetricsServer | undefined;
    if (start) {
        await web.start();
        const metrics = config.observability.metrics;
        if (metrics) {
            observability.metrics.collectProcessMetrics();
            metricsServer = await startMetricsServer({ ...metrics, registry: observability.metrics.registry, logger: observability.logger });
        }
    }
    else {
        await web.initialize();
    }

    return {
        web,
        core,
        embeddedCore: embeddedCore && { uri: embeddedCore.uri, storageName: embeddedCore.storageName },
        observability,
        metricsServer,
        stop: async () => {

            await metricsServer?.stop();
            await web.stop({ timeout: 10_000 });
            await embeddedCore?.stop();
            uninstallCoreTransport();
            stopObservingCore();
        }
    };
};
