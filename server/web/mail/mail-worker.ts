/*
 * Delivers the core's queued mail: each message this process claims (at enqueue, or by polling) goes out through
 * the transport and is reported back, sent or failed. The core decides when a failed message is due again (backoff)
 * and when it is given up; the lease keeps other instances off a message while it is being delivered here.
 *
 * Log lines name the subject and a masked address, never the body (reset and verification links are secrets).
 */

import type { ClaimedMailView, CoreExtensions } from '../core-extensions';
import { ExtensionUnavailableError } from '../core-extensions';
import { mailLog, maskEmail } from '../auth/mail';
import type { MailTransport } from './transports';


export interface MailWorkerOptions {
    readonly extensions: Pick<CoreExtensions, 'claimMail' | 'markMailSent' | 'markMailFailed'>;
    readonly transport: MailTransport;
    /** How long a claim keeps other instances off a message, ms: longer than an SMTP attempt can take. */
    readonly leaseMs?: number;
    /** How often the queue is polled for due messages (retries, and messages a stopped instance left), ms. */
    readonly pollMs?: number;
    /** Messages claimed at a time. */
    readonly batch?: number;
}

export const mailWorkerDefaults = { leaseMs: 120_000, pollMs: 15_000, batch: 10 };


export class MailWorker {

    readonly #options: Required<MailWorkerOptions>;
    #timer: NodeJS.Timeout | undefined;
    #running: Promise<unknown> | undefined;
    #stopped = true;
    /** Deliveries started and not yet reported, awaited by `settle()`. */
    readonly #inFlight = new Set<Promise<void>>();

    constructor(options: MailWorkerOptions) {

        this.#options = { ...mailWorkerDefaults, ...options };
    }

    get leaseMs(): number {

        return this.#options.leaseMs;
    }

    /** Delivers one claimed message and reports the outcome; never throws (failures are the queue's to retry). */
    deliver(message: ClaimedMailView): Promise<void> {

        const delivery = this.#deliver(message).finally(() => this.#inFlight.delete(delivery));
        this.#inFlight.add(delivery);
        return delivery;
    }

    async #deliver(message: ClaimedMailView): Promise<void> {

        const { extensions, transport } = this.#options;
        const what = `"${message.subject}" to ${maskEmail(message.to)}`;
        let where: string | undefined;
        try {
            where = await transport.deliver(message);
        }
        catch (err) {
            await this.#reportFailure(message, what, err as Error);
            return;
        }

        mailLog.metrics?.sent();
        mailLog.sink(where ? `[mail] outbox: ${what} → ${where}` : `[mail] sent ${what}`);
        try {
            await extensions.markMailSent(message.id);
        }
        catch (err) {
            // Sent, but not recorded: when the lease runs out it is sent again, with the same Message-ID.
            mailLog.sink(`[mail] sent ${what} but could not record it (it may be sent again): ${(err as Error).message}`);
        }
    }

    async #reportFailure(message: ClaimedMailView, what: string, err: Error): Promise<void> {

        const reason = err.message.replace(/\s+/g, ' ').slice(0, 400);
        mailLog.metrics?.failed();
        try {
            const result = await this.#options.extensions.markMailFailed(message.id, message.leaseToken, reason);
            const next = result.state === 'failed' ? 'given up' : result.nextAttemptAt ? `next attempt ${new Date(result.nextAttemptAt).toISOString()}` : 'lease expired';
            mailLog.sink(`[mail] failed to send ${what}: ${reason} (attempt ${message.attempts}; ${next})`, 'warn');
        }
        catch (reportErr) {
            // Not recorded: the lease runs out and the message is tried again.
            mailLog.sink(`[mail] failed to send ${what}: ${reason} (attempt ${message.attempts}; not recorded: ${(reportErr as Error).message})`, 'warn');
        }
    }

    /** Claims the due messages (a batch at a time, until none are left) and delivers them; answers how many. */
    async runOnce(): Promise<number> {

        const { extensions, batch, leaseMs } = this.#options;
        let delivered = 0;
        for (;;) {
            const claimed = await extensions.claimMail(batch, leaseMs);
            await Promise.all(claimed.map((message) => this.deliver(message)));
            delivered += claimed.length;
            if (claimed.length < batch) {
                return delivered;
            }
        }
    }

    /** Polls every `pollMs` until `stop()`; a failing poll (core unreachable) is logged and tried again. */
    start(): void {

        if (!this.#stopped) {
            return;
        }

        this.#stopped = false;
        const poll = async () => {

            try {
                await this.runOnce();
            }
            catch (err) {
                if (err instanceof ExtensionUnavailableError) {
                    mailLog.sink('[mail] the core has no mail queue (an official SuperTokens core?): mail is sent directly, without retries');
                    this.#stopped = true;
                    return;
                }

                mailLog.sink(`[mail] could not poll the mail queue: ${(err as Error).message}`);
            }

            if (!this.#stopped) {
                this.#timer = setTimeout(() => void (this.#running = poll()), this.#options.pollMs);
            }
        };

        this.#running = poll();
    }

    /** Stops polling and waits for the deliveries in progress. */
    async stop(): Promise<void> {

        this.#stopped = true;
        clearTimeout(this.#timer);
        await this.#running;
        await this.settle();
    }

    /** Waits for every delivery started so far. */
    async settle(): Promise<void> {

        while (this.#inFlight.size) {
            await Promise.all([...this.#inFlight]);
        }
    }
}
