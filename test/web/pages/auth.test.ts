import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import EmailVerification from 'supertokens-node/recipe/emailverification';
import SuperTokens from 'supertokens-node';

import { attributeOf, isHidden, signUp, textOf } from '../../helpers/pages';
import { startTestApp, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('auth pages', () => {

    let app: TestApp;

    before(async () => {

        app = await startTestApp();
    });

    after(async () => {

        await app.destroy();
    });

    describe('GET /auth', () => {

        it('renders the sign-in and sign-up forms, the reset link and the three social buttons when signed out', async () => {

            const res = await app.browser().get('/auth');
            expect(res.statusCode).to.equal(200);
            expect(res.headers['content-type']).to.contain('text/html');
            expect(res.payload).to.contain('<title>Sign in · Staffgate</title>');
            for (const id of ['sign-in-form', 'sign-in-email', 'sign-in-password', 'sign-in-submit', 'sign-up-form', 'sign-up-email', 'sign-up-password', 'sign-up-submit', 'tab-sign-in', 'tab-sign-up', 'forgot-password', 'provider-google', 'provider-github', 'provider-apple', 'provider-error']) {
                expect(res.payload, id).to.contain(`id="${id}"`);
            }

            expect(res.payload).to.not.contain('id="provider-oidc"');
            expect(res.payload).to.contain('href="/auth/reset-password"');
            expect(isHidden(res.payload, 'sign-in-form')).to.be.false();
            expect(isHidden(res.payload, 'sign-up-form')).to.be.true();
            expect(res.payload).to.contain('data-redirect-to-path="/dashboard"');
        });

        it('loads the SDK bundles, init.js and its page script, and no inline script', async () => {

            const res = await app.browser().get('/auth');
            const scripts = [...res.payload.matchAll(/<script([^>]*)>/g)].map((match) => match[1]!);
            expect(scripts.every((attributes) => /\ssrc="\//.test(attributes))).to.be.true();
            const sources = scripts.map((attributes) => /src="([^"]+)"/.exec(attributes)![1]);
            expect(sources).to.equal([
                '/vendor/supertokens/website.js', '/vendor/supertokens/supertokens.js', '/vendor/supertokens/session.js',
                '/vendor/supertokens/emailpassword.js', '/vendor/supertokens/thirdparty.js', '/vendor/supertokens/emailverification.js', '/vendor/supertokens/passwordless.js',
                '/public/js/init.js', '/public/js/fresh-forms.js', '/public/js/sign-in.js', '/public/js/password-strength.js'
            ]);
            expect(res.payload).to.not.contain('style=');
            expect(res.payload).to.not.match(/\son[a-z]+=/);
        });

        it('opens on the sign-up form with ?show=sign-up', async () => {

            const res = await app.browser().get('/auth?show=sign-up');
            expect(isHidden(res.payload, 'sign-in-form')).to.be.true();
            expect(isHidden(res.payload, 'sign-up-form')).to.be.false();
            expect(res.payload).to.match(/id="tab-sign-up"[^>]*aria-selected="true"/);
        });

        it('keeps a same-origin redirectToPath for after sign-in', async () => {

            const res = await app.browser().get('/auth?redirectToPath=%2Fdashboard%2Fpassword%3Fx%3D1');
            expect(attributeOf(res.payload, 'data-redirect-to-path')).to.equal('/dashboard/password?x=1');
        });

        it('replaces a redirectToPath that leaves the site with /dashboard', async () => {

            for (const evil of ['//evil.com', 'https://evil.com', '/\\evil.com', '/\t/evil.com', '/\n/evil.com', 'evil', 'javascript:alert(1)']) {
                const res = await app.browser().get(`/auth?redirectToPath=${encodeURIComponent(evil)}`);
                expect(res.statusCode, evil).to.equal(200);
                expect(res.payload, evil).to.contain('data-redirect-to-path="/dashboard"');
            }
        });

        it('redirects a signed-in visitor to /dashboard, or to a safe redirectToPath', async () => {

            const browser = app.browser();
            await signUp(browser, 'already@example.com');
            const plain = await browser.get('/auth');
            expect(plain.statusCode).to.equal(302);
            expect(plain.headers.location).to.equal('/dashboard');

            const onward = await browser.get('/auth?redirectToPath=%2Fdashboard%2Fpassword');
            expect(onward.headers.location).to.equal('/dashboard/password');

            const evil = await browser.get('/auth?redirectToPath=%2F%2Fevil.com');
            expect(evil.headers.location).to.equal('/dashboard');
        });

        it('shows the form to a visitor whose session was revoked, instead of sending them back and forth', async () => {

            const browser = app.browser();
            await signUp(browser, 'revoked-auth@example.com');
            const me = JSON.parse((await browser.get('/api/me')).payload);
            await (await import('supertokens-node/recipe/session')).default.revokeSession(me.sessionHandle);

            const res = await browser.get('/auth');
            expect(res.statusCode).to.equal(200);
            expect(res.payload).to.contain('id="sign-in-form"');
        });

        it('answers a malformed query with the 400 page', async () => {

            const twice = await app.browser().get('/auth?redirectToPath=%2Fa&redirectToPath=%2Fb');
            expect(twice.statusCode).to.equal(400);
            expect(twice.headers['content-type']).to.contain('text/html');
            expect(twice.payload).to.contain('id="error-page"');
            expect(twice.payload).to.contain('data-status="400"');

            const show = await app.browser().get('/auth?show=everything');
            expect(show.statusCode).to.equal(400);
            expect(show.payload).to.contain('id="error-page"');
        });
    });

    describe('GET /auth/callback/{thirdPartyId}', () => {

        it('renders the callback page for a configured provider', async () => {

            const res = await app.browser().get('/auth/callback/github?code=abc&state=xyz');
            expect(res.statusCode).to.equal(200);
            expect(res.payload).to.contain('Signing in with GitHub');
            expect(res.payload).to.contain('data-provider="github"');
            for (const id of ['callback-status', 'callback-failed', 'callback-error', 'callback-back']) {
                expect(res.payload, id).to.contain(`id="${id}"`);
            }

            expect(isHidden(res.payload, 'callback-failed')).to.be.true();
            expect(res.payload).to.contain('src="/public/js/callback.js"');
        });

        it('answers an unknown provider with the 404 page', async () => {

            const res = await app.browser().get('/auth/callback/myspace');
            expect(res.statusCode).to.equal(404);
            expect(res.headers['content-type']).to.contain('text/html');
            expect(res.payload).to.contain('data-status="404"');
            expect(res.payload).to.contain('Page not found');
        });

        it('does not render the oidc callback when no OIDC provider is configured', async () => {

            const res = await app.browser().get('/auth/callback/oidc');
            expect(res.statusCode).to.equal(404);
        });
    });

    describe('GET /auth/reset-password', () => {

        it('without a token, renders the form that asks for a link and its hidden answer', async () => {

            const res = await app.browser().get('/auth/reset-password');
            expect(res.statusCode).to.equal(200);
            expect(res.payload).to.contain('<title>Reset your password · Staffgate</title>');
            for (const id of ['reset-request-form', 'reset-email', 'reset-email-error', 'reset-request-submit', 'reset-request-error', 'reset-request-sent']) {
                expect(res.payload, id).to.contain(`id="${id}"`);
            }

            expect(isHidden(res.payload, 'reset-request-sent')).to.be.true();
            expect(textOf(res.payload, 'reset-request-sent')).to.contain('If an account exists for that email, we sent a link');
            expect(res.payload).to.not.contain('id="reset-form"');
        });

        it('with a live token, renders the new-password form with its confirmation field', async () => {

            const userId = await signUp(app.browser(), 'live-reset-link@example.com');
            const created = await EmailPassword.createResetPasswordToken('public', userId, 'live-reset-link@example.com');
            const token = (created as { token: string }).token;
            const res = await app.browser().get(`/auth/reset-password?token=${token}&tenantId=public`);
            expect(res.statusCode).to.equal(200);
            expect(res.payload).to.contain('<title>Choose a new password · Staffgate</title>');
            for (const id of ['reset-form', 'new-password', 'new-password-error', 'confirm-password', 'confirm-password-error', 'reset-submit', 'reset-error', 'reset-done', 'reset-sign-in', 'reset-invalid']) {
                expect(res.payload, id).to.contain(`id="${id}"`);
            }

            expect(isHidden(res.payload, 'reset-done')).to.be.true();
            expect(res.payload).to.not.contain(token);
            expect(res.payload).to.not.contain('id="reset-request-form"');
            expect(res.payload).to.not.contain('id="reset-link-dead"');
        });

        it('refuses a used, expired or unknown link as the page opens, offering to send a new one', async () => {

            const userId = await signUp(app.browser(), 'dead-reset-link@example.com');
            const created = await EmailPassword.createResetPasswordToken('public', userId, 'dead-reset-link@example.com');
            const token = (created as { token: string }).token;
            expect((await EmailPassword.consumePasswordResetToken('public', token)).status).to.equal('OK');

            for (const dead of [token, 'abc.def']) {
                const res = await app.browser().get(`/auth/reset-password?token=${dead}&tenantId=public`);
                expect(res.statusCode).to.equal(200);
                expect(textOf(res.payload, 'reset-link-dead')).to.equal('This reset link has expired or was already used. Enter your email to get a new one.');
                expect(res.payload).to.contain('id="reset-request-form"');
                expect(res.payload).to.not.contain('id="reset-form"');
            }
        });

        it('answers an oversized token with the 400 page', async () => {

            const res = await app.browser().get(`/auth/reset-password?token=${'a'.repeat(2000)}`);
            expect(res.statusCode).to.equal(400);
            expect(res.payload).to.contain('data-status="400"');
        });
    });

    describe('GET /auth/verify-email', () => {

        it('with a token, renders the page that verifies it', async () => {

            const res = await app.browser().get('/auth/verify-email?token=abc&tenantId=public');
            expect(res.statusCode).to.equal(200);
            for (const id of ['verify-status', 'verify-done', 'verify-failed', 'verify-error']) {
                expect(res.payload, id).to.contain(`id="${id}"`);
            }

            expect(isHidden(res.payload, 'verify-done')).to.be.true();
            expect(res.payload).to.contain('src="/public/js/verify-email.js"');
        });

        it('without a token and signed out, links to sign-in and back', async () => {

            const res = await app.browser().get('/auth/verify-email');
            expect(res.statusCode).to.equal(200);
            expect(attributeOf(res.payload, 'href', 'verify-sign-in')).to.equal('/auth?redirectToPath=%2Fauth%2Fverify-email');
            expect(res.payload).to.contain('id="verify-sign-in"');
            expect(res.payload).to.not.contain('id="verify-send"');
        });

        it('offers an unverified signed-in user to send the link again', async () => {

            const browser = app.browser();
            await signUp(browser, 'unverified@example.com');
            const res = await browser.get('/auth/verify-email');
            expect(res.statusCode).to.equal(200);
            expect(res.payload).to.contain('id="verify-send"');
            expect(isHidden(res.payload, 'verify-sent')).to.be.true();
            expect(res.payload).to.contain('id="sign-out"');

            // Verification is optional here: no link was sent at sign-up, and the page does not claim one was.
            expect(attributeOf(res.payload, 'data-link-sent', 'verify-pending')).to.equal('false');
            expect(textOf(res.payload, 'verify-send')).to.equal('Send me a link');
            expect(JSON.parse((await browser.post('/auth/user/email/verify/token', {})).payload)).to.equal({ status: 'OK' });
            const sent = await browser.get('/auth/verify-email');
            expect(attributeOf(sent.payload, 'data-link-sent', 'verify-pending')).to.equal('true');
            expect(textOf(sent.payload, 'verify-pending')).to.equal('Your email is not verified yet. We sent a link to unverified@example.com: open it, or ask for a new one.');
        });

        it('tells a verified user so, with a link to continue to a safe path', async () => {

            const browser = app.browser();
            const userId = await signUp(browser, 'verified@example.com');
            const recipeUserId = SuperTokens.convertToRecipeUserId(userId);
            const created = await EmailVerification.createEmailVerificationToken('public', recipeUserId);
            expect(created.status).to.equal('OK');
            await EmailVerification.verifyEmailUsingToken('public', (created as { token: string }).token);

            const res = await browser.get('/auth/verify-email?redirectToPath=%2Fdashboard%2Fpassword');
            expect(res.payload).to.contain('id="verify-already"');
            expect(res.payload).to.contain('href="/dashboard/password"');
            expect(res.payload).to.not.contain('id="verify-send"');

            const evil = await browser.get('/auth/verify-email?redirectToPath=https%3A%2F%2Fevil.com');
            expect(evil.payload).to.contain('data-continue-path="/dashboard"');
        });
    });

    describe('GET /auth/refresh', () => {

        it('renders the refresh step with its target path', async () => {

            const res = await app.browser().get('/auth/refresh?redirectToPath=%2Fdashboard%3Ftab%3D1');
            expect(res.statusCode).to.equal(200);
            expect(res.payload).to.contain('id="refresh"');
            expect(attributeOf(res.payload, 'data-redirect-to-path')).to.equal('/dashboard?tab=1');
            expect(res.payload).to.contain('src="/public/js/refresh.js"');
        });

        it('never targets itself or another site', async () => {

            for (const target of ['/auth/refresh', '/auth/refresh?redirectToPath=%2Fauth%2Frefresh', '//evil.com', 'https://evil.com', '/\\evil.com']) {
                const res = await app.browser().get(`/auth/refresh?redirectToPath=${encodeURIComponent(target)}`);
                expect(res.payload, target).to.contain('data-redirect-to-path="/dashboard"');
            }
        });

        it('keeps /auth/refreshments, which is not the refresh step', async () => {

            const res = await app.browser().get('/auth/refresh?redirectToPath=%2Fauth%2Frefreshments');
            expect(res.payload).to.contain('data-redirect-to-path="/auth/refreshments"');
        });
    });

    describe('SDK routes under /auth', () => {

        it('turns a GET that no SDK API answers into the 404 page', async () => {

            const res = await app.browser().get('/auth/sign-up');
            expect(res.statusCode).to.equal(404);
            expect(res.payload).to.contain('data-status="404"');
        });

        it('leaves the SDK API and its JSON errors alone', async () => {

            const browser = app.browser();
            const url = await browser.get('/auth/authorisationurl?thirdPartyId=github&redirectURIOnProviderDashboard=http%3A%2F%2Flocalhost%3A3000%2Fauth%2Fcallback%2Fgithub');
            expect(url.statusCode).to.equal(200);
            expect(url.headers['content-type']).to.contain('application/json');
            expect(JSON.parse(url.payload).status).to.equal('OK');

            const bad = await browser.post('/auth/signin', { formFields: 'nope' });
            expect(bad.statusCode).to.equal(400);
            expect(bad.headers['content-type']).to.contain('application/json');
            expect(bad.payload).to.not.contain('<html');

            const broken = await browser.request({ method: 'POST', url: '/auth/signin', payload: '{"formFields":', headers: { 'content-type': 'application/json', rid: 'emailpassword' } });
            expect(broken.statusCode).to.equal(400);
            expect(broken.headers['content-type']).to.contain('application/json');
            expect(broken.payload).to.not.contain('<html');
        });
    });
});


describe('auth pages with a company OIDC provider', () => {

    let app: TestApp;

    before(async () => {

        app = await startTestApp({ OIDC_ISSUER: 'http://127.0.0.1:9/issuer', OIDC_CLIENT_ID: 'staffgate', OIDC_CLIENT_SECRET: 'secret', OIDC_NAME: 'Acme <SSO>' });
    });

    after(async () => {

        await app.destroy();
    });

    it('shows its button after the social ones, with its name escaped', async () => {

        const res = await app.browser().get('/auth');
        expect(res.payload).to.contain('id="provider-oidc"');
        expect(res.payload).to.contain('data-provider="oidc"');
        expect(res.payload).to.contain('Continue with Acme &lt;SSO&gt;');
        expect(res.payload.indexOf('provider-apple')).to.be.below(res.payload.indexOf('provider-oidc'));
    });

    it('renders its callback page', async () => {

        const res = await app.browser().get('/auth/callback/oidc');
        expect(res.statusCode).to.equal(200);
        expect(res.payload).to.contain('Signing in with Acme &lt;SSO&gt;');
    });
});
