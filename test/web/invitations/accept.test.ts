import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import SuperTokens from 'supertokens-node';
import EmailVerification from 'supertokens-node/recipe/emailverification';
import UserRoles from 'supertokens-node/recipe/userroles';

import { coreRequest } from '../../helpers/core-api';
import { startOidcProvider, type OidcProvider } from '../../helpers/oidc-provider';
import { crumbIn, textOf } from '../../helpers/pages';
import { sleep } from '../../helpers/session-tools';
import { startTestApp, type Browser, type TestApp } from '../../helpers/web';
import { acceptWithPassword, invite, openInvite, postInvite } from './helpers';
import { invitationOnlyMessage } from '../../../server/web/auth/signup-policy';
import { invitationCookieName } from '../../../server/web/invitations/provider';
import { signInWithOidc } from '../../helpers/oidc-sign-in';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const password = 'a long enough password';


describe('Accepting an invitation', () => {

    let idp: OidcProvider;
    let app: TestApp;

    before(async () => {

        idp = await startOidcProvider({ user: { sub: 'idp-nobody', email: 'nobody@example.com', email_verified: true } });
        app = await startTestApp({ ...idp.env(), SIGNUP: 'invite' });        // the strictest policy: invitations must still work
        await UserRoles.createNewRoleOrAddPermissions('support', []);
        await UserRoles.createNewRoleOrAddPermissions('reports', []);
    });

    after(async () => {

        await app.destroy();
        await idp.stop();
    });

    const usersWith = (email: string) => SuperTokens.listUsersByAccountInfo('public', { email });

    const expectSignedInOnDashboard = async (browser: Browser, email: string) => {

        const dashboard = await browser.get('/dashboard');
        expect(dashboard.statusCode).to.equal(200);
        expect(dashboard.payload).to.contain(email);
    };

    describe('with a password', () => {

        it('shows the invited email read-only, with no referrer, and creates a verified account with the roles, signed in', async () => {

            const { token, invitationId } = await invite(app, 'Pat.Lee@Example.com', ['support', 'reports']);
            const browser = app.browser();
            const page = await openInvite(browser, token);                             // checks the redirect's no-referrer
            expect(page.statusCode).to.equal(200);
            expect(page.headers['referrer-policy']).to.equal('strict-origin-when-cross-origin');   // no token in this URL
            expect(page.payload).to.match(/<input type="email" id="invite-email" value="pat.lee@example.com"[^>]*readonly>/);
            expect(page.payload).to.contain('id="invite-provider-oidc"');

            const res = await postInvite(browser, crumbIn(page.payload), token, password);
            expect(res.statusCode, res.payload).to.equal(302);
            expect(res.headers.location).to.equal('/dashboard');
            await expectSignedInOnDashboard(browser, 'pat.lee@example.com');

            const [user] = await usersWith('pat.lee@example.com');
            expect(user!.loginMethods[0]!.recipeId).to.equal('emailpassword');
            expect(await EmailVerification.isEmailVerified(user!.loginMethods[0]!.recipeUserId, 'pat.lee@example.com')).to.be.true();
            expect((await UserRoles.getRolesForUser('public', user!.id)).roles.sort()).to.equal(['reports', 'support']);

            const { invitations } = await coreRequest(app, 'GET', '/staffgate/invitations');
            expect(invitations.find((row: any) => row.invitationId === invitationId)).to.include({ state: 'accepted', acceptedUserId: user!.id });
            const { events } = await coreRequest(app, 'GET', `/staffgate/audit?event=invitation_accepted&userId=${user!.id}`);
            expect(events).to.have.length(1);
        });

        it('applies the sign-up password policy and asks for the same password twice', async () => {

            const { token } = await invite(app, 'short.password@example.com');
            const browser = app.browser();
            const short = await acceptWithPassword(browser, token, 'too short');
            expect(short.statusCode).to.equal(400);
            expect(textOf(short.payload, 'invite-password-error')).to.equal('Use at least 12 characters');

            const mismatch = await acceptWithPassword(browser, token, password, `${password}!`);
            expect(mismatch.statusCode).to.equal(400);
            expect(textOf(mismatch.payload, 'invite-confirm-password-error')).to.equal('The two passwords are not the same');
            expect(await usersWith('short.password@example.com')).to.equal([]);
        });

        it('refuses a used link with a clear message and no form', async () => {

            const { token } = await invite(app, 'used.once@example.com');
            expect((await acceptWithPassword(app.browser(), token, password)).statusCode).to.equal(302);

            const again = await openInvite(app.browser(), token);
            expect(again.statusCode).to.equal(410);
            expect(textOf(again.payload, 'invite-problem')).to.equal('This invitation has already been used. Sign in with the account it created.');
            expect(again.payload).to.not.contain('id="invite-form"');
            expect(await usersWith('used.once@example.com')).to.have.length(1);
        });

        it('refuses a revoked invitation, on opening and on posting a form opened before', async () => {

            const { token, invitationId } = await invite(app, 'revoked@example.com');
            const browser = app.browser();
            const page = await openInvite(browser, token);
            await coreRequest(app, 'POST', '/staffgate/invitations/revoke', { invitationId });

            const posted = await postInvite(browser, crumbIn(page.payload), token, password);
            expect(posted.statusCode).to.equal(410);
            expect(textOf(posted.payload, 'invite-problem')).to.contain('withdrawn');
            const opened = await openInvite(app.browser(), token);
            expect(textOf(opened.payload, 'invite-problem')).to.contain('withdrawn');
            expect(await usersWith('revoked@example.com')).to.equal([]);
        });

        it('refuses an expired invitation', async () => {

            const { token } = await invite(app, 'expired@example.com', [], 0.00001);      // 36 ms
            await sleep(60);
            const page = await openInvite(app.browser(), token);
            expect(page.statusCode).to.equal(410);
            expect(textOf(page.payload, 'invite-problem')).to.equal('This invitation has expired. Ask your administrator to send you a new one.');
            expect(await usersWith('expired@example.com')).to.equal([]);
        });

        it('refuses an unknown or replaced token, and a token of the wrong shape', async () => {

            const first = await invite(app, 'resent.link@example.com');
            await invite(app, 'resent.link@example.com');                                   // a new link; the first dies
            const old = await openInvite(app.browser(), first.token);
            expect(old.statusCode).to.equal(410);
            expect(textOf(old.payload, 'invite-problem')).to.contain('not valid');
            const malformed = await app.browser().get('/auth/invite?token=not%20a%20token');
            expect(malformed.statusCode).to.equal(400);
            expect(malformed.headers['referrer-policy']).to.equal('no-referrer');
            const without = await app.browser().get('/auth/invite');
            expect(without.statusCode).to.equal(400);
            expect(textOf(without.payload, 'invite-problem')).to.contain('not valid');
        });

        it('two concurrent accepts of one link make one account', async () => {

            const { token } = await invite(app, 'race@example.com');
            const browsers = [app.browser(), app.browser(), app.browser()];
            const pages = await Promise.all(browsers.map((browser) => openInvite(browser, token)));
            const results = await Promise.all(browsers.map((browser, i) => postInvite(browser, crumbIn(pages[i]!.payload), token, password)));
            expect(results.map((res) => res.statusCode).filter((code) => code === 302)).to.have.length(1);
            expect(await usersWith('race@example.com')).to.have.length(1);
        });
    });

    describe('through the provider', () => {

        const redirectUri = () => `${app.config.web.websiteDomain}/auth/callback/oidc`;

        /** The invite page's provider button, then the provider, then the callback page's POST. */
        const acceptThroughProvider = async (browser: Browser, token: string) => {

            const page = await openInvite(browser, token);
            const body = new URLSearchParams({ crumb: crumbIn(page.payload), token }).toString();
            const kept = await browser.post('/auth/invite/provider', body, { 'content-type': 'application/x-www-form-urlencoded' });
            expect(kept.statusCode).to.equal(204);
            expect(browser.cookies.get(invitationCookieName)?.path).to.equal('/auth');

            const started = JSON.parse((await browser.get(`/auth/authorisationurl?thirdPartyId=oidc&redirectURIOnProviderDashboard=${encodeURIComponent(redirectUri())}`)).payload);
            const back = await fetch(started.urlWithQueryParams, { redirect: 'manual' });
            const params = Object.fromEntries(new URL(back.headers.get('location')!).searchParams);
            const res = await browser.post('/auth/signinup', {
                thirdPartyId: 'oidc',
                redirectURIInfo: { redirectURIOnProviderDashboard: redirectUri(), redirectURIQueryParams: params, pkceCodeVerifier: started.pkceCodeVerifier }
            });
            expect(browser.cookies.has(invitationCookieName)).to.be.false();            // one callback per click
            return JSON.parse(res.payload);
        };

        it('creates the account when the provider\'s verified email is the invited one', async () => {

            const { token } = await invite(app, 'sam.provider@example.com', ['support']);
            idp.user = { sub: 'idp-sam', email: 'Sam.Provider@example.com', email_verified: true };
            const browser = app.browser();
            const body = await acceptThroughProvider(browser, token);
            expect(body.status).to.equal('OK');
            expect(body.createdNewRecipeUser).to.be.true();
            await expectSignedInOnDashboard(browser, 'sam.provider@example.com');

            const [user] = await usersWith('sam.provider@example.com');
            expect(user!.thirdParty).to.equal([{ id: 'oidc', userId: 'idp-sam' }]);
            expect((await UserRoles.getRolesForUser('public', user!.id)).roles).to.equal(['support']);
            expect(await EmailVerification.isEmailVerified(user!.loginMethods[0]!.recipeUserId, 'sam.provider@example.com')).to.be.true();
            expect((await openInvite(app.browser(), token)).statusCode).to.equal(410);
        });

        it('refuses another email at the provider, creating nothing, and audits it', async () => {

            const { token, invitationId } = await invite(app, 'invited.person@example.com');
            idp.user = { sub: 'idp-other', email: 'someone.else@example.com', email_verified: true };
            const body = await acceptThroughProvider(app.browser(), token);
            expect(body.status).to.equal('SIGN_IN_UP_NOT_ALLOWED');
            expect(body.reason).to.contain('This invitation is for invited.person@example.com');
            expect(await usersWith('someone.else@example.com')).to.equal([]);
            expect(await usersWith('invited.person@example.com')).to.equal([]);

            const { events: [refused] } = await coreRequest(app, 'GET', '/staffgate/audit?event=invitation_refused&limit=1');
            expect(refused.details).to.equal({ invitationId, provider: 'oidc', reason: 'email_mismatch' });
            // The invitation still works.
            expect((await openInvite(app.browser(), token)).statusCode).to.equal(200);
        });

        it('refuses the invited email when the provider does not say it is verified', async () => {

            const { token } = await invite(app, 'unverified.at.idp@example.com');
            idp.user = { sub: 'idp-unverified', email: 'unverified.at.idp@example.com', email_verified: false };
            const body = await acceptThroughProvider(app.browser(), token);
            expect(body.status).to.equal('SIGN_IN_UP_NOT_ALLOWED');
            expect(body.reason).to.contain('has not confirmed');
            expect(await usersWith('unverified.at.idp@example.com')).to.equal([]);
        });

        it('refuses, under SIGNUP=invite, an invited address without its link: a password sign-up and a provider sign-in', async () => {

            const { token } = await invite(app, 'claimed@example.com', ['support']);
            const signUp = await app.browser().post('/auth/signup', { formFields: [{ id: 'email', value: 'claimed@example.com' }, { id: 'password', value: password }] });
            expect(JSON.parse(signUp.payload)).to.equal({ status: 'SIGN_UP_NOT_ALLOWED', reason: invitationOnlyMessage });

            idp.user = { sub: 'idp-claimed', email: 'claimed@example.com', email_verified: true };
            const signIn = JSON.parse((await signInWithOidc(app, app.browser())).payload);
            expect(signIn).to.equal({ status: 'SIGN_IN_UP_NOT_ALLOWED', reason: invitationOnlyMessage });
            expect(await usersWith('claimed@example.com')).to.equal([]);

            // The link still works, for its owner.
            expect((await acceptThroughProvider(app.browser(), token)).status).to.equal('OK');
        });

        it('does not let the cookie of one invitation create an account for another invited address', async () => {

            const { token } = await invite(app, 'first.invitee@example.com');
            await invite(app, 'second.invitee@example.com');
            idp.user = { sub: 'idp-second', email: 'second.invitee@example.com', email_verified: true };
            const body = await acceptThroughProvider(app.browser(), token);
            expect(body.status).to.equal('SIGN_IN_UP_NOT_ALLOWED');
            expect(await usersWith('second.invitee@example.com')).to.equal([]);
        });

        it('does not start the provider step for a revoked invitation', async () => {

            const { token, invitationId } = await invite(app, 'revoked.provider@example.com');
            const browser = app.browser();
            const page = await openInvite(browser, token);
            await coreRequest(app, 'POST', '/staffgate/invitations/revoke', { invitationId });
            const body = new URLSearchParams({ crumb: crumbIn(page.payload), token }).toString();
            const kept = await browser.post('/auth/invite/provider', body, { 'content-type': 'application/x-www-form-urlencoded' });
            expect(kept.statusCode).to.equal(410);
            expect(browser.cookies.has(invitationCookieName)).to.be.false();
        });
    });
});


