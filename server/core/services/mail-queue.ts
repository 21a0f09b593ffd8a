/*
 * The mail queue (a Staffgate extension): the web app stores every email here before it answers the request that
 * caused it, and the web app's workers (any number of instances) deliver them.
 *
 * Invariants:
 * - A message is claimed by one worker at a time: a claim is one atomic statement that gives it a lease (a random
 *   token, valid until `claimed_until`). A worker that dies mid-delivery loses nothing: the lease runs out and
 *   another worker claims the message again.
 * - Only the lease's holder may report a failure; marking sent is idempotent (any worker, any number of times).
 *   A crash between the SMTP server's acceptance and "mark sent" makes a second delivery of the same message, with
 *   the same Message-ID (built from the id by the web app): at-least-once, which receivers can deduplicate.
 * - Failures are retried with exponential backoff (30 s doubling up to 1 h) for 24 h from enqueueing, then the
 *   message is failed. The body (which holds reset and verification links, secrets) is emptied as soon as the message is sent
 *   or failed, and finished rows are deleted by the maintenance timer after `retentionMs`.
 * - Bodies and addresses are never logged here.
 */

import type { MailQueueStore, QueuedMailRecord } from '../storage';
import type { Clock } from './clock';
import { randomToken, randomUuid } from './crypto';
import { InvalidInputError } from './errors';


export interface MailQueuePolicy {
    /** How long after enqueueing failed deliveries are retried, ms. */
    readonly retryForMs: number;
    /** The wait after the first failure, ms; it doubles with each attempt... */
    readonly firstRetryMs: number;
    /** ...up to this, ms. */
    readonly maxRetryMs: number;
}

export const defaultMailQueuePolicy: MailQueuePolicy = {
    retryForMs: 24 * 3_600_000,
    firstRetryMs: 30_000,
    maxRetryMs: 3_600_000
};

/** A claimed message, as a worker needs it. */
export interface ClaimedMailView {
    readonly id: string;
    readonly to: string;
    readonly subject: string;
    readonly text: string;
    readonly attempts: number;
    readonly createdAt: number;
    readonly leaseToken: string;
    readonly claimedUntil: number;
}

/** A message with an error, for the admin overview (no body). */
export interface MailErrorView {
    readonly id: string;
    readonly to: string;
    readonly subject: string;
    readonly state: 'pending' | 'failed';
    readonly attempts: number;
    readonly createdAt: number;
    readonly lastError: string;
    readonly lastErrorAt: number;
    readonly nextAttemptAt?: number;
}

const limits = {
    to: 320,
    subject: 300,
    text: 100_000,
    error: 500,
    leaseMs: { min: 1_000, max: 3_600_000 },
    claim: 100,
    recentErrors: 50
};


export class MailQueue {

    readonly #appId: string;
    readonly #store: MailQueueStore;
    readonly #clock: Clock;
    readonly #policy: MailQueuePolicy;

    constructor(appId: string, store: MailQueueStore, clock: Clock, policy: MailQueuePolicy = defaultMailQueuePolicy) {

        this.#appId = appId;
        this.#store = store;
        this.#clock = clock;
        this.#policy = policy;
    }

    /**
     * Stores a message, durably, before answering. With `leaseMs` it comes back already claimed by the caller (who
     * delivers it at once); with `discard` it is stored and deleted again in one transaction: the same work as a real
     * message, for requests that must not show whether they sent one.
     */
    async enqueue(input: { to: string; subject: string; text: string; leaseMs?: number; discard?: boolean }) {

        const now = this.#clock();
        const mail = {
            id: randomUuid(),
            to: checkedLine('to', input.to, limits.to),
            subject: checkedLine('subject', input.subject, limits.subject),
            text: checked('text', input.text, limits.text),
            createdAt: now
        };

        if (!mail.to.includes('@')) {
            throw new InvalidInputError('Field name \'to\' is invalid in JSON input');
        }

        if (input.discard) {
            await this.#store.enqueueDiscarded(this.#appId, mail);
            return { status: 'OK' };
        }

        if (input.leaseMs === undefined) {
            const stored = await this.#store.enqueue(this.#appId, mail);
            return { status: 'OK', id: stored.id };
        }

        const lease = { token: randomToken(24), until: now + leaseOf(input.leaseMs) };
        const stored = await this.#store.enqueue(this.#appId, mail, lease);
        return { status: 'OK', id: stored.id, message: claimedView(stored) };
    }

