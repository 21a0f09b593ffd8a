/*
 * Every call the web app makes to the core, timed and counted: the SDK's CDI calls and our extension calls
 * (web/core-extensions.ts) both go through the global fetch. A call to a plain-http core is carried by
 * core-transport.ts, which records it here; any other (an https core) goes to Node's fetch, whose client (undici)
 * reports each request on diagnostics channels. Observing those channels sees the SDK's calls without patching it
 * (its `networkInterceptor` sees a request, never its answer). Only requests to the core's origins count.
 *
 * A failed call (no connection, or an error status) is logged at warn: method, path without its query (a query
 * may hold an email or a user id), status, duration. Never headers: they carry the core's API key.
 */

import * as DiagnosticsChannel from 'diagnostics_channel';
import { performance } from 'perf_hooks';

import type { Logger } from './logger';
import type { Metrics } from './metrics';


interface UndiciRequest {
    readonly origin: string;
    readonly method: string;
    readonly path: string;
}

const channels = {
    create: 'undici:request:create',
    headers: 'undici:request:headers',
    error: 'undici:request:error'
} as const;

export interface CoreCallObserver {
    readonly metrics: Metrics;
    readonly logger: Logger;
}

export interface CoreCall {
    readonly method: string;
    readonly path: string;                              // may carry a query: it is cut off here
    readonly seconds: number;                           // until the answer's headers
    readonly status: number | undefined;                // undefined: no answer
    readonly error?: Error | undefined;
}

/** The URLs in a core connection URI (one or more, separated by `;`, as supertokens-node takes them). */
export const coreUrls = (coreUri: string): URL[] => coreUri.split(';').map((uri) => uri.trim()).filter(Boolean).map((uri) => new URL(uri));

/** Counts and times one call to the core; logs a failed one at warn. Used for what undici carries and for core-transport.ts. */
export const recordCoreCall = (observer: CoreCallObserver, call: CoreCall) => {

    const path = call.path.split('?')[0]!;
    observer.metrics.coreCall(call.method, path, call.seconds, call.status);
    if (call.status === undefined || call.status >= 400) {
        const reason = call.error ? (call.error as NodeJS.ErrnoException).code ?? call.error.message : undefined;
        observer.logger.warn({ core: { method: call.method, path, status: call.status ?? null, ms: Math.round(call.seconds * 1000), ...(reason ? { reason } : {}) } }, 'core call failed');
    }
};

/** Starts observing calls to `coreUri` (one or more URIs separated by `;`); returns the function that stops. */
export const observeCoreCalls = (coreUri: string, observer: CoreCallObserver): (() => void) => {

    const origins = new Set(coreUrls(coreUri).map((url) => url.origin));
    const started = new WeakMap<UndiciRequest, number>();

    const finish = (request: UndiciRequest, status: number | undefined, error?: Error) => {

        const start = started.get(request);
        if (start === undefined) {
            return;
        }

        started.delete(request);
        recordCoreCall(observer, { method: request.method, path: request.path, seconds: (performance.now() - start) / 1000, status, error });
    };

    const onCreate = (message: unknown) => {

        const { request } = message as { request: UndiciRequest };
        if (origins.has(request.origin)) {
            started.set(request, performance.now());
        }
    };

    const onHeaders = (message: unknown) => {

        const { request, response } = message as { request: UndiciRequest; response: { statusCode: number } };
        finish(request, response.statusCode);
    };

    const onError = (message: unknown) => {

        const { request, error } = message as { request: UndiciRequest; error: Error };
        finish(request, undefined, error);
    };

    DiagnosticsChannel.subscribe(channels.create, onCreate);
    DiagnosticsChannel.subscribe(channels.headers, onHeaders);
    DiagnosticsChannel.subscribe(channels.error, onError);
    return () => {

        DiagnosticsChannel.unsubscribe(channels.create, onCreate);
        DiagnosticsChannel.unsubscribe(channels.headers, onHeaders);
        DiagnosticsChannel.unsubscribe(channels.error, onError);
    };
};
