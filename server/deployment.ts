/*
 * Everything `npm start` runs, as one function tests can call too: the embedded core (unless
 * SUPERTOKENS_CONNECTION_URI names an external one), then the web server pointed at it, then the /metrics listener
 * (METRICS_PORT). One logger and one metrics registry (server/observability) serve all three.
 *
 * The embedded core listens on loopback only. Unless CORE_API_KEYS is set, it gets a random API key for this
 * process, so that other local users of the machine cannot call it directly.
 */

import type * as Hapi from '@hapi/hapi';
import type { DestinationStream } from 'pino';

import { randomApiKey } from './api-key';
import type { Config } from './config';
import { startCore, type Core } from './core';
import type { Clock } from './core/services/clock';
import { createObservability, type Observability } from './observability';
import { observeCoreCalls } from './observability/core-calls';
import { startMetricsServer, type MetricsServer } from './observability/metrics-server';
import { createWebServer } from './web/server';


export interface Deployment {
    readonly web: Hapi.Server;
    /** The embedded core, when there is one. */
    readonly core: Core | undefined;
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
    /** The embedded core's clock (tests move it to expire tokens without waiting); default: the system clock. */
    readonly coreClock?: Clock;
    /** Where the JSON log lines go instead of stdout (tests read them). */
    readonly logDestination?: DestinationStream;
}

export const deployment = async ({ config, start, coreClock, logDestination }: DeploymentOptions): Promise<Deployment> => {

    const observability = createObservability(config.observability, logDestination);
    let core: Core | undefined;
    let connection = { uri: config.web.connectionUri ?? '', apiKey: config.web.apiKey };
    if (!config.web.connectionUri) {
        const apiKeys = config.core.apiKeys.length ? config.core.apiKeys : [randomApiKey()];
        core = await startCore({
            settings: { ...config.core, apiKeys },
            clock: coreClock,
            logger: observability.logger,
            onAccountLocked: (userId) => {

                observability.metrics.lockout();
                observability.logger.warn({ auth: { event: 'lockout', userId } }, 'account locked after too many wrong passwords');
            }
        });
        connection = { uri: core.uri, apiKey: apiKeys[0] };
    }

    const stopObservingCore = observeCoreCalls(connection.uri, observability);
    const web = await createWebServer({ web: config.web, core: connection, development: config.env === 'development', observability });
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
        observability,
        metricsServer,
        stop: async () => {

            await metricsServer?.stop();
            await web.stop({ timeout: 10_000 });
            await core?.stop();
            stopObservingCore();
        }
    };
};
