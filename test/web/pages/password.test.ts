import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import EmailPassword from 'supertokens-node/recipe/emailpassword';

import { attributeOf, crumbIn, handleOf, isHidden, password, signIn, signUp, submitForm, textOf, thirdPartyBrowser } from '../../helpers/pages';
import { startTestApp, type Browser, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('change password', () => {

    let app: TestApp;

    before(async () => {

        app = await startTestApp();
    });

    after(async () => {

        await app.destroy();
    });

    const change = (browser: Browser, fields: Record<string, string>) => submitForm(browser, '/dashboard/password', '/dashboard/password', fields);

    describe('GET /dashboard/password', () => {

        it('renders the form with its fields, hidden field errors and the crumb', async () => {

            const browser = app.browser();
            await signUp(browser, 'form@example.com');
            const res = await browser.get('/dashboard/password');
            expect(res.statusCode).to.equal(200);
            expect(res.payload).to.contain('<title>Change password · Staffgate</title>');
            for (const [id, name] of [['current-password', 'currentPassword'], ['new-password', 'newPassword'], ['confirm-password', 'confirmPassword']]) {
                expect(attributeOf(res.payload, 'name', id), id).to.equal(name);
                expect(isHidden(res.payload, `${id}-error`), id).to.be.true();
            }

            expect(attributeOf(res.payload, 'action', 'password-form')).to.equal('/dashboard/password');
            expect(attributeOf(res.payload, 'method', 'password-form')).to.equal('post');
            expect(res.payload).to.contain('id="password-submit"');
            expect(res.payload).to.contain('name="crumb"');
            expect(res.payload).to.contain('src="/public/js/password.js"');
        });

        it('tells a third-party user there is no password here', async () => {

            const { browser } = await thirdPartyBrowser(app, 'tp-form@example.com');
            const res = await browser.get('/dashboard/password');
            expect(res.statusCode).to.equal(200);
            expect(textOf(res.payload, 'no-password')).to.contain('You sign in with GitHub, so there is no password to change here');
            expect(res.payload).to.not.contain('id="password-form"');
        });
    });

    describe('POST /dashboard/password', () => {

        it('re-renders the form with a field error when the current password is wrong', async () => {

            const browser = app.browser();
            await signUp(browser, 'wrong-current@example.com');
            const res = await change(browser, { currentPassword: 'not my password at all', newPassword: 'a brand new password', confirmPassword: 'a brand new password' });
            expect(res.statusCode).to.equal(400);
            expect(res.headers['content-type']).to.contain('text/html');
            expect(textOf(res.payload, 'current-password-error')).to.equal('That is not your current password');
            expect(isHidden(res.payload, 'current-password-error')).to.be.false();
            expect(res.payload).to.match(/id="current-password"[^>]*aria-invalid="true"/);
            expect(res.payload).to.contain('name="crumb"');

            // The old password still works.
            expect(JSON.parse((await signIn(app.browser(), 'wrong-current@example.com')).payload).status).to.equal('OK');
        });

        it('asks for the current password when it is empty', async () => {

            const browser = app.browser();
            await signUp(browser, 'empty-current@example.com');
            const res = await change(browser, { currentPassword: '', newPassword: 'a brand new password', confirmPassword: 'a brand new password' });
            expect(res.statusCode).to.equal(400);
            expect(textOf(res.payload, 'current-password-error')).to.equal('Enter your current password');
        });

        it('refuses two different new passwords', async () => {

            const browser = app.browser();
            await signUp(browser, 'mismatch@example.com');
            const res = await change(browser, { currentPassword: password, newPassword: 'a brand new password', confirmPassword: 'a brand new passw0rd' });
            expect(res.statusCode).to.equal(400);
            expect(textOf(res.payload, 'confirm-password-error')).to.equal('The two new passwords are not the same');
            expect(JSON.parse((await signIn(app.browser(), 'mismatch@example.com')).payload).status).to.equal('OK');
        });

        it('shows the password policy\'s message next to the new password', async () => {

            const browser = app.browser();
            await signUp(browser, 'policy@example.com');
            const short = await change(browser, { currentPassword: password, newPassword: 'too short', confirmPassword: 'too short' });
            expect(short.statusCode).to.equal(400);
            expect(textOf(short.payload, 'new-password-error')).to.equal('Use at least 12 characters');

            const long = 'x'.repeat(129);
            const tooLong = await change(browser, { currentPassword: password, newPassword: long, confirmPassword: long });
            expect(tooLong.statusCode).to.equal(400);
            expect(textOf(tooLong.payload, 'new-password-error')).to.equal('Use at most 128 characters');
        });

        it('re-renders the form for malformed input instead of failing', async () => {

            const browser = app.browser();
            await signUp(browser, 'malformed@example.com');
            const huge = 'y'.repeat(5000);
            const tooBig = await change(browser, { currentPassword: password, newPassword: huge, confirmPassword: huge });
            expect(tooBig.statusCode).to.equal(400);
            expect(textOf(tooBig.payload, 'new-password-error')).to.equal('This is too long');

            const extra = await change(browser, { currentPassword: password, newPassword: 'a brand new password', confirmPassword: 'a brand new password', role: 'admin' });
            expect(extra.statusCode).to.equal(400);
            expect(textOf(extra.payload, 'password-error')).to.contain('reload the page');

            const crumb = crumbIn((await browser.get('/dashboard/password')).payload);
            const arrays = await browser.post('/dashboard/password', { crumb, currentPassword: ['a', 'b'], newPassword: 'a brand new password', confirmPassword: 'a brand new password' });
            expect(arrays.statusCode).to.equal(400);
            expect(textOf(arrays.payload, 'current-password-error')).to.equal('Enter text here');

            const broken = await browser.request({ method: 'POST', url: '/dashboard/password', payload: '{"crumb":', headers: { 'content-type': 'application/json' } });
            expect(broken.statusCode).to.equal(400);
            expect(broken.payload).to.contain('data-status="400"');
        });

        it('changes the password, signs out my other sessions and keeps this one', async () => {

            const mine = app.browser();
            await signUp(mine, 'changer@example.com');
            const elsewhere = app.browser();
            await signIn(elsewhere, 'changer@example.com');
            const myHandle = await handleOf(mine);

            const res = await change(mine, { currentPassword: password, newPassword: 'a brand new password', confirmPassword: 'a brand new password' });
            expect(res.statusCode).to.equal(200);
            expect(textOf(res.payload, 'flash')).to.equal('Your password has been changed. Signed out 1 other session.');

            expect((await mine.get('/dashboard')).statusCode).to.equal(200);
            expect(await handleOf(mine)).to.equal(myHandle);
            const other = await elsewhere.get('/dashboard');
            expect(other.statusCode).to.equal(302);
            expect(other.headers.location).to.equal('/auth?redirectToPath=%2Fdashboard&signedOut=password');

            expect(JSON.parse((await signIn(app.browser(), 'changer@example.com')).payload).status).to.equal('WRONG_CREDENTIALS_ERROR');
            expect(JSON.parse((await signIn(app.browser(), 'changer@example.com', 'a brand new password')).payload).status).to.equal('OK');
        });

        it('answers the 500 page when the core cannot update the password', async () => {

            const browser = app.browser();
            await signUp(browser, 'update-fails@example.com');
            const update = EmailPassword.updateEmailOrPassword;
            EmailPassword.updateEmailOrPassword = async () => ({ status: 'UNKNOWN_USER_ID_ERROR' });
            try {
                const res = await change(browser, { currentPassword: password, newPassword: 'a brand new password', confirmPassword: 'a brand new password' });
                expect(res.statusCode).to.equal(500);
                expect(res.payload).to.contain('data-status="500"');
                expect(res.payload).to.not.contain('UNKNOWN_USER_ID_ERROR');
            }
            finally {
                EmailPassword.updateEmailOrPassword = update;
            }
        });

        it('refuses a third-party user', async () => {

            const { browser } = await thirdPartyBrowser(app, 'tp-post@example.com');
            const res = await submitForm(browser, '/dashboard', '/dashboard/password', { currentPassword: 'x', newPassword: 'a brand new password', confirmPassword: 'a brand new password' });
            expect(res.statusCode).to.equal(400);
            expect(res.payload).to.contain('id="no-password"');
        });
    });
});
