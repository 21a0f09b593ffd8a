import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import Totp from 'supertokens-node/recipe/totp';

import { createLogger, redactPaths } from '../../server/observability/logger';
import { captureLog } from '../helpers/log-capture';
import { linkTo, outboxTo } from '../helpers/outbox';
import { password, signIn, signUp } from '../helpers/pages';
import { totpCode } from '../helpers/totp';
import { enrolTotp } from '../helpers/two-factor';
import { startTestApp, type Browser } from '../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


describe('the logs', () => {

    it('of a full run hold a line per request and the auth events, and none of the secrets issued', async () => {

        const apiKey = 'log-test-api-key-0123456789abcdef';
        const log = captureLog();
        const app = await startTestApp({ LOG_LEVEL: 'trace', CORE_API_KEYS: apiKey }, { logDestination: log.destination });
        const secrets = new Set<string>([apiKey, password]);
        const keep = (browser: Browser) => {

            for (const cookie of browser.cookies.values()) {
                secrets.add(cookie.value);
                secrets.add(decodeURIComponent(cookie.value));
            }

            if (browser.frontToken) {
                secrets.add(browser.frontToken);
            }
        };

        try {
            // Sign up, a page, a wrong password, a sign-in, a refresh.
            const email = 'logged.user@example.com';
            const browser = app.browser();
            const userId = await signUp(browser, email);
            keep(browser);
            expect((await browser.get('/dashboard')).statusCode).to.equal(200);
            expect(JSON.parse((await signIn(app.browser(), email, 'not the password at all')).payload).status).to.equal('WRONG_CREDENTIALS_ERROR');
            secrets.add('not the password at all');
            const other = app.browser();
            expect(JSON.parse((await signIn(other, email)).payload).status).to.equal('OK');
            keep(other);
            expect((await other.post('/auth/session/refresh', undefined, { rid: 'session' })).statusCode).to.equal(200);
            keep(other);

            // A password reset with the token from the mail.
            await app.browser().post('/auth/user/password/reset/token', { formFields: [{ id: 'email', value: email }] });
            const [mail] = await outboxTo(app.config.web.outboxDir, email);
            const token = linkTo(mail!, '/auth/reset-password').searchParams.get('token')!;
            secrets.add(token);
            const newPassword = 'another long enough password';
            secrets.add(newPassword);
            const reset = await app.browser().post('/auth/user/password/reset', { method: 'token', token, formFields: [{ id: 'password', value: newPassword }] });
            expect(JSON.parse(reset.payload).status).to.equal('OK');

            // An authenticator app: its secret, a right code and a wrong one.
            const secret = await enrolTotp(app, userId);
            secrets.add(secret);
            const code = totpCode(secret, Date.now() + 60_000);
            secrets.add(code);
            expect((await Totp.verifyTOTP('public', userId, code)).status).to.equal('INVALID_TOTP_ERROR');

            const text = log.text();
            for (const issued of secrets) {
                expect(issued.length, issued).to.be.at.least(6);
                expect(text.includes(issued), `the log holds a secret (${issued.slice(0, 4)}…)`).to.be.false();
            }

            const lines = log.lines();
            const page = lines.find((line) => line.route === '/dashboard');
            expect(page).to.include({ method: 'GET', status: 200, userId, msg: `GET /dashboard 200 ${page!.ms}ms` });
            expect(page!.reqId).to.be.a.string();
            expect(page!.ms).to.be.a.number();
            expect(Object.keys(page!).sort()).to.equal(['level', 'method', 'ms', 'msg', 'pid', 'hostname', 'reqId', 'route', 'service', 'status', 'time', 'userId'].sort());

            const signInLine = lines.find((line) => line.route === '/auth/signin' && line.status === 200);
            expect(signInLine).to.include({ method: 'POST' });
            expect(signInLine!.userId).to.not.exist();             // the SDK's API has no guard: the auth event names the user

            const events = lines.filter((line) => line.auth).map((line) => line.auth);
            expect(events).to.contain({ event: 'sign_up', method: 'emailpassword', userId });
            expect(events).to.contain({ event: 'sign_in', method: 'emailpassword', outcome: 'wrong_credentials' });
            expect(events).to.contain({ event: 'sign_in', method: 'emailpassword', outcome: 'success', userId });
            expect(events).to.contain({ event: 'two_factor_failed', kind: 'totp', status: 'INVALID_TOTP_ERROR', userId });
            expect(lines.some((line) => line.tags?.includes('mail') && /^\[mail\] outbox: "Reset your Staffgate password" to l\*\*\*@example\.com/.test(line.msg))).to.be.true();
            expect(lines.some((line) => line.route === '/health/live')).to.be.false();
        }
        finally {
            await app.destroy();
        }
    });

    it('name the SDK API path the SDK answered, and the route template otherwise', async () => {

        const log = captureLog();
        const app = await startTestApp({ LOG_LEVEL: 'info' }, { logDestination: log.destination });
        try {
            await app.web.inject('/auth/loginmethods');
            await app.web.inject('/auth/no-such-api');
            await app.web.inject('/admin/users/some-user-id');
            await app.web.inject('/no/such/page?token=secret-in-a-query');
            const routes = log.lines().filter((line) => line.reqId).map((line) => `${line.route} ${line.status}`);
            expect(routes).to.equal(['/auth/loginmethods 200', '/auth/{path*} 404', '/admin/users/{id} 302', '/{p*} 404']);
            expect(log.text()).to.not.include('secret-in-a-query');
            expect(log.text()).to.not.include('some-user-id');
        }
        finally {
            await app.destroy();
        }
    });

    it('say when a call to the core fails', async () => {

        const log = captureLog();
        const app = await startTestApp({ LOG_LEVEL: 'warn' }, { logDestination: log.destination });
        try {
            await app.core!.server.stop();
            expect((await app.web.inject('/health/ready')).statusCode).to.equal(503);
            const failure = log.lines().find((line) => line.msg === 'core call failed');
            expect(failure!.core).to.include({ method: 'GET', status: null, reason: 'ECONNREFUSED' });
            expect(failure!.core.path).to.match(/^\/[^?]*$/);
            expect(failure!.level).to.equal(40);
        }
        finally {
            await app.destroy();
        }
    });

    it('are JSON lines, or readable lines in development, at the configured level', () => {

        expect(createLogger({ logLevel: 'silent', logFormat: 'pretty' }).level).to.equal('silent');
        expect(createLogger({ logLevel: 'silent', logFormat: 'pretty' }, { rare: true }).level).to.equal('silent');      // formatted in place (the core thread's)
        expect(createLogger({ logLevel: 'warn', logFormat: 'json' }).level).to.equal('warn');
    });

    it('redact secrets that reach a logged object', () => {

        const log = captureLog();
        const logger = createLogger({ logLevel: 'info', logFormat: 'json' }, { destination: log.destination });
        logger.info({
            password: 'p1',
            req: { headers: { cookie: 'sAccessToken=t1', authorization: 'Bearer t2', 'api-key': 't3', 'st-refresh-token': 't4', 'front-token': 't5', accept: 'text/html' } },
            user: { token: 't6', name: 'visible' },
            payload: { anything: 't7' }
        }, 'hello');

        const [line] = log.lines();
        expect(line!.password).to.equal('[redacted]');
        expect(line!.req.headers).to.equal({
            cookie: '[redacted]', authorization: '[redacted]', 'api-key': '[redacted]', 'st-refresh-token': '[redacted]', 'front-token': '[redacted]', accept: 'text/html'
        });
        expect(line!.user).to.equal({ token: '[redacted]', name: 'visible' });
        expect(line!.payload).to.equal('[redacted]');
        expect(redactPaths).to.include(['*.headers["set-cookie"]', '*.smtpUrl', '*.clientSecret']);
    });
});