    /** Claims up to `limit` messages that are due, each for `leaseMs`. */
    async claim(limit: number, leaseMs: number) {

        if (limit < 1 || limit > limits.claim) {                            // an integer: the route checks
            throw new InvalidInputError('Field name \'limit\' is invalid in JSON input');
        }

        const now = this.#clock();
        const lease = { token: randomToken(24), until: now + leaseOf(leaseMs) };
        const claimed = await this.#store.claim(this.#appId, now, lease, limit);
        return { status: 'OK', messages: claimed.map(claimedView) };
    }

    /** Idempotent: OK when the message is sent (by this call or an earlier one). */
    async markSent(id: string) {

        return await this.#store.markSent(this.#appId, id, this.#clock()) ? { status: 'OK' } : { status: 'UNKNOWN_MESSAGE_ERROR' };
    }

    /**
     * A delivery attempt failed: the next one is scheduled with backoff, or, 24 h after enqueueing, the message is
     * failed. `LEASE_EXPIRED_ERROR` when the lease is no longer the caller's (another worker has the message now, or
     * it was sent meanwhile): nothing changes.
     */
    async markFailed(id: string, leaseToken: string, error: string) {

        const now = this.#clock();
        const { state, attempts, createdAt } = await this.#current(id, leaseToken);
        if (state !== 'pending') {
            return { status: 'LEASE_EXPIRED_ERROR' };
        }

        const delay = Math.min(this.#policy.firstRetryMs * 2 ** Math.max(0, attempts - 1), this.#policy.maxRetryMs);
        const retryAt = now - createdAt >= this.#policy.retryForMs ? undefined : now + delay;
        const changed = await this.#store.markFailed(this.#appId, id, leaseToken, { error: error.slice(0, limits.error), now, retryAt });
        // Undefined only when the lease ran out and another worker claimed the message between the read and the write.
        // $lab:coverage:off$
        if (!changed) {
            return { status: 'LEASE_EXPIRED_ERROR' };
        }
        // $lab:coverage:on$

        return changed.state === 'failed' ? { status: 'OK', state: 'failed' } : { status: 'OK', state: 'pending', nextAttemptAt: changed.nextAttemptAt };
    }

    /** Queue depth, for the admin overview and metrics: pending and failed counts, and the latest errors. */
    async stats(limit: number) {

        if (limit < 0 || limit > limits.recentErrors) {
            throw new InvalidInputError('Field name \'limit\' is invalid in GET request');
        }

        const [counts, errors] = await Promise.all([
            this.#store.counts(this.#appId),
            limit ? this.#store.recentErrors(this.#appId, limit) : []
        ]);

        return { status: 'OK', pending: counts.pending, failed: counts.failed, recentErrors: errors.map(errorView) };
    }

    /** The message's state as the lease holder sees it: anything but `pending` means the caller's lease is gone. */
    async #current(id: string, leaseToken: string): Promise<{ state: string; attempts: number; createdAt: number }> {

        const found = await this.#store.get(this.#appId, id);
        return found && found.leaseToken === leaseToken ? found : { state: 'gone', attempts: 0, createdAt: 0 };
    }
}


const checked = (name: string, value: string, max: number): string => {

    if (!value.length || value.length > max) {
        throw new InvalidInputError(`Field name '${name}' is invalid in JSON input`);
    }

    return value;
};

/** One line: no CR or LF (they would end a mail header). */
const checkedLine = (name: string, value: string, max: number): string => {

    if (/[\r\n]/.test(value)) {
        throw new InvalidInputError(`Field name '${name}' is invalid in JSON input`);
    }

    return checked(name, value, max);
};

const leaseOf = (leaseMs: number): number => {

    if (leaseMs < limits.leaseMs.min || leaseMs > limits.leaseMs.max) {          // an integer: the route checks
        throw new InvalidInputError('Field name \'leaseMs\' is invalid in JSON input');
    }

    return leaseMs;
};

const claimedView = (mail: QueuedMailRecord): ClaimedMailView => ({
    id: mail.id,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    attempts: mail.attempts,
    createdAt: mail.createdAt,
    leaseToken: mail.leaseToken!,
    claimedUntil: mail.claimedUntil!
});

const errorView = (mail: QueuedMailRecord): MailErrorView => ({
    id: mail.id,
    to: mail.to,
    subject: mail.subject,
    state: mail.state as MailErrorView['state'],
    attempts: mail.attempts,
    createdAt: mail.createdAt,
    lastError: mail.lastError!,
    lastErrorAt: mail.lastErrorAt!,
    ...(mail.state === 'pending' ? { nextAttemptAt: mail.nextAttemptAt } : {})
});
