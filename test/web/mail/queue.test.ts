import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { mailLog } from '../../../server/web/auth/mail';
import { CoreExtensions, ExtensionUnavailableError } from '../../../server/web/core-extensions';
import { MailWorker } from '../../../server/web/mail/mail-worker';
import { mailQueueDepth, pendingMailCount } from '../../../server/web/mail/queue-depth';
import { createTransport } from '../../../server/web/mail/transports';
import { signedInAdmin, startAdminApp } from '../../helpers/admin';
import { testApiKey, testClock, type TestClock } from '../../helpers/core';
import { startMailSink, type MailSink } from '../../helpers/mail-sink';
import { captureMailLog } from '../../helpers/outbox';
import type { TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const second = 1000;
const password = 'a long enough password';


const signUp = async (app: TestApp, email: string) => {

    const res = await app.browser().post('/auth/signup', { formFields: [{ id: 'email', value: email }, { id: 'password', value: password }] });
    expect(JSON.parse(res.payload).status).to.equal('OK');
};

const requestReset = async (app: TestApp, email: string) => {

    const res = await app.browser().post('/auth/user/password/reset/token', { formFields: [{ id: 'email', value: email }] });
    expect(JSON.parse(res.payload)).to.equal({ status: 'OK' });
};


describe('the mail queue, through the web app and its workers', () => {

    let sink: MailSink;
    let app: TestApp;
    let clock: TestClock;
    let extensions: CoreExtensions;
    let log: ReturnType<typeof captureMailLog>;

    // A worker of another instance (or of this one after a restart): same core, same SMTP server.
    const newWorker = () => new MailWorker({ extensions, transport: createTransport(app.config.web), batch: 3 });

    before(async () => {

        log = captureMailLog();
        sink = await startMailSink();
        clock = testClock();
        app = await startAdminApp({ SMTP_URL: sink.url, MAIL_FROM: 'Staffgate <staffgate@example.test>', CORE_API_KEYS: testApiKey }, { coreClock: clock.now });
        extensions = new CoreExtensions({ uri: app.core!.uri, apiKey: testApiKey });
    });

    after(async () => {

        log.restore();
        await app.destroy();
        await sink.stop();
    });

    it('queues a reset email before answering and delivers it at once, with a Message-ID of the queued message', async () => {

        await signUp(app, 'queue.ada@example.com');
        await requestReset(app, 'queue.ada@example.com');
        const message = await sink.waitForMail('queue.ada@example.com');
        expect(message.subject).to.equal('Reset your Staffgate password');
        expect(message.headers.get('message-id')).to.match(/^<[0-9a-f]{32}\.\d+@example\.test>$/);

        for (let i = 0; i < 100 && (await mailQueueDepth(extensions))!.pending; ++i) {
            await new Promise((resolve) => setTimeout(resolve, 10));           // marked sent right after the SMTP answer
        }

        expect(await mailQueueDepth(extensions)).to.equal({ pending: 0, failed: 0 });
        expect(await pendingMailCount(extensions)).to.equal(0);
        expect(await newWorker().runOnce()).to.equal(0);                         // nothing left to send
        expect(sink.mailTo('queue.ada@example.com')).to.have.length(1);
    });

    it('keeps a message through an SMTP outage, retries it with backoff, and delivers it once when the server is back, from a new worker', async () => {

        await signUp(app, 'queue.bo@example.com');
        await sink.stop();
        const port = sink.port;
        try {
            await requestReset(app, 'queue.bo@example.com');
            for (let i = 0; i < 200 && !log.lines.some((line) => line.includes('failed to send') && line.includes('q***@example.com')); ++i) {
                await new Promise((resolve) => setTimeout(resolve, 10));
            }

            expect(log.lines.find((line) => line.includes('failed to send'))).to.match(/^\[mail\] failed to send "Reset your Staffgate password" to q\*\*\*@example\.com: .+ \(attempt 1; next attempt /);
            let depth = await extensions.mailStats();
            expect(depth).to.include({ pending: 1, failed: 0 });
            expect(depth.recentErrors[0]).to.include({ to: 'queue.bo@example.com', state: 'pending', attempts: 1 });

            const worker = newWorker();
            expect(await worker.runOnce()).to.equal(0);                          // not due for 30 s
            clock.advance(30 * second);
            expect(await worker.runOnce()).to.equal(1);                          // due: tried, refused again
            depth = await extensions.mailStats();
            expect(depth.recentErrors[0]).to.include({ attempts: 2 });
            expect(depth.recentErrors[0]!.nextAttemptAt! - clock.now()).to.be.within(59 * second, 60 * second);
            clock.advance(30 * second);
            expect(await worker.runOnce()).to.equal(0);                          // the wait doubled
        }
        finally {
            sink = await startMailSink({ port });
        }

        // A restart: a new worker finds the message once it is due, and sends it once.
        clock.advance(30 * second);
        expect(await newWorker().runOnce()).to.equal(1);
        const message = await sink.waitForMail('queue.bo@example.com');
        expect(message.subject).to.equal('Reset your Staffgate password');
        expect(await newWorker().runOnce()).to.equal(0);
        clock.advance(3_600_000);
        expect(await newWorker().runOnce()).to.equal(0);
        expect(sink.mailTo('queue.bo@example.com')).to.have.length(1);
        expect(await extensions.mailStats()).to.include({ pending: 0, failed: 0 });
        expect(log.lines.join('\n')).to.not.contain('token=');
    });

    it('never has two workers deliver the same message', async () => {

        const addresses = Array.from({ length: 12 }, (_, i) => `queue.many-${i}@example.com`);
        for (const to of addresses) {
            await extensions.enqueueMail({ to, subject: 'Notice', text: `Hello ${to}` });
        }

        const counts = await Promise.all([newWorker().runOnce(), newWorker().runOnce(), newWorker().runOnce()]);
        expect(counts.reduce((sum, count) => sum + count, 0)).to.equal(12);
        for (const to of addresses) {
            expect(sink.mailTo(to)).to.have.length(1);
        }
    });

    it('shows pending and failed mail, and the latest errors, on the admin overview', async () => {

        await extensions.enqueueMail({ to: 'queue.cy@example.com', subject: 'Waiting <b>here</b>', text: 'secret body' });
        const [claimed] = await extensions.claimMail(1, 60_000);
        await extensions.markMailFailed(claimed!.id, claimed!.leaseToken, '421 try again <later>');
        await extensions.enqueueMail({ to: 'queue.di@example.com', subject: 'Given up', text: 'secret body' });
        clock.advance(25 * 3_600_000);
        const claimedLater = await extensions.claimMail(10, 60_000);
        const old = claimedLater.find((message) => message.to === 'queue.cy@example.com')!;
        expect(await extensions.markMailFailed(old.id, old.leaseToken, '550 mailbox unavailable')).to.equal({ status: 'OK', state: 'failed' });

        const admin = await signedInAdmin(app);
        const res = await admin.browser.get('/admin');
        expect(res.statusCode).to.equal(200);
        const section = res.payload.slice(res.payload.indexOf('id="mail-panel"'));
        expect(section).to.contain('<span id="mail-pending">1</span> waiting to be sent');
        expect(section).to.contain('<span id="mail-failed">1</span> failed');
        expect(section).to.contain('Waiting &lt;b&gt;here&lt;/b&gt; to queue.cy@example.com');
        expect(section).to.contain('data-state="failed"');
        expect(section).to.contain('550 mailbox unavailable');
        expect(section).to.not.contain('secret body');

        // Sent: the section says so.
        for (const message of claimedLater.filter((item) => item !== old)) {
            await extensions.markMailSent(message.id);
        }

        const after_ = await admin.browser.get('/admin');
        expect(after_.payload).to.contain('<span id="mail-pending">0</span>');
    });

    it('polls while the server runs and stops with it', async () => {

        const worker = new MailWorker({ extensions, transport: createTransport(app.config.web), pollMs: 20 });
        worker.start();
        worker.start();                                                          // once is enough
        await extensions.enqueueMail({ to: 'queue.ed@example.com', subject: 'Polled', text: 'Hello' });
        const message = await sink.waitForMail('queue.ed@example.com');
        expect(message.subject).to.equal('Polled');
        await worker.stop();
    });

    it('keeps polling when the core is unreachable, and stops, saying so, against a core without the queue', async () => {

        const lines: string[] = [];
        const original = mailLog.sink;
        mailLog.sink = (line) => void lines.push(line);
        try {
            const answers = [new Error('core down'), new ExtensionUnavailableError()];
            const worker = new MailWorker({
                extensions: { ...extensions, claimMail: () => Promise.reject(answers.shift()), markMailSent: async () => { }, markMailFailed: () => Promise.reject(new Error('not called')) },
                transport: createTransport(app.config.web),
                pollMs: 10
            });
            worker.start();
            await new Promise((resolve) => setTimeout(resolve, 50));
            await worker.stop();
        }
        finally {
            mailLog.sink = original;
        }

        expect(lines).to.equal(['[mail] could not poll the mail queue: core down', '[mail] the core has no mail queue (an official SuperTokens core?): mail is sent directly, without retries']);
    });
});
