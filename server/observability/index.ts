/*
 * What an operator reads: the logger and the metrics of one app instance, made once (server/deployment.ts) and
 * handed to the web server, the SDK's overrides and the embedded core. docs/operations.md describes both.
 */

import type { DestinationStream } from 'pino';

import type { ObservabilitySettings } from '../config';
import { createLogger, type Logger } from './logger';
import { createMetrics, type Metrics } from './metrics';


export type { Logger } from './logger';
export type { Metrics } from './metrics';

export interface Observability {
    readonly logger: Logger;
    readonly metrics: Metrics;
}

/** A logger at the configured level (into `destination` when given) and a fresh metrics registry. */
export const createObservability = (settings: Pick<ObservabilitySettings, 'logLevel' | 'logFormat'>, destination?: DestinationStream): Observability => {

    return { logger: createLogger(settings, { destination }), metrics: createMetrics() };
};

/** For servers built without one (tests of single parts): nothing logged, metrics kept but not served. */
export const quietObservability = (): Observability => createObservability({ logLevel: 'silent', logFormat: 'json' });
