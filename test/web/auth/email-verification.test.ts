import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { captureMailLog, linkTo, outboxTo } from '../../helpers/outbox';
import { textOf } from '../../helpers/pages';
import { startTestApp, type Browser, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('EMAIL_VERIFICATION=required', () => {

    let app: TestApp;
    let restoreLog: () => void;

    before(async () => {

        restoreLog = captureMailLog().restore;
        app = await startTestApp({ EMAIL_VERIFICATION: 'required' });
    });

    after(async () => {

        await app.destroy();
        restoreLog();
    });

    /** Signs up, checks the API refuses the unverified user, and returns the token of the verification email. */
    const signUpUnverified = async (browser: Browser, email: string): Promise<string> => {

        const signUp = await browser.post('/auth/signup', { formFields: [{ id: 'email', value: email }, { id: 'password', value: 'a long enough password' }] });
        expect(JSON.parse(signUp.payload).status).to.equal('OK');

        const me = await browser.get('/api/me');
        expect(me.statusCode).to.equal(403);
        const body = JSON.parse(me.payload);
        expect(body.message).to.equal('invalid claim');
        expect(body.claimValidationErrors[0].id).to.equal('st-ev');

        expect(JSON.parse((await browser.post('/auth/user/email/verify/token', {})).payload)).to.equal({ status: 'OK' });
        const [message] = await outboxTo(app.config.web.outboxDir, email);
        return linkTo(message!, '/auth/verify-email').searchParams.get('token')!;
    };

    const verify = (browser: Browser, token: string) => browser.post('/auth/user/email/verify', { method: 'token', token });

    it('answers /api/me with 403 until the user opens the link from the outbox in the same browser', async () => {

        const browser = app.browser();
        const token = await signUpUnverified(browser, 'ursula@example.com');

        const res = await verify(browser, token);
        expect(JSON.parse(res.payload).status).to.equal('OK');
        expect((await browser.get('/api/me')).statusCode).to.equal(200);
    });

    it('lets a session in once the link was opened elsewhere and the page checks again', async () => {

        const laptop = app.browser();
        const token = await signUpUnverified(laptop, 'victor@example.com');

        expect(JSON.parse((await verify(app.browser(), token)).payload).status).to.equal('OK');
        const check = await laptop.get('/auth/user/email/verify');
        expect(JSON.parse(check.payload)).to.equal({ status: 'OK', isVerified: true });
        expect((await laptop.get('/api/me')).statusCode).to.equal(200);
    });

    it('refuses a wrong or used token', async () => {

        const browser = app.browser();
        const token = await signUpUnverified(browser, 'wanda@example.com');

        expect(JSON.parse((await verify(browser, 'not-the-token')).payload).status).to.equal('EMAIL_VERIFICATION_INVALID_TOKEN_ERROR');
        expect((await browser.get('/api/me')).statusCode).to.equal(403);
        expect(JSON.parse((await verify(browser, token)).payload).status).to.equal('OK');
        expect(JSON.parse((await verify(app.browser(), token)).payload).status).to.equal('EMAIL_VERIFICATION_INVALID_TOKEN_ERROR');
    });

    it('sends the link at sign-up, and the page says so; opened again after verifying, the link says already verified', async () => {

        const browser = app.browser();
        const email = 'xena@example.com';
        const signUp = await browser.post('/auth/signup', { formFields: [{ id: 'email', value: email }, { id: 'password', value: 'a long enough password' }] });
        expect(JSON.parse(signUp.payload).status).to.equal('OK');
        const messages = await outboxTo(app.config.web.outboxDir, email);
        expect(messages).to.have.length(1);
        const token = linkTo(messages[0]!, '/auth/verify-email').searchParams.get('token')!;

        const page = await browser.get('/auth/verify-email');
        expect(textOf(page.payload, 'verify-pending')).to.equal(`Your email is not verified yet. We sent a link to ${email}: open it, or ask for a new one.`);
        expect(textOf(page.payload, 'verify-send')).to.equal('Send the link again');

        expect(JSON.parse((await verify(browser, token)).payload).status).to.equal('OK');
        const again = await browser.get(`/auth/verify-email?token=${token}&tenantId=public`);
        expect(again.payload).to.contain('id="verify-already"');
        expect(again.payload).to.not.contain('id="verify-status"');

        // Signed out, the page cannot know whose link it is: it checks it, and its failure says what to do.
        const stranger = await app.browser().get(`/auth/verify-email?token=${token}&tenantId=public`);
        expect(stranger.payload).to.contain('id="verify-status"');
        expect(textOf(stranger.payload, 'verify-failed-hint')).to.contain('If you already verified your email with this link');
    });
});