describe('The invitation page with SIGN_IN_METHODS', () => {

    let idp: OidcProvider;

    before(async () => {

        idp = await startOidcProvider({ user: { sub: 'idp-methods', email: 'methods@example.com', email_verified: true } });
    });

    after(() => idp.stop());

    it('offers only the listed providers', async () => {

        const app = await startTestApp({ ...idp.env(), SIGNUP: 'invite', SIGN_IN_METHODS: 'password,github' });
        try {
            const { token } = await invite(app, 'listed.only@example.com');
            const page = (await openInvite(app.browser(), token)).payload;
            expect(page).to.contain('id="invite-provider-github"');
            expect(page).to.not.contain('id="invite-provider-oidc"');
            expect(page).to.not.contain('id="invite-provider-google"');
            expect(page).to.contain('id="invite-form"');
        }
        finally {
            await app.destroy();
        }
    });

    it('without password: no password form, and the form\'s POST is refused, creating nothing', async () => {

        const app = await startTestApp({ ...idp.env(), SIGNUP: 'invite', SIGN_IN_METHODS: 'oidc' });
        try {
            const { token } = await invite(app, 'no.password@example.com');
            const browser = app.browser();
            const page = await openInvite(browser, token);
            expect(page.payload).to.not.contain('id="invite-form"');
            expect(page.payload).to.contain('id="invite-provider-oidc"');
            expect(page.payload).to.contain('id="invite-password-off"');

            const crumb = /data-crumb="([^"]+)"/.exec(page.payload)![1]!;          // the provider buttons' crumb
            const res = await postInvite(browser, crumb, token, password);
            expect(res.statusCode).to.equal(403);
            expect(await SuperTokens.listUsersByAccountInfo('public', { email: 'no.password@example.com' })).to.equal([]);
            expect((await openInvite(app.browser(), token)).statusCode).to.equal(200);
        }
        finally {
            await app.destroy();
        }
    });
});
