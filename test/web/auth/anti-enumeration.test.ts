import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { ownerNotifier, signUpConflictMessage } from '../../../server/web/auth/anti-enumeration';
import { coreRequest } from '../../helpers/core-api';
import { captureMailLog, outboxTo } from '../../helpers/outbox';
import { startTestApp, type Browser, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const password = 'a long enough password';

const signUp = (browser: Browser, email: string, pass = password) => browser.post('/auth/signup', { formFields: [{ id: 'email', value: email }, { id: 'password', value: pass }] });

const signIn = (browser: Browser, email: string, pass = password) => browser.post('/auth/signin', { formFields: [{ id: 'email', value: email }, { id: 'password', value: pass }] });


describe('Anti-enumeration', () => {

    let app: TestApp;
    let restoreLog: () => void;

    before(async () => {

        restoreLog = captureMailLog().restore;
        app = await startTestApp();
        expect(JSON.parse((await signUp(app.browser(), 'known@example.com')).payload).status).to.equal('OK');
    });

    after(async () => {

        await app.destroy();
        restoreLog();
    });

    describe('GET /auth/emailpassword/email/exists', () => {

        it('is not there, for known and unknown emails, on either path, with or without the tenant, for JSON clients and browsers', async () => {

            for (const path of ['/auth/emailpassword/email/exists', '/auth/signup/email/exists', '/auth/public/emailpassword/email/exists', '/auth/public/signup/email/exists']) {
                for (const email of ['known%40example.com', 'nobody%40example.com']) {
                    const url = `${path}?email=${email}`;
                    const json = await app.browser().get(url, { rid: 'emailpassword', accept: 'application/json' });
                    expect(json.statusCode, url).to.equal(404);
                    expect(JSON.parse(json.payload), url).to.equal({ statusCode: 404, error: 'Not Found', message: 'Not Found' });

                    const page = await app.browser().get(url);
                    expect(page.statusCode, url).to.equal(404);
                    expect(page.payload, url).to.not.contain('exists');
                }
            }
        });
    });

    describe('POST /auth/user/password/reset/token', () => {

        it('answers the same OK for an unknown email as for a known one, and sends nothing', async () => {

            const request = (email: string) => app.browser().post('/auth/user/password/reset/token', { formFields: [{ id: 'email', value: email }] });

            const unknown = await request('nobody@example.com');
            const known = await request('known@example.com');
            expect(unknown.statusCode).to.equal(200);
            expect(unknown.payload).to.equal('{"status":"OK"}');
            expect(known.statusCode).to.equal(unknown.statusCode);
            expect(known.payload).to.equal(unknown.payload);

            expect(await outboxTo(app.config.web.outboxDir, 'nobody@example.com')).to.have.length(0);
            expect(await outboxTo(app.config.web.outboxDir, 'known@example.com')).to.have.length(1);
        });
    });

    describe('POST /auth/signup with a registered email', () => {

        it('answers a field error that does not say the account exists, and signs nobody in', async () => {

            expect(JSON.parse((await signUp(app.browser(), 'taken@example.com')).payload).status).to.equal('OK');

            const browser = app.browser();
            const res = await signUp(browser, '  Taken@Example.com ', 'a different long password');
            expect(res.statusCode).to.equal(200);
            expect(JSON.parse(res.payload)).to.equal({ status: 'FIELD_ERROR', formFields: [{ id: 'email', error: signUpConflictMessage }] });
            expect(res.payload).to.not.match(/exist/i);
            expect(browser.cookies.has('sAccessToken')).to.be.false();
        });

        it('emails the owner once about the attempt, with links to sign in and reset, at most once per 15 minutes', async () => {

            expect(JSON.parse((await signUp(app.browser(), 'owner@example.com')).payload).status).to.equal('OK');
            expect(await outboxTo(app.config.web.outboxDir, 'owner@example.com')).to.have.length(0);

            for (let i = 0; i < 3; ++i) {
                expect(JSON.parse((await signUp(app.browser(), 'owner@example.com')).payload).status).to.equal('FIELD_ERROR');
            }

            const messages = await outboxTo(app.config.web.outboxDir, 'owner@example.com');
            expect(messages).to.have.length(1);
            expect(messages[0]!.subject).to.equal('Someone tried to create a Staffgate account with your email address');
            expect(messages[0]!.links).to.equal([`${app.config.web.websiteDomain}/auth`, `${app.config.web.websiteDomain}/auth/reset-password`]);
            expect(messages[0]!.text).to.not.contain('token');
        });
    });

    describe('owner notices', () => {

        it('go out again once the interval has passed, per address', async () => {

            let now = 1_000_000;
            const sent: string[] = [];
            const notify = ownerNotifier({ send: async (message) => void sent.push(message.to), websiteDomain: 'https://staff.example.com', intervalMs: 1000, now: () => now });

            await notify('a@example.com');
            await notify('A@example.com ');
            await notify('b@example.com');
            now += 999;
            await notify('a@example.com');
            expect(sent).to.equal(['a@example.com', 'b@example.com']);

            now += 1;
            await notify('a@example.com');
            expect(sent).to.equal(['a@example.com', 'b@example.com', 'a@example.com']);
        });

        it('never fail the sign-up answer when sending fails: the failure is logged', async () => {

            const log = captureMailLog();
            try {
                const notify = ownerNotifier({ send: () => Promise.reject(new Error('SMTP down')), websiteDomain: 'https://staff.example.com' });
                await notify('c@example.com');
            }
            finally {
                log.restore();
            }

            expect(log.lines).to.equal(['[mail] failed to notify c***@example.com of a sign-up attempt: SMTP down']);
        });
    });
});


describe('Sign-in failures', () => {

    let app: TestApp;
    let restoreLog: () => void;

    before(async () => {

        restoreLog = captureMailLog().restore;
        app = await startTestApp({ CORE_LOCKOUT_THRESHOLD: '2' });
    });

    after(async () => {

        await app.destroy();
        restoreLog();
    });

    it('look the same for an unknown email, a wrong password, and a locked or banned account without its password', async () => {

        const generic = '{"status":"WRONG_CREDENTIALS_ERROR"}';
        const expectGeneric = (res: Awaited<ReturnType<typeof signIn>>, label: string) => {

            expect(res.statusCode, label).to.equal(200);
            expect(res.payload, label).to.equal(generic);
            expect(res.headers['set-cookie'], label).to.not.exist();
        };

        await signUp(app.browser(), 'locked@example.com');
        const banned = JSON.parse((await signUp(app.browser(), 'banned@example.com')).payload).user.id;

        expectGeneric(await signIn(app.browser(), 'nobody@example.com'), 'unknown email');
        expectGeneric(await signIn(app.browser(), 'locked@example.com', 'not the password at all'), 'wrong password');
        expectGeneric(await signIn(app.browser(), 'locked@example.com', 'not the password either'), 'wrong password again');

        // Two failures reach the threshold: a wrong password still gets the same answer (the right one is told of
        // the lock: account-states.test.ts).
        expectGeneric(await signIn(app.browser(), 'locked@example.com', 'a third wrong password'), 'locked');
        const lockedId = (await coreRequest(app, 'GET', '/staffgate/lockouts')).accounts[0].userId;
        expect((await coreRequest(app, 'GET', `/staffgate/lockout?userId=${lockedId}`)).locked).to.be.true();

        expect(JSON.parse((await signIn(app.browser(), 'banned@example.com')).payload).status).to.equal('OK');
        await coreRequest(app, 'POST', '/staffgate/ban', { userId: banned, reason: 'test' });
        expectGeneric(await signIn(app.browser(), 'banned@example.com', 'not the password at all'), 'banned');
    });
});
