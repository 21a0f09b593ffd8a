import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { linkSignUp } from '../../../server/web/auth/link-sign-up';
import { signInLinkDelivery, signInLinkMessage } from '../../../server/web/auth/sign-in-link';
import { defaultRules, endpointOf } from '../../../server/web/plugins/rate-limits';
import { auditEvents } from '../../helpers/core-api';
import { decodeJwt } from '../../helpers/session-tools';
import { captureMailLog, linkTo, outboxTo, type OutboxMessage } from '../../helpers/outbox';
import { startTestApp, type Browser, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after, afterEach } = lab;

const json = (res: { payload: string }) => JSON.parse(res.payload);

const requestLink = (browser: Browser, email: string) => browser.post('/auth/signinup/code', { email });

/** The code and the link of the one sign-in message to `email` (the newest when `index` is -1). */
const mailTo = async (app: TestApp, email: string, index = -1): Promise<{ message: OutboxMessage; code: string; link: URL }> => {

    const messages = await outboxTo(app.config.web.outboxDir, email);
    const message = messages.at(index)!;
    expect(message, `a mail to ${email}`).to.exist();
    const code = /enter this code on the sign-in page: (\S+)/.exec(message.text)?.[1];
    expect(code, 'the code').to.match(/^\d{6}$/);
    return { message, code: code!, link: linkTo(message, '/auth/verify') };
};


