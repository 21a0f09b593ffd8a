/*
 * The app's Prometheus metrics (prom-client), in a registry of their own: two apps in one process (tests) never
 * share a counter. Each metric is listed, with example alerts, in docs/operations.md (Metrics). Labels hold only
 * bounded sets (route templates, CDI paths, outcomes): never a user id, an address or a raw URL.
 */

import * as PromClient from 'prom-client';


export type SignInOutcome = 'success' | 'wrong_credentials' | 'locked' | 'banned' | 'not_allowed' | 'error';
export type TwoFactorFailure = 'totp' | 'recovery_code';

/** The mail hooks: counters for what the sender did, and the depth of its queue when it has one. */
export interface MailMetrics {
    /** A message was handed to the SMTP server (or written to the dev outbox). */
    sent(): void;
    /** A message could not be sent. */
    failed(): void;
    /** Where `staffgate_mail_queue_depth` reads the number of messages waiting; until one is set it reads 0. */
    setQueueDepthProvider(provider: () => number | Promise<number>): void;
}

export interface Metrics {
    readonly registry: PromClient.Registry;
    readonly mail: MailMetrics;
    /**
     * Adds prom-client's process metrics (CPU, memory, heap, GC, event-loop delay), once. Only for an app whose
     * metrics are served: each set keeps an event-loop monitor and a GC observer for the life of the process.
     */
    collectProcessMetrics(): void;
    /** One answered request: its route template, method, status and duration in seconds. */
    request(route: string, method: string, status: number, seconds: number): void;
    signIn(method: string, outcome: SignInOutcome): void;
    signUp(method: string): void;
    /** An account locked (or its lock extended) after too many wrong passwords. */
    lockout(): void;
    twoFactorFailure(kind: TwoFactorFailure): void;
    /** One call to the core, answered (`status`) or not (`status` undefined: the connection failed). */
    coreCall(method: string, path: string, seconds: number, status: number | undefined): void;
}

const secondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const createMetrics = (): Metrics => {

    const registry = new PromClient.Registry();

    const registers = [registry];
    const requests = new PromClient.Histogram({
        name: 'staffgate_http_request_duration_seconds',
        help: 'Requests answered by the web app, by route template, method and status',
        labelNames: ['route', 'method', 'status'],
        buckets: secondsBuckets,
        registers
    });

    const signIns = new PromClient.Counter({ name: 'staffgate_sign_ins_total', help: 'Sign-in attempts by method and outcome', labelNames: ['method', 'outcome'], registers });
    const signUps = new PromClient.Counter({ name: 'staffgate_sign_ups_total', help: 'Accounts created, by method', labelNames: ['method'], registers });
    const lockouts = new PromClient.Counter({ name: 'staffgate_lockouts_total', help: 'Accounts locked (or locks extended) after too many wrong passwords (embedded core only)', registers });
    const twoFactorFailures = new PromClient.Counter({ name: 'staffgate_two_factor_failures_total', help: 'Wrong second-factor codes, by kind', labelNames: ['kind'], registers });
    const coreCalls = new PromClient.Histogram({
        name: 'staffgate_core_request_duration_seconds',
        help: 'Calls from the web app to the core (SDK and extension endpoints), until the answer\'s headers, by CDI path and status',
        labelNames: ['method', 'path', 'status'],
        buckets: secondsBuckets,
        registers
    });

    const coreErrors = new PromClient.Counter({
        name: 'staffgate_core_request_errors_total',
        help: 'Calls to the core that failed: no connection (status "none") or an error status (5xx, 4xx)',
        labelNames: ['method', 'path', 'status'],
        registers
    });

    const mailSent = new PromClient.Counter({ name: 'staffgate_mail_sent_total', help: 'Messages handed to the SMTP server or the dev outbox', registers });
    const mailFailed = new PromClient.Counter({ name: 'staffgate_mail_failed_total', help: 'Messages that could not be sent', registers });
    let queueDepth: () => number | Promise<number> = () => 0;
    new PromClient.Gauge({
        name: 'staffgate_mail_queue_depth',
        help: 'Messages waiting to be sent (0 without a mail queue)',
        registers,
        async collect() {

            this.set(await queueDepth());
        }
    });

    let collectingProcess = false;
    return {
        registry,
        collectProcessMetrics: () => {

            if (!collectingProcess) {
                collectingProcess = true;
                PromClient.collectDefaultMetrics({ register: registry });      // nodejs_eventloop_lag_*, process_*, nodejs_heap_*, nodejs_gc_*
            }
        },
        mail: {
            sent: () => mailSent.inc(),
            failed: () => mailFailed.inc(),
            setQueueDepthProvider: (provider) => {

                queueDepth = provider;
            }
        },
        request: (route, method, status, seconds) => requests.observe({ route, method, status: String(status) }, seconds),
        signIn: (method, outcome) => signIns.inc({ method, outcome }),
        signUp: (method) => signUps.inc({ method }),
        lockout: () => lockouts.inc(),
        twoFactorFailure: (kind) => twoFactorFailures.inc({ kind }),
        coreCall: (method, path, seconds, status) => {

            const labels = { method, path, status: status === undefined ? 'none' : String(status) };
            coreCalls.observe(labels, seconds);
            if (status === undefined || status >= 400) {
                coreErrors.inc(labels);
            }
        }
    };
};
