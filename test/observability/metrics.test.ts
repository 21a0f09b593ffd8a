import * as Fs from 'fs';
import * as Os from 'os';
import * as Path from 'path';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import Totp from 'supertokens-node/recipe/totp';

import { loadConfig } from '../../server/config';
import { deployment, type Deployment } from '../../server/deployment';
import { createMetrics } from '../../server/observability/metrics';
import { fastHashing } from '../helpers/core';
import { captureMailLog, outboxTo } from '../helpers/outbox';
import { signIn, signUp } from '../helpers/pages';
import { resetSdk } from '../helpers/sdk';
import { enrolTotp } from '../helpers/two-factor';
import { Browser } from '../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


/** The value of one sample line of the exposition text (`name{labels} value`), or undefined. */
const sample = (text: string, series: string): number | undefined => {

    const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

const scrape = async (uri: string): Promise<string> => {

    const res = await fetch(`${uri}/metrics`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    return await res.text();
};

describe('the metrics', () => {

    it('are served on their own loopback listener, and move with requests, sign-ins, lockouts, two-factor failures and mail', async () => {

        const dataDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-metrics-'));
        const config = loadConfig({
            NODE_ENV: 'test', DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', CORE_PORT: '0', CORE_THREAD: 'off', METRICS_PORT: '0', RATE_LIMITS: 'off', MFA: 'off',
            CORE_LOCKOUT_THRESHOLD: '2', ...fastHashing
        }, 'app');

        resetSdk();
        const mailLog = captureMailLog();
        let running: Deployment | undefined;
        try {
            running = await deployment({ config, start: true });
            const metricsServer = running.metricsServer!;
            expect(metricsServer.uri).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
            expect(metricsServer.uri).to.not.equal(running.web.info.uri);
            expect((await fetch(`${metricsServer.uri}/`)).status).to.equal(404);

            // One account locked by two wrong passwords; another signs in; a wrong authenticator code; a reset mail.
            const browser = new Browser(running.web);
            await signUp(browser, 'locked.out@example.com');
            for (let i = 0; i < 2; ++i) {
                expect(JSON.parse((await signIn(new Browser(running.web), 'locked.out@example.com', 'a wrong password here')).payload).status).to.equal('WRONG_CREDENTIALS_ERROR');
            }

            const userId = await signUp(new Browser(running.web), 'signs.in@example.com');
            expect(JSON.parse((await signIn(new Browser(running.web), 'signs.in@example.com')).payload).status).to.equal('OK');
            expect((await browser.get('/dashboard')).statusCode).to.equal(200);
            await enrolTotp({ ...running, config } as never, userId);
            expect((await Totp.verifyTOTP('public', userId, '000000')).status).to.equal('INVALID_TOTP_ERROR');
            await new Browser(running.web).post('/auth/user/password/reset/token', { formFields: [{ id: 'email', value: 'signs.in@example.com' }] });
            expect(await outboxTo(config.web.outboxDir, 'signs.in@example.com')).to.have.length(1);

            const text = await scrape(metricsServer.uri);
            expect(sample(text, 'staffgate_sign_ins_total{method="emailpassword",outcome="success"}')).to.equal(1);
            expect(sample(text, 'staffgate_sign_ins_total{method="emailpassword",outcome="wrong_credentials"}')).to.equal(2);
            expect(sample(text, 'staffgate_sign_ups_total{method="emailpassword"}')).to.equal(2);
            expect(sample(text, 'staffgate_lockouts_total')).to.equal(1);
            expect(sample(text, 'staffgate_two_factor_failures_total{kind="totp"}')).to.equal(1);
            expect(sample(text, 'staffgate_mail_sent_total')).to.equal(1);
            expect(sample(text, 'staffgate_mail_failed_total')).to.equal(0);
            expect(sample(text, 'staffgate_mail_queue_depth')).to.equal(0);
            expect(sample(text, 'staffgate_http_request_duration_seconds_count{route="/auth/signin",method="POST",status="200"}')).to.equal(3);
            expect(sample(text, 'staffgate_http_request_duration_seconds_count{route="/dashboard",method="GET",status="200"}')).to.equal(1);
            expect(sample(text, 'staffgate_core_request_duration_seconds_count{method="POST",path="/public/recipe/signin",status="200"}')).to.equal(3);
            expect(text).to.not.include('staffgate_core_request_errors_total{');
            expect(text).to.include('nodejs_eventloop_lag_seconds ');
            expect(text).to.include('process_cpu_user_seconds_total ');

            // The mail queue's depth, once a queue reports it.
            running.observability.metrics.mail.setQueueDepthProvider(async () => 3);
            expect(sample(await scrape(metricsServer.uri), 'staffgate_mail_queue_depth')).to.equal(3);
        }
        finally {
            await running?.stop();
            mailLog.restore();
            Fs.rmSync(dataDir, { recursive: true, force: true });
        }

        await expect(fetch(`${running!.metricsServer!.uri}/metrics`)).to.reject();           // stopped with the app
    });

    it('have no listener when METRICS_PORT is off (the default in tests)', async () => {

        const dataDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-metrics-'));
        const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', CORE_PORT: '0', ...fastHashing }, 'app');
        expect(config.observability.metrics).to.not.exist();
        resetSdk();
        const running = await deployment({ config, start: true });
        try {
            expect(running.metricsServer).to.not.exist();
        }
        finally {
            await running.stop();
            Fs.rmSync(dataDir, { recursive: true, force: true });
        }
    });

    it('are kept per app: two registries in one process share nothing', async () => {

        const first = createMetrics();
        const second = createMetrics();
        first.signUp('emailpassword');
        first.coreCall('GET', '/recipe/user', 0.01, undefined);
        first.coreCall('GET', '/recipe/user', 0.01, 500);
        first.mail.failed();
        const text = await first.registry.metrics();
        expect(sample(text, 'staffgate_sign_ups_total{method="emailpassword"}')).to.equal(1);
        expect(sample(text, 'staffgate_core_request_errors_total{method="GET",path="/recipe/user",status="none"}')).to.equal(1);
        expect(sample(text, 'staffgate_core_request_errors_total{method="GET",path="/recipe/user",status="500"}')).to.equal(1);
        expect(sample(text, 'staffgate_mail_failed_total')).to.equal(1);
        expect(sample(await second.registry.metrics(), 'staffgate_sign_ups_total{method="emailpassword"}')).to.not.exist();

        // Process metrics only once asked for (an app whose metrics are served), and once.
        expect(text).to.not.include('nodejs_eventloop_lag_seconds');
        first.collectProcessMetrics();
        first.collectProcessMetrics();
        expect(await first.registry.metrics()).to.include('nodejs_eventloop_lag_seconds ');
    });
});