describe('Sign-in link (Passwordless by email)', () => {

    let app: TestApp;
    let log: ReturnType<typeof captureMailLog>;

    before(async () => {

        log = captureMailLog();
        app = await startTestApp({ SIGN_IN_METHODS: ' password , link', ADMIN_EMAILS: 'Boss@Example.com' });
        expect(json(await app.browser().post('/auth/signup', { formFields: [{ id: 'email', value: 'password-user@example.com' }, { id: 'password', value: 'a long enough password' }] })).status).to.equal('OK');
    });

    after(async () => {

        await app.destroy();
        log.restore();
    });

    afterEach(() => {

        linkSignUp.mayCreateAccount = async () => true;
    });

    it('is on in the config when SIGN_IN_METHODS lists link', () => {

        expect(app.config.web.signInMethods).to.include('link');
    });

    it('shows "Email me a sign-in link" on the sign-in page, with its script and the passwordless bundle', async () => {

        const page = await app.browser().get('/auth');
        expect(page.statusCode).to.equal(200);
        expect(page.payload).to.contain('id="link-start"');
        expect(page.payload).to.contain('Email me a sign-in link');
        expect(page.payload).to.contain('/public/js/sign-in-link-request.js');

        const bundle = await app.browser().get('/vendor/supertokens/passwordless.js');
        expect(bundle.statusCode).to.equal(200);
        expect(bundle.payload).to.contain('supertokensPasswordless');
    });

    it('answers the same for a new email and for one with an account, and mails both a code and a link', async () => {

        const unknown = await requestLink(app.browser(), 'new-person@example.com');
        const known = await requestLink(app.browser(), 'password-user@example.com');
        for (const res of [unknown, known]) {
            expect(res.statusCode).to.equal(200);
            expect(Object.keys(json(res)).sort()).to.equal(['deviceId', 'flowType', 'preAuthSessionId', 'status']);
            expect(json(res).status).to.equal('OK');
            expect(json(res).flowType).to.equal('USER_INPUT_CODE_AND_MAGIC_LINK');
        }

        for (const [email, res] of [['new-person@example.com', unknown], ['password-user@example.com', known]] as const) {
            const { message, link } = await mailTo(app, email);
            expect(message.subject).to.equal('Your Staffgate sign-in link');
            expect(link.origin).to.equal(app.config.web.websiteDomain);
            expect(link.searchParams.get('preAuthSessionId')).to.equal(json(res).preAuthSessionId);
            expect(link.hash.length).to.be.above(10);
        }

        expect(log.lines.join('\n')).to.not.contain('new-person@example.com');
    });

    it('signs a new email up with the code, and the session reaches the dashboard', async () => {

        const browser = app.browser();
        const created = json(await requestLink(browser, 'code-user@example.com'));
        const { code } = await mailTo(app, 'code-user@example.com');

        const res = await browser.post('/auth/signinup/code/consume', { deviceId: created.deviceId, preAuthSessionId: created.preAuthSessionId, userInputCode: code });
        expect(res.statusCode).to.equal(200);
        expect(json(res).status).to.equal('OK');
        expect(json(res).createdNewRecipeUser).to.be.true();
        expect(json(res).user.emails).to.equal(['code-user@example.com']);
        expect(json(res).user.loginMethods[0].verified).to.be.true();

        const dashboard = await browser.get('/dashboard');
        expect(dashboard.statusCode).to.equal(200);
        expect(dashboard.payload).to.contain('code-user@example.com');

        // Again: signs the same user in.
        const again = json(await requestLink(app.browser(), 'code-user@example.com'));
        const second = await mailTo(app, 'code-user@example.com');
        const signIn = json(await app.browser().post('/auth/signinup/code/consume', { deviceId: again.deviceId, preAuthSessionId: again.preAuthSessionId, userInputCode: second.code }));
        expect(signIn.status).to.equal('OK');
        expect(signIn.createdNewRecipeUser).to.be.false();
        expect(signIn.user.id).to.equal(json(res).user.id);
    });

    it('records the sign-up and the sign-in in the core\'s audit trail with the browser\'s IP and user agent', async () => {

        const send = (url: string, payload: object, remoteAddress: string, userAgent: string) => app.browser().request({ method: 'POST', url, payload, headers: { rid: 'anti-csrf', 'user-agent': userAgent }, remoteAddress });
        const consume = async (remoteAddress: string, userAgent: string) => {

            const created = json(await send('/auth/signinup/code', { email: 'audited@example.com' }, remoteAddress, userAgent));
            const { code } = await mailTo(app, 'audited@example.com');
            return json(await send('/auth/signinup/code/consume', { deviceId: created.deviceId, preAuthSessionId: created.preAuthSessionId, userInputCode: code }, remoteAddress, userAgent));
        };

        const signUp = await consume('203.0.113.9', 'Firefox/140 (link)');
        const signIn = await consume('198.51.100.9', 'Safari/18 (link)');
        expect(signIn.user.id).to.equal(signUp.user.id);

        const [signUpEvent] = await auditEvents(app, signUp.user.id, 'sign_up');
        expect(signUpEvent).to.include({ ip: '203.0.113.9', userAgent: 'Firefox/140 (link)' });
        const [signInEvent, ...others] = await auditEvents(app, signUp.user.id, 'sign_in');
        expect(others).to.have.length(0);
        expect(signInEvent).to.include({ ip: '198.51.100.9', userAgent: 'Safari/18 (link)' });
    });

    it('gives an ADMIN_EMAILS address the admin role at its link sign-in, in its first session', async () => {

        const browser = app.browser();
        const created = json(await requestLink(browser, 'boss@example.com'));
        const { code } = await mailTo(app, 'boss@example.com');
        expect(json(await browser.post('/auth/signinup/code/consume', { deviceId: created.deviceId, preAuthSessionId: created.preAuthSessionId, userInputCode: code })).status).to.equal('OK');

        expect(decodeJwt(browser.cookies.get('sAccessToken')!.value).payload['st-role'].v).to.equal(['admin']);
    });

    it('signs in with the link once; the used link is refused', async () => {

        await requestLink(app.browser(), 'link-user@example.com');
        const { link } = await mailTo(app, 'link-user@example.com');
        const body = { preAuthSessionId: link.searchParams.get('preAuthSessionId'), linkCode: link.hash.slice(1) };

        const browser = app.browser();
        const first = await browser.post('/auth/signinup/code/consume', body);
        expect(json(first).status).to.equal('OK');
        expect((await browser.get('/dashboard')).statusCode).to.equal(200);

        const reused = await app.browser().post('/auth/signinup/code/consume', body);
        expect(reused.statusCode).to.equal(200);
        expect(json(reused).status).to.equal('RESTART_FLOW_ERROR');
        expect(reused.headers['set-cookie']).to.not.exist();

        const made = await app.browser().post('/auth/signinup/code/consume', { preAuthSessionId: 'no-such-attempt', linkCode: body.linkCode });
        expect(json(made).status).to.equal('RESTART_FLOW_ERROR');
    });

    it('ends the attempt after the allowed number of wrong codes: the right code no longer works', async () => {

        const created = json(await requestLink(app.browser(), 'typo@example.com'));
        const { code } = await mailTo(app, 'typo@example.com');
        const wrong = code === '000000' ? '111111' : '000000';
        const consume = (userInputCode: string) => app.browser().post('/auth/signinup/code/consume', { deviceId: created.deviceId, preAuthSessionId: created.preAuthSessionId, userInputCode });

        const statuses: string[] = [];
        for (let i = 1; i <= 5; ++i) {                // i: the attempt
            const answer = json(await consume(wrong));
            statuses.push(answer.status);
            if (answer.status === 'INCORRECT_USER_INPUT_CODE_ERROR') {
                expect(answer.failedCodeInputAttemptCount).to.equal(i);
                expect(answer.maximumCodeInputAttempts).to.equal(5);
            }
        }

        expect(statuses.slice(0, 4)).to.equal(Array(4).fill('INCORRECT_USER_INPUT_CODE_ERROR'));
        expect(statuses[4]).to.equal('RESTART_FLOW_ERROR');
        expect(json(await consume(code)).status).to.equal('RESTART_FLOW_ERROR');
    });

    it('resends a new code for the same attempt', async () => {

        const browser = app.browser();
        const created = json(await requestLink(browser, 'resend@example.com'));
        const resent = await browser.post('/auth/signinup/code/resend', { deviceId: created.deviceId, preAuthSessionId: created.preAuthSessionId });
        expect(json(resent).status).to.equal('OK');
        expect(await outboxTo(app.config.web.outboxDir, 'resend@example.com')).to.have.length(2);

        const { code } = await mailTo(app, 'resend@example.com');
        expect(json(await browser.post('/auth/signinup/code/consume', { deviceId: created.deviceId, preAuthSessionId: created.preAuthSessionId, userInputCode: code })).status).to.equal('OK');
    });

    it('sends at most 3 messages to one address in 15 minutes, and answers the same after that', async () => {

        const answers = [];
        for (let i = 0; i < 4; ++i) {
            answers.push(await requestLink(app.browser(), 'flooded@example.com'));
        }

        expect(answers.map((res) => json(res).status)).to.equal(['OK', 'OK', 'OK', 'OK']);
        expect(await outboxTo(app.config.web.outboxDir, 'flooded@example.com')).to.have.length(3);
        expect(log.lines.join('\n')).to.contain('sign-in link to f***@example.com not sent: 3 already sent');
    });

    it('sends no link to a new email when the sign-up policy refuses, with the same answer; an existing link user still gets one', async () => {

        linkSignUp.mayCreateAccount = async (email) => email !== 'refused@example.com';
        const refused = await requestLink(app.browser(), 'refused@example.com');
        expect(refused.statusCode).to.equal(200);
        expect(Object.keys(json(refused)).sort()).to.equal(['deviceId', 'flowType', 'preAuthSessionId', 'status']);
        expect(await outboxTo(app.config.web.outboxDir, 'refused@example.com')).to.have.length(0);

        linkSignUp.mayCreateAccount = async () => false;
        const sent = (await outboxTo(app.config.web.outboxDir, 'link-user@example.com')).length;
        expect(json(await requestLink(app.browser(), 'link-user@example.com')).status).to.equal('OK');
        expect(await outboxTo(app.config.web.outboxDir, 'link-user@example.com')).to.have.length(sent + 1);
    });

    it('refuses a code for a new email when the sign-up policy has changed to no since it was sent', async () => {

        const created = json(await requestLink(app.browser(), 'late@example.com'));
        const { code } = await mailTo(app, 'late@example.com');
        linkSignUp.mayCreateAccount = async () => false;

        const res = await app.browser().post('/auth/signinup/code/consume', { deviceId: created.deviceId, preAuthSessionId: created.preAuthSessionId, userInputCode: code });
        expect(json(res).status).to.equal('RESTART_FLOW_ERROR');
        expect(res.headers['set-cookie']).to.not.exist();
    });

    it('has no email-exists check', async () => {

        for (const path of ['/auth/passwordless/email/exists', '/auth/signup/email/exists', '/auth/passwordless/phonenumber/exists', '/auth/public/passwordless/email/exists']) {
            const res = await app.browser().get(`${path}?email=link-user%40example.com`, { rid: 'passwordless', accept: 'application/json' });
            expect(res.statusCode, path).to.equal(404);
        }
    });

    it('serves the link page with no Referer for its requests', async () => {

        const page = await app.browser().get('/auth/verify?preAuthSessionId=abc&tenantId=public');
        expect(page.statusCode).to.equal(200);
        expect(page.headers['referrer-policy']).to.equal('no-referrer');
        expect(page.headers['cache-control']).to.equal('no-store');
        expect(page.payload).to.contain('/public/js/sign-in-link.js');
        expect(page.payload).to.contain('Checking your link');

        const incomplete = await app.browser().get('/auth/verify');
        expect(incomplete.statusCode).to.equal(200);
        expect(incomplete.payload).to.contain('This sign-in link is incomplete');
    });

    it('puts the link\'s endpoints under the per-IP rate limits', () => {

        for (const [path, name] of [['/auth/signinup/code', 'sign-in link email'], ['/auth/public/signinup/code/resend', 'sign-in link email'], ['/auth/signinup/code/consume', 'sign-in code']]) {
            const endpoint = endpointOf({ url: new URL(`http://localhost${path!}`) }, '/auth', defaultRules);
            expect(endpoint, path).to.exist();
            expect(defaultRules[endpoint!]!.name).to.equal(name!);
        }
    });

    it('writes the message with the link on a line of its own and the lifetime in minutes', () => {

        const message = signInLinkMessage('a@example.com', '123456', 'http://localhost:3000/auth/verify?preAuthSessionId=p#l', 900_000);
        expect(message.text.split('\n')).to.include(['http://localhost:3000/auth/verify?preAuthSessionId=p#l', 'Or enter this code on the sign-in page: 123456', 'The link and the code expire in 15 minutes.']);

        const codeOnly = signInLinkMessage('a@example.com', '123456', undefined, 60_000).text;
        expect(codeOnly).to.not.contain('open this link');
        expect(signInLinkMessage('a@example.com', undefined, 'http://localhost:3000/auth/verify', 60_000).text).to.not.contain('enter this code');
    });

    it('answers as usual when the mailer fails, and logs it with the address masked', async () => {

        const delivery = signInLinkDelivery({ send: () => Promise.reject(new Error('SMTP down')), mayCreateAccount: async () => true });
        await delivery.service.sendEmail({
            type: 'PASSWORDLESS_LOGIN', isFirstFactor: true, email: 'mailer-down@example.com', userInputCode: '123456', urlWithLinkCode: 'http://localhost/auth/verify',
            codeLifetime: 900_000, preAuthSessionId: 'p', tenantId: 'public', userContext: {} as never
        });
        expect(log.lines).to.include('[mail] failed to send a sign-in link to m***@example.com: SMTP down');
    });
});


describe('Sign-in link, method off (the default)', () => {

    let app: TestApp;

    before(async () => {

        app = await startTestApp();
    });

    after(async () => {

        await app.destroy();
    });

    it('has no button, no link page and no API', async () => {

        expect(app.config.web.signInMethods).to.not.include('link');
        const page = await app.browser().get('/auth');
        expect(page.statusCode).to.equal(200);
        expect(page.payload).to.not.contain('link-start');
        expect(page.payload).to.not.contain('sign-in-link-request.js');

        expect((await app.browser().get('/auth/verify?preAuthSessionId=abc')).statusCode).to.equal(404);
        for (const path of ['/auth/signinup/code', '/auth/public/signinup/code', '/auth/signinup/code/resend', '/auth/signinup/code/consume']) {
            const res = await app.browser().post(path, { email: 'someone@example.com' });
            expect(res.statusCode, path).to.equal(404);
        }

        expect(await outboxTo(app.config.web.outboxDir, 'someone@example.com')).to.have.length(0);
    });
});
