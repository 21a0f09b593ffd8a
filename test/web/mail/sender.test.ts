import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { ExtensionUnavailableError, type ClaimedMailView } from '../../../server/web/core-extensions';
import { MailWorker } from '../../../server/web/mail/mail-worker';
import { mailQueueDepth, pendingMailCount } from '../../../server/web/mail/queue-depth';
import { mailSender } from '../../../server/web/mail/sender';
import type { MailTransport, OutgoingMail } from '../../../server/web/mail/transports';
import { captureMailLog } from '../../helpers/outbox';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, beforeEach, afterEach } = lab;

const message = { to: 'fay@example.com', subject: 'Hello', text: 'secret https://example.com/?token=abc' };

const claimed = (attempts = 1): ClaimedMailView => ({ id: 'id-1', ...message, attempts, createdAt: 1, leaseToken: 'lease', claimedUntil: 2 });

/** A transport that records what it was given and fails while `failing` is set. */
const fakeTransport = (local: boolean) => {

    const delivered: OutgoingMail[] = [];
    const transport = {
        local,
        failing: undefined as Error | undefined,
        delivered,
        deliver: async (mail: OutgoingMail) => {

            if (transport.failing) {
                throw transport.failing;
            }

            delivered.push(mail);
            return local ? '/outbox/file.eml' : undefined;
        }
    };

    return transport satisfies MailTransport;
};

/** Core extensions as the sender and worker use them, each call recorded, each answer set by the test. */
const fakeCore = () => {

    const calls: string[] = [];
    const core = {
        calls,
        available: async () => {

            calls.push('available');
            return true;
        },
        enqueueMail: async (input: { discard?: boolean }) => {

            calls.push(input.discard ? 'enqueue discard' : 'enqueue');
            return input.discard ? {} : { id: 'id-1', message: claimed() };
        },
        claimMail: async () => [] as ClaimedMailView[],
        markMailSent: async (id: string) => void calls.push(`sent ${id === 'id-1' ? 'id-1' : 'other'}`),
        markMailFailed: async (): Promise<{ status: 'OK' | 'LEASE_EXPIRED_ERROR'; state?: 'pending' | 'failed'; nextAttemptAt?: number }> => {

            calls.push('failed');
            return { status: 'OK', state: 'pending', nextAttemptAt: 60_000 };
        },
        mailStats: async () => ({ pending: 3, failed: 1, recentErrors: [] })
    };

    return core;
};


