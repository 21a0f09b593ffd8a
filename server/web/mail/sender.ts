/*
 * Sending a message from a request: it is stored in the core's mail queue first (durably: the core commits before it
 * answers), already claimed by this process, then delivered at once. The outbox (a local file) is written before the
 * request answers; SMTP runs in the background, so the answer's timing does not depend on the SMTP server (nor tell
 * whether an email was sent). A failed delivery stays in the queue and is retried by any instance's worker.
 *
 * Against a core without the queue (an official SuperTokens core), or when the queue cannot be reached, the message
 * is sent directly, as before the queue existed: without retries, which the log says.
 */

import * as Crypto from 'crypto';

import { ExtensionUnavailableError, type CoreExtensions } from '../core-extensions';
import { mailLog, maskEmail, type MailMessage } from '../auth/mail';
import type { MailWorker } from './mail-worker';
import type { MailTransport } from './transports';


export interface MailSender {
    send(message: MailMessage): Promise<void>;
    /** Stores a message and deletes it again, as `send` would store one, sending nothing: equal work for requests that must not show they sent nothing. */
    sendNothing(message: MailMessage): Promise<void>;
    /** Whether the core has the queue (asked once, then known): asked at start, so no request pays for the question. */
    ready(): Promise<boolean>;
}

export interface MailSenderOptions {
    readonly extensions: Pick<CoreExtensions, 'available' | 'enqueueMail' | 'markMailSent'>;
    readonly transport: MailTransport;
    readonly worker: MailWorker;
}


export const mailSender = ({ extensions, transport, worker }: MailSenderOptions): MailSender => {

    const direct = async (message: MailMessage) => {

        const what = `"${message.subject}" to ${maskEmail(message.to)}`;
        const delivery = transport.deliver({ ...message, id: Crypto.randomUUID(), createdAt: Date.now() }).then(
            (where) => {

                mailLog.metrics?.sent();
                mailLog.sink(where ? `[mail] outbox: ${what} → ${where}` : `[mail] sent ${what}`);
            },
            (err: Error) => {

                mailLog.metrics?.failed();
                if (transport.local) {
                    throw err;
                }

                mailLog.sink(`[mail] failed to send ${what}: ${err.message}`, 'warn');
            });

        if (transport.local) {
            await delivery;
        }
    };

    const queueAvailable = async () => {

        try {
            return await extensions.available();
        }
        catch {
            return false;
        }
    };

    return {
        send: async (message) => {

            if (!await queueAvailable()) {
                return direct(message);
            }

            let claimed;
            try {
                claimed = (await extensions.enqueueMail({ ...message, leaseMs: worker.leaseMs })).message!;
            }
            catch (err) {
                if (!(err instanceof ExtensionUnavailableError)) {
                    mailLog.sink(`[mail] could not queue "${message.subject}" to ${maskEmail(message.to)}, sending it directly (no retries): ${(err as Error).message}`);
                }

                return direct(message);
            }

            const delivery = worker.deliver(claimed);
            if (transport.local) {
                await delivery;
            }
        },
        sendNothing: async (message) => {

            if (!await queueAvailable()) {
                return;
            }

            try {
                await extensions.enqueueMail({ ...message, discard: true });
                if (transport.local) {
                    // A local delivery reports "sent" before the request answers: so does this, for a message that is not there.
                    await extensions.markMailSent(Crypto.randomUUID());
                }
            }
            catch { }
        },
        ready: queueAvailable
    };
};
