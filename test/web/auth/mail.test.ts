import * as Fs from 'fs';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { createLogger } from '../../../server/observability/logger';
import { mailLog, maskEmail, parseMailFrom, parseSmtpUrl, writeToOutbox } from '../../../server/web/auth/mail';
import { captureLog } from '../../helpers/log-capture';
import { startMailSink, type MailSink } from '../../helpers/mail-sink';
import { captureMailLog, linkTo, outboxTo, readOutbox } from '../../helpers/outbox';
import { freePort } from '../../helpers/processes';
import { sleep } from '../../helpers/session-tools';
import { startTestApp, type Browser, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after, beforeEach, afterEach } = lab;

const password = 'a long enough password';

const signUp = async (browser: Browser, email: string) => {

    const res = await browser.post('/auth/signup', { formFields: [{ id: 'email', value: email }, { id: 'password', value: password }] });
    expect(JSON.parse(res.payload).status).to.equal('OK');
    return res;
};

const requestReset = async (app: TestApp, email: string) => {

    const res = await app.browser().post('/auth/user/password/reset/token', { formFields: [{ id: 'email', value: email }] });
    expect(res.statusCode).to.equal(200);
    expect(JSON.parse(res.payload)).to.equal({ status: 'OK' });
};

/** Records the URL of every fetch the process makes (the SDK uses the global fetch). */
const recordFetches = () => {

    const urls: string[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = (input, init) => {

        urls.push(input instanceof Request ? input.url : String(input));
        return original(input, init);
    };

    return { urls, restore: () => (globalThis.fetch = original) };
};


describe('Email delivery', () => {

    describe('settings', () => {

        it('parses smtp and smtps URLs with credentials, encoded characters and default ports', () => {

            expect(parseSmtpUrl('smtp://mailer:s%3Acret%40x@mail.example.com:2525')).to.equal({ host: 'mail.example.com', port: 2525, secure: false, authUsername: 'mailer', password: 's:cret@x' });
            expect(parseSmtpUrl('smtps://a%40b.com:pw@mail.example.com')).to.equal({ host: 'mail.example.com', port: 465, secure: true, authUsername: 'a@b.com', password: 'pw' });
            expect(parseSmtpUrl('smtp://relay.internal')).to.equal({ host: 'relay.internal', port: 587, secure: false, authUsername: undefined, password: '' });
            expect(parseSmtpUrl('smtp://[::1]:25').host).to.equal('::1');
            expect(() => parseSmtpUrl('http://mail.example.com')).to.throw('SMTP_URL must start with smtp:// or smtps://');
        });

        it('reads MAIL_FROM as a name and an address, or a bare address', () => {

            expect(parseMailFrom('Staffgate <no-reply@localhost>')).to.equal({ name: 'Staffgate', email: 'no-reply@localhost' });
            expect(parseMailFrom('"IT Desk" <it@example.com>')).to.equal({ name: 'IT Desk', email: 'it@example.com' });
            expect(parseMailFrom('it@example.com')).to.equal({ name: 'Staffgate', email: 'it@example.com' });
            expect(parseMailFrom('<it@example.com>')).to.equal({ name: 'Staffgate', email: 'it@example.com' });
        });

        it('masks emails in log lines', () => {

            expect(maskEmail('dana.scully@example.com')).to.equal('d***@example.com');
        });

        it('logs to the app\'s logger, and to the console before an app has set one', () => {

            const lines: unknown[] = [];
            const original = { info: console.info, logger: mailLog.logger };
            console.info = (line: unknown) => lines.push(line);
            try {
                mailLog.logger = undefined;
                mailLog.sink('[mail] hello');
                const captured = captureLog();
                mailLog.logger = createLogger({ logLevel: 'info', logFormat: 'json' }, { destination: captured.destination });
                mailLog.sink('[mail] sent', 'info');
                mailLog.sink('[mail] failed', 'warn');
                expect(captured.lines().map((line) => [line.level, line.msg, line.tags])).to.equal([[30, '[mail] sent', ['mail']], [40, '[mail] failed', ['mail']]]);
            }
            finally {
                console.info = original.info;
                mailLog.logger = original.logger;
            }

            expect(lines).to.equal(['[mail] hello']);
        });
    });

    describe('dev outbox (no SMTP_URL)', () => {

        let app: TestApp;
        let log: ReturnType<typeof captureMailLog>;

        before(async () => {

            app = await startTestApp();
        });

        after(async () => {

            await app.destroy();
        });

        beforeEach(() => {

            log = captureMailLog();
        });

        afterEach(() => {

            log.restore();
        });

        it('writes the password reset email before answering, with the reset link, and logs it without the token', async () => {

            await signUp(app.browser(), 'olive@example.com');
            await requestReset(app, 'olive@example.com');

            const [message, ...others] = await outboxTo(app.config.web.outboxDir, 'olive@example.com');      // no waiting
            expect(others).to.have.length(0);
            expect(message!.subject).to.equal('Reset your Staffgate password');
            expect(message!.raw).to.contain('From: Staffgate <no-reply@localhost>\r\nTo: olive@example.com\r\n');
            expect(message!.raw).to.match(/^Message-ID: <[0-9a-f]+\.\d+@staffgate\.outbox>\r$/m);
            expect(message!.raw).to.contain('Content-Type: text/plain; charset=utf-8\r\n');

            const link = linkTo(message!, '/auth/reset-password');
            expect(link.origin).to.equal(app.config.web.websiteDomain);
            expect(link.searchParams.get('token')).to.match(/^[A-Za-z0-9_-]{20,}/);
            expect(link.searchParams.get('tenantId')).to.equal('public');
            expect(message!.raw).to.contain(`${app.config.web.websiteDomain}/auth/reset-password?token=${link.searchParams.get('token')}`);

            const line = log.lines.find((entry) => entry.includes('Reset your Staffgate password'));
            expect(line).to.contain('o***@example.com');
            expect(line).to.contain(message!.file);
            expect(line).to.not.contain(link.searchParams.get('token')!);
            expect(log.lines.join('\n')).to.not.contain('olive@example.com');
        });

        it('keeps messages private to the owner of the data directory', async () => {

            await writeToOutbox(app.config.web.outboxDir, 'Staffgate <no-reply@localhost>', { to: 'x@example.com', subject: 'Private', text: 'secret link' });
            const [message] = await outboxTo(app.config.web.outboxDir, 'x@example.com');
            const mode = Fs.statSync(`${app.config.web.outboxDir}/${message!.file}`).mode & 0o777;
            expect(mode).to.equal(0o600);
        });

        it('encodes a non-ASCII subject and refuses line breaks in headers', async () => {

            await writeToOutbox(app.config.web.outboxDir, 'Staffgate <no-reply@localhost>', { to: 'y@example.com\r\nBcc: evil@example.com', subject: 'Grüße', text: 'Hallo' });
            const raw = (await readOutbox(app.config.web.outboxDir)).find((message) => message.subject === 'Grüße')!.raw;
            expect(raw).to.contain('Subject: =?UTF-8?B?');
            expect(raw).to.not.match(/^Bcc:/m);
        });

        it('writes the verification email with the verify-email link', async () => {

            const browser = app.browser();
            await signUp(browser, 'vera@example.com');
            const res = await browser.post('/auth/user/email/verify/token', {});
            expect(JSON.parse(res.payload)).to.equal({ status: 'OK' });

            const [message] = await outboxTo(app.config.web.outboxDir, 'vera@example.com');
            expect(message!.subject).to.equal('Confirm your email address for Staffgate');
            const link = linkTo(message!, '/auth/verify-email');
            expect(`${link.origin}${link.pathname}?token=`).to.equal(`${app.config.web.websiteDomain}/auth/verify-email?token=`);
            expect(link.searchParams.get('token')).to.exist();
            expect(log.lines.join('\n')).to.not.contain(link.searchParams.get('token')!);
        });

        it('never calls supertokens.io (or anything but the core) to send emails', async () => {

            const fetches = recordFetches();
            try {
                const browser = app.browser();
                await signUp(browser, 'nora@example.com');
                await browser.post('/auth/user/email/verify/token', {});
                await requestReset(app, 'nora@example.com');
            }
            finally {
                fetches.restore();
            }

            expect(fetches.urls.length).to.be.above(0);
            for (const url of fetches.urls) {
                expect(new URL(url).origin).to.equal(app.core!.uri);
            }

            expect(await outboxTo(app.config.web.outboxDir, 'nora@example.com')).to.have.length(2);
        });
    });

    describe('SMTP (SMTP_URL set)', () => {

        let sink: MailSink;
        let app: TestApp;
        let log: ReturnType<typeof captureMailLog>;

        before(async () => {

            sink = await startMailSink();
            app = await startTestApp({ SMTP_URL: sink.url, MAIL_FROM: 'Staffgate Test <staffgate@example.test>' });
        });

        after(async () => {

            await app.destroy();
            await sink.stop();
        });

        beforeEach(() => {

            log = captureMailLog();
        });

        afterEach(() => {

            log.restore();
        });

        it('sends the password reset email through the SMTP server, logged in with the URL\'s credentials', async () => {

            await signUp(app.browser(), 'sam@example.com');
            await requestReset(app, 'sam@example.com');

            const message = await sink.waitForMail('sam@example.com');
            expect(message.from).to.equal('staffgate@example.test');
            expect((message.headers.get('from') as { value: unknown }).value).to.equal([{ address: 'staffgate@example.test', name: 'Staffgate Test' }]);
            expect(message.user).to.equal('mailer');
            expect(sink.logins).to.contain({ username: 'mailer', password: 'sink-password' });
            expect(message.subject).to.equal('Reset your Staffgate password');
            expect(message.html).to.be.false();
            const link = linkTo(message, '/auth/reset-password');
            expect(link.origin).to.equal(app.config.web.websiteDomain);

            // The link works: the token sets a new password.
            const reset = await app.browser().post('/auth/user/password/reset', { method: 'token', token: link.searchParams.get('token'), formFields: [{ id: 'password', value: 'another long password' }] });
            expect(JSON.parse(reset.payload).status, reset.payload).to.equal('OK');
            expect(await readOutbox(app.config.web.outboxDir)).to.have.length(0);
        });

        it('sends the notice about a sign-up with a registered email through the SMTP server', async () => {

            await signUp(app.browser(), 'nadia@example.com');
            await app.browser().post('/auth/signup', { formFields: [{ id: 'email', value: 'nadia@example.com' }, { id: 'password', value: password }] });

            const message = await sink.waitForMail('nadia@example.com');
            expect(message.subject).to.equal('Someone tried to create a Staffgate account with your email address');
            expect(message.links).to.equal([`${app.config.web.websiteDomain}/auth`, `${app.config.web.websiteDomain}/auth/reset-password`]);
        });

        it('sends the verification email through the SMTP server', async () => {

            const browser = app.browser();
            await signUp(browser, 'vic@example.com');
            await browser.post('/auth/user/email/verify/token', {});

            const message = await sink.waitForMail('vic@example.com');
            expect(message.subject).to.equal('Confirm your email address for Staffgate');
            expect(linkTo(message, '/auth/verify-email').searchParams.get('token')).to.exist();
            await sleep(20);
            expect(log.lines.some((line) => line.includes('sent "Confirm your email address for Staffgate" to v***@example.com'))).to.be.true();
            expect(await app.observability.metrics.registry.metrics()).to.match(/^staffgate_mail_sent_total [1-9]/m);
        });
    });

    describe('SMTP server unreachable', () => {

        it('still answers a password reset request with OK, and logs the failure', async () => {

            const port = await freePort();                 // nothing listens there
            const app = await startTestApp({ SMTP_URL: `smtp://user:pw@127.0.0.1:${port}` });
            const log = captureMailLog();
            try {
                await signUp(app.browser(), 'una@example.com');
                await requestReset(app, 'una@example.com');
                for (let i = 0; i < 100 && !log.lines.length; ++i) {
                    await sleep(20);
                }

                expect(log.lines).to.have.length(1);
                expect(log.lines[0]!).to.startWith('[mail] failed to send "Reset your Staffgate password" to u***@example.com: ');
                expect(log.lines[0]!).to.not.contain('token=');
                const metrics = await app.observability.metrics.registry.metrics();
                expect(metrics).to.include('staffgate_mail_failed_total 1\n');
                expect(metrics).to.include('staffgate_mail_sent_total 0\n');
            }
            finally {
                log.restore();
                await app.destroy();
            }
        });
    });
});