describe('mail sender and worker', () => {

    let log: ReturnType<typeof captureMailLog>;

    beforeEach(() => {

        log = captureMailLog();
    });

    afterEach(() => {

        log.restore();
    });

    it('queues, delivers at once and reports it sent; a local transport before answering', async () => {

        const core = fakeCore();
        const transport = fakeTransport(true);
        const sender = mailSender({ extensions: core, transport, worker: new MailWorker({ extensions: core, transport }) });
        await sender.send(message);
        expect(core.calls).to.equal(['available', 'enqueue', 'sent id-1']);
        expect(transport.delivered).to.have.length(1);
        expect(log.lines).to.equal(['[mail] outbox: "Hello" to f***@example.com → /outbox/file.eml']);
    });

    it('sends directly, without the queue, when the core has none or cannot say', async () => {

        for (const available of [async () => false, async () => Promise.reject(new Error('down'))]) {
            const core = { ...fakeCore(), available };
            const transport = fakeTransport(true);
            await mailSender({ extensions: core, transport, worker: new MailWorker({ extensions: core, transport }) }).send(message);
            expect(core.calls).to.equal([]);
            expect(transport.delivered).to.have.length(1);
        }

        // Direct and local: a failure is the request's; direct by SMTP: logged.
        const core = { ...fakeCore(), available: async () => false };
        const local = fakeTransport(true);
        local.failing = new Error('disk full');
        await expect(mailSender({ extensions: core, transport: local, worker: new MailWorker({ extensions: core, transport: local }) }).send(message)).to.reject('disk full');

        const smtp = fakeTransport(false);
        smtp.failing = new Error('connection refused');
        const worker = new MailWorker({ extensions: core, transport: smtp });
        await mailSender({ extensions: core, transport: smtp, worker }).send(message);
        await new Promise((resolve) => setImmediate(resolve));
        expect(log.lines.slice(-1)).to.equal(['[mail] failed to send "Hello" to f***@example.com: connection refused']);
    });

    it('sends directly when the message cannot be queued, and says so unless the core simply has no queue', async () => {

        for (const [err, logged] of [[new Error('core answered 500'), true], [new ExtensionUnavailableError(), false]] as const) {
            log.lines.length = 0;
            const core = { ...fakeCore(), enqueueMail: () => Promise.reject(err) };
            const transport = fakeTransport(false);
            await mailSender({ extensions: core, transport, worker: new MailWorker({ extensions: core, transport }) }).send(message);
            await new Promise((resolve) => setImmediate(resolve));
            expect(transport.delivered).to.have.length(1);
            const expected = ['[mail] sent "Hello" to f***@example.com'];
            expect(log.lines).to.equal(logged ? ['[mail] could not queue "Hello" to f***@example.com, sending it directly (no retries): core answered 500', ...expected] : expected);
        }
    });

    it('does the queue work of a message without sending one (equal work), and nothing against a core without the queue', async () => {

        const core = fakeCore();
        const local = fakeTransport(true);
        await mailSender({ extensions: core, transport: local, worker: new MailWorker({ extensions: core, transport: local }) }).sendNothing(message);
        expect(core.calls).to.equal(['available', 'enqueue discard', 'sent other']);

        const smtpCore = fakeCore();
        const smtp = fakeTransport(false);
        await mailSender({ extensions: smtpCore, transport: smtp, worker: new MailWorker({ extensions: smtpCore, transport: smtp }) }).sendNothing(message);
        expect(smtpCore.calls).to.equal(['available', 'enqueue discard']);

        const failing = { ...fakeCore(), enqueueMail: () => Promise.reject(new Error('down')) };
        await mailSender({ extensions: failing, transport: smtp, worker: new MailWorker({ extensions: failing, transport: smtp }) }).sendNothing(message);

        const none = { ...fakeCore(), available: async () => false };
        await mailSender({ extensions: none, transport: smtp, worker: new MailWorker({ extensions: none, transport: smtp }) }).sendNothing(message);
        expect(none.calls).to.equal([]);
        expect(smtp.delivered).to.equal([]);
        expect(local.delivered).to.equal([]);
    });

    it('logs each outcome of a failed attempt without the body, and a send it could not record', async () => {

        const outcomes = [
            { status: 'OK', state: 'pending', nextAttemptAt: 60_000 },
            { status: 'OK', state: 'failed' },
            { status: 'LEASE_EXPIRED_ERROR' }
        ] as const;

        const transport = fakeTransport(false);
        transport.failing = new Error('421\n  try later');
        for (const outcome of outcomes) {
            const worker = new MailWorker({ extensions: { ...fakeCore(), markMailFailed: async () => outcome }, transport });
            await worker.deliver(claimed(3));
        }

        await new MailWorker({ extensions: { ...fakeCore(), markMailFailed: () => Promise.reject(new Error('core down')) }, transport }).deliver(claimed(4));
        transport.failing = undefined;
        await new MailWorker({ extensions: { ...fakeCore(), markMailSent: () => Promise.reject(new Error('core down')) }, transport }).deliver(claimed());

        expect(log.lines).to.equal([
            '[mail] failed to send "Hello" to f***@example.com: 421 try later (attempt 3; next attempt 1970-01-01T00:01:00.000Z)',
            '[mail] failed to send "Hello" to f***@example.com: 421 try later (attempt 3; given up)',
            '[mail] failed to send "Hello" to f***@example.com: 421 try later (attempt 3; lease expired)',
            '[mail] failed to send "Hello" to f***@example.com: 421 try later (attempt 4; not recorded: core down)',
            '[mail] sent "Hello" to f***@example.com',
            '[mail] sent "Hello" to f***@example.com but could not record it (it may be sent again): core down'
        ]);
        expect(log.lines.join('\n')).to.not.contain('token');
    });

    it('reports the queue depth for metrics, and nothing against a core without the queue', async () => {

        expect(await mailQueueDepth(fakeCore())).to.equal({ pending: 3, failed: 1 });
        expect(await pendingMailCount(fakeCore())).to.equal(3);
        const none = { ...fakeCore(), available: async () => false };
        expect(await mailQueueDepth(none)).to.be.undefined();
        expect(await pendingMailCount(none)).to.equal(0);
    });

    it('claims batch after batch until the queue has no due message left', async () => {

        const batches = [[claimed(), { ...claimed(), id: 'id-2' }], [{ ...claimed(), id: 'id-3' }]];
        const transport = fakeTransport(false);
        const worker = new MailWorker({ extensions: { ...fakeCore(), claimMail: async () => batches.shift() ?? [] }, transport, batch: 2 });
        expect(await worker.runOnce()).to.equal(3);
        expect(transport.delivered.map((mail) => mail.id)).to.equal(['id-1', 'id-2', 'id-3']);
    });
});
