import * as Net from 'net';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import SuperTokens from 'supertokens-node';

import { domainRefusedMessage, invitationOnlyMessage, unverifiedRefusedMessage } from '../../../server/web/auth/signup-policy';
import { passwordOffMessage } from '../../../server/web/auth/sign-in-methods';
import { coreRequest } from '../../helpers/core-api';
import { captureLog } from '../../helpers/log-capture';
import { startOidcProvider, type OidcProvider } from '../../helpers/oidc-provider';
import { signInWithOidc } from '../../helpers/oidc-sign-in';
import { captureMailLog } from '../../helpers/outbox';
import { startTestApp, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const password = 'a long enough password';

const signUp = async (app: TestApp, email: string) => {

    const res = await app.browser().post('/auth/signup', { formFields: [{ id: 'email', value: email }, { id: 'password', value: password }] });
    expect(res.statusCode, res.payload).to.equal(200);
    return JSON.parse(res.payload);
};

const usersWithEmail = async (email: string) => (await SuperTokens.listUsersByAccountInfo('public', { email })).length;

const refusals = async (app: TestApp) => (await coreRequest(app, 'GET', '/staffgate/audit?event=sign_up_refused&limit=500')).events as { details: Record<string, string> }[];


describe('SIGNUP', () => {

    let idp: OidcProvider;
    let restoreLog: () => void;

    before(async () => {

        restoreLog = captureMailLog().restore;
        idp = await startOidcProvider({ user: { sub: 'idp-1', email: 'first@example.com', email_verified: true } });
    });

    after(async () => {

        await idp.stop();
        restoreLog();
    });

    describe('invite', () => {

        let app: TestApp;

        before(async () => {

            app = await startTestApp({ ...idp.env(), SIGNUP: 'invite', ADMIN_EMAILS: 'boss@example.com' });
        });

        after(() => app.destroy());

        it('refuses a password sign-up with the invitation message, creates nothing, and records the refusal', async () => {

            const body = await signUp(app, 'Stranger@Example.com');
            expect(body).to.equal({ status: 'SIGN_UP_NOT_ALLOWED', reason: invitationOnlyMessage });
            expect(await usersWithEmail('stranger@example.com')).to.equal(0);
            const [refusal] = await refusals(app);
            // In its normal form (email-addresses.ts), as the core records addresses in its own events.
            expect(refusal!.details).to.equal({ method: 'emailpassword', email: 'stranger@example.com', reason: 'invite_only' });
        });

        it('lets an ADMIN_EMAILS address sign up, and so shows "Create account"', async () => {

            expect((await app.browser().get('/auth')).payload).to.contain('id="sign-up-form"');
            expect((await signUp(app, 'boss@example.com')).status).to.equal('OK');
        });

        it('refuses a first provider sign-in, verified or not, and creates nothing', async () => {

            idp.user = { sub: 'idp-stranger', email: 'stranger2@example.com', email_verified: true };
            let res = await signInWithOidc(app, app.browser());
            expect(JSON.parse(res.payload)).to.equal({ status: 'SIGN_IN_UP_NOT_ALLOWED', reason: invitationOnlyMessage });

            idp.user = { sub: 'idp-unverified-boss', email: 'boss@example.com', email_verified: false };
            res = await signInWithOidc(app, app.browser());
            expect(JSON.parse(res.payload)).to.equal({ status: 'SIGN_IN_UP_NOT_ALLOWED', reason: unverifiedRefusedMessage });

            expect(await usersWithEmail('stranger2@example.com')).to.equal(0);
            expect(await usersWithEmail('boss@example.com')).to.equal(1);               // only the password account
            expect((await refusals(app)).map((event) => event.details.reason)).to.include(['invite_only', 'email_not_verified']);
        });

        it('lets a provider sign-in of a verified ADMIN_EMAILS address through', async () => {

            idp.user = { sub: 'idp-boss', email: 'boss@example.com', email_verified: true };
            expect(JSON.parse((await signInWithOidc(app, app.browser())).payload).status).to.equal('OK');
        });

        it('hides "Create account" when only invitees could use it (invitations are tested in test/web/invitations)', async () => {

            await app.destroy();
            app = await startTestApp({ ...idp.env(), SIGNUP: 'invite' });
            // Invitees have their own page: without ADMIN_EMAILS nobody could use the form here.
            const page = (await app.browser().get('/auth?show=sign-up')).payload;
            expect(page).to.not.contain('id="sign-up-form"');
            expect(page).to.not.contain('Create account');
            expect(page).to.contain('id="sign-in-form"');
        });
    });

    describe('domains', () => {

        let app: TestApp;

        before(async () => {

            app = await startTestApp({ ...idp.env(), SIGNUP: 'domains', SIGNUP_DOMAINS: 'example.com, @Example.org' });
        });

        after(() => app.destroy());

        it('lets listed domains sign up with a password and refuses others', async () => {

            expect((await signUp(app, 'ann@example.com')).status).to.equal('OK');
            expect((await signUp(app, 'bob@EXAMPLE.org')).status).to.equal('OK');
            expect(await signUp(app, 'eve@example.com.evil.test')).to.equal({ status: 'SIGN_UP_NOT_ALLOWED', reason: domainRefusedMessage });
            expect(await usersWithEmail('eve@example.com.evil.test')).to.equal(0);
        });

        it('counts a provider email only when verified, and never asks an existing user again', async () => {

            idp.user = { sub: 'idp-dom-1', email: 'carl@example.com', email_verified: false };
            expect(JSON.parse((await signInWithOidc(app, app.browser())).payload).status).to.equal('SIGN_IN_UP_NOT_ALLOWED');

            idp.user = { sub: 'idp-dom-2', email: 'dana@elsewhere.test', email_verified: true };
            expect(JSON.parse((await signInWithOidc(app, app.browser())).payload)).to.equal({ status: 'SIGN_IN_UP_NOT_ALLOWED', reason: domainRefusedMessage });

            idp.user = { sub: 'idp-dom-3', email: 'erin@example.com', email_verified: true };
            expect(JSON.parse((await signInWithOidc(app, app.browser())).payload).status).to.equal('OK');

            // The same provider account, its email now elsewhere and unverified: an existing user signs in.
            idp.user = { sub: 'idp-dom-3', email: 'erin@elsewhere.test', email_verified: false };
            expect(JSON.parse((await signInWithOidc(app, app.browser())).payload).status).to.equal('OK');
        });
    });

    describe('open', () => {

        let app: TestApp;

        before(async () => {

            app = await startTestApp({ ...idp.env(), SIGNUP: 'open' });
        });

        after(() => app.destroy());

        it('lets anyone sign up, with a password or a provider whose email is not verified', async () => {

            expect((await signUp(app, 'anyone@anywhere.test')).status).to.equal('OK');
            idp.user = { sub: 'idp-open', email: 'who@anywhere.test', email_verified: false };
            expect(JSON.parse((await signInWithOidc(app, app.browser())).payload).status).to.equal('OK');
            expect(await refusals(app)).to.equal([]);
        });

        it('shows "Create account" on the sign-in page', async () => {

            const page = (await app.browser().get('/auth')).payload;
            expect(page).to.contain('id="sign-up-form"');
            expect(page).to.contain('id="provider-oidc"');
        });
    });
});


describe('SIGN_IN_METHODS', () => {

    let idp: OidcProvider;

    before(async () => {

        idp = await startOidcProvider({ user: { sub: 'idp-m', email: 'sso@example.com', email_verified: true } });
    });

    after(() => idp.stop());

    it('without password: no form, the password API refuses, /auth/loginmethods lists only the provider', async () => {

        const app = await startTestApp({ ...idp.env(), SIGN_IN_METHODS: 'oidc' });
        try {
            const page = (await app.browser().get('/auth')).payload;
            expect(page).to.not.contain('id="sign-in-form"');
            expect(page).to.not.contain('id="sign-up-form"');
            expect(page).to.not.contain('provider-github');
            expect(page).to.contain('id="provider-oidc"');
            expect(page).to.contain(passwordOffMessage);
            const resetPage = (await app.browser().get('/auth/reset-password')).payload;
            expect(resetPage).to.contain(passwordOffMessage);
            expect(resetPage).to.not.contain('id="reset-request-form"');

            for (const path of ['/auth/signup', '/auth/signin']) {
                const res = await app.browser().post(path, { formFields: [{ id: 'email', value: 'x@example.com' }, { id: 'password', value: password }] });
                expect(JSON.parse(res.payload)).to.equal({ status: 'GENERAL_ERROR', message: passwordOffMessage });
            }

            const reset = await app.browser().post('/auth/user/password/reset/token', { formFields: [{ id: 'email', value: 'x@example.com' }] });
            expect(JSON.parse(reset.payload).status).to.equal('GENERAL_ERROR');

            const methods = JSON.parse((await app.browser().get('/auth/loginmethods')).payload);
            expect(methods.emailPassword).to.equal({ enabled: false });
            expect(methods.thirdParty.providers).to.equal([{ id: 'oidc', name: 'Company sign-in' }]);
            expect(methods.firstFactors).to.equal(['thirdparty']);

            const github = await app.browser().get(`/auth/authorisationurl?thirdPartyId=github&redirectURIOnProviderDashboard=${encodeURIComponent('http://localhost/auth/callback/github')}`);
            expect(github.statusCode).to.equal(400);
            expect(JSON.parse((await signInWithOidc(app, app.browser())).payload).status).to.equal('OK');
        }
        finally {
            await app.destroy();
        }
    });

    it('with password only: no provider buttons, and providers refused', async () => {

        const app = await startTestApp({ SIGN_IN_METHODS: 'password, link' });
        try {
            const page = (await app.browser().get('/auth')).payload;
            expect(page).to.contain('id="sign-in-form"');
            expect(page).to.contain('id="sign-up-form"');
            expect(page).to.not.contain(passwordOffMessage);
            expect(page).to.not.contain('data-provider=');
            expect((await app.browser().get('/auth/reset-password')).payload).to.not.contain(passwordOffMessage);
            const methods = JSON.parse((await app.browser().get('/auth/loginmethods')).payload);
            expect(methods.thirdParty).to.equal({ enabled: false, providers: [] });
            expect(methods.emailPassword).to.equal({ enabled: true });
            const google = await app.browser().get(`/auth/authorisationurl?thirdPartyId=google&redirectURIOnProviderDashboard=${encodeURIComponent('http://localhost/auth/callback/google')}`);
            expect(google.statusCode).to.equal(400);
        }
        finally {
            await app.destroy();
        }
    });

    it('answers /auth/loginmethods when one provider\'s discovery cannot be fetched', async () => {

        // A port nobody listens on: connections are refused at once.
        const closed = Net.createServer();
        await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
        const port = (closed.address() as Net.AddressInfo).port;
        await new Promise((resolve) => closed.close(resolve));

        const log = captureLog();
        const app = await startTestApp({ OIDC_ISSUER: `http://127.0.0.1:${port}`, OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's', SIGN_IN_METHODS: 'password,oidc', LOG_LEVEL: 'warn' }, { logDestination: log.destination });
        try {
            const res = await app.browser().get('/auth/loginmethods');
            expect(res.statusCode).to.equal(200);
            const methods = JSON.parse(res.payload);
            expect(methods.emailPassword).to.equal({ enabled: true });
            expect(methods.thirdParty.providers).to.equal([]);
            expect(log.lines().map((line) => line.msg).join('\n')).to.contain('oidc left out');
        }
        finally {
            await app.destroy();
        }
    });
});
