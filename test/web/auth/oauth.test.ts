import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import SuperTokens from 'supertokens-node';
import EmailVerification from 'supertokens-node/recipe/emailverification';

import { mintState, providerFailureMessage, stateCookieName, stateMismatchMessage } from '../../../server/web/auth/oauth-state';
import { discoveryUrl } from '../../../server/web/auth/providers';
import { coreRequest } from '../../helpers/core-api';
import { startOidcProvider, type OidcProvider } from '../../helpers/oidc-provider';
import { startTestApp, type Browser, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after, afterEach } = lab;

interface Started {
    readonly urlWithQueryParams: string;
    readonly pkceCodeVerifier?: string;
    readonly state: string;
}


describe('Third-party sign-in (OIDC)', () => {

    let idp: OidcProvider;
    let app: TestApp;
    const defaultUser = { sub: 'idp-olivia', email: 'Olivia@Example.com', email_verified: true, name: 'Olivia' };

    before(async () => {

        idp = await startOidcProvider({ user: defaultUser });
        app = await startTestApp({ ...idp.env(), ADMIN_EMAILS: 'oidc.admin@example.com,unverified.admin@example.com' });
    });

    after(async () => {

        await app.destroy();
        await idp.stop();
    });

    afterEach(() => {

        idp.user = defaultUser;
        idp.idTokenClaims = {};
    });

    const redirectUri = () => `${app.config.web.websiteDomain}/auth/callback/oidc`;

    /** GET /auth/authorisationurl, as the sign-in page's script does. */
    const start = async (browser: Browser, thirdPartyId = 'oidc'): Promise<Started> => {

        const res = await browser.get(`/auth/authorisationurl?thirdPartyId=${thirdPartyId}&redirectURIOnProviderDashboard=${encodeURIComponent(redirectUri())}`);
        expect(res.statusCode, res.payload).to.equal(200);
        const body = JSON.parse(res.payload);
        expect(body.status).to.equal('OK');
        return body;
    };

    /** The browser at the provider: /authorize answers with a redirect back to us. */
    const authorize = async (url: string): Promise<Record<string, string>> => {

        const res = await fetch(url, { redirect: 'manual' });
        expect(res.status).to.equal(302);
        const back = new URL(res.headers.get('location')!);
        expect(`${back.origin}${back.pathname}`).to.equal(redirectUri());
        return Object.fromEntries(back.searchParams);
    };

    /** POST /auth/signinup, as the callback page's script does. */
    const callback = (browser: Browser, params: Record<string, string>, pkceCodeVerifier?: string, redirect = redirectUri()) => {

        return browser.post('/auth/signinup', {
            thirdPartyId: 'oidc',
            redirectURIInfo: { redirectURIOnProviderDashboard: redirect, redirectURIQueryParams: params, ...(pkceCodeVerifier ? { pkceCodeVerifier } : {}) }
        });
    };

    const signInThroughProvider = async (browser: Browser) => {

        const started = await start(browser);
        const params = await authorize(started.urlWithQueryParams);
        return callback(browser, params, started.pkceCodeVerifier);
    };

    const tokenRequests = () => idp.requests.filter((request) => request.path === '/token').length;

    const expectRefused = (res: Awaited<ReturnType<typeof callback>>, message: string, browser?: Browser) => {

        expect(res.statusCode).to.equal(200);
        expect(JSON.parse(res.payload)).to.equal({ status: 'GENERAL_ERROR', message });
        if (browser) {
            expect(browser.cookies.has('sAccessToken')).to.be.false();
        }
    };

    it('derives the discovery URL from the issuer', () => {

        expect(discoveryUrl('https://login.example.com/realms/staff')).to.equal('https://login.example.com/realms/staff/.well-known/openid-configuration');
        expect(discoveryUrl('https://login.example.com/')).to.equal('https://login.example.com/.well-known/openid-configuration');
        expect(discoveryUrl('https://login.example.com/.well-known/openid-configuration')).to.equal('https://login.example.com/.well-known/openid-configuration');
    });

    it('signs in through the provider\'s redirect flow: state bound by cookie, PKCE, a session, and the provider\'s verified email', async () => {

        const browser = app.browser();
        const res = await browser.get(`/auth/authorisationurl?thirdPartyId=oidc&redirectURIOnProviderDashboard=${encodeURIComponent(redirectUri())}`);
        const started = JSON.parse(res.payload) as Started;

        // The server made the state, put it in the provider URL, and bound its hash to this browser.
        const url = new URL(started.urlWithQueryParams);
        expect(`${url.origin}${url.pathname}`).to.equal(`${idp.issuer}/authorize`);
        expect(url.searchParams.get('client_id')).to.equal(idp.clientId);
        expect(url.searchParams.get('redirect_uri')).to.equal(redirectUri());
        expect(url.searchParams.get('state')).to.equal(started.state);
        expect(url.searchParams.get('code_challenge_method')).to.equal('S256');
        expect(started.pkceCodeVerifier).to.be.a.string();
        const decoded = JSON.parse(Buffer.from(started.state, 'base64').toString());
        expect(decoded.state).to.match(/^[0-9a-f]{48}$/);
        expect(decoded.frontendRedirectURI).to.equal(redirectUri());

        const cookie = [res.headers['set-cookie']].flat().find((line) => line!.startsWith(`${stateCookieName}=`))!;
        const hash = Crypto.createHash('sha256').update(started.state).digest('base64url');
        expect(cookie).to.startWith(`${stateCookieName}=${hash}; Max-Age=600;`);
        expect(cookie).to.contain('; HttpOnly; SameSite=Lax; Path=/auth');

        const params = await authorize(started.urlWithQueryParams);
        expect(params.state).to.equal(started.state);
        const signIn = await callback(browser, params, started.pkceCodeVerifier);
        expect(signIn.statusCode).to.equal(200);
        const body = JSON.parse(signIn.payload);
        expect(body.status).to.equal('OK');
        expect(body.createdNewRecipeUser).to.be.true();
        expect(body.user.emails).to.equal(['olivia@example.com']);
        expect(body.user.thirdParty).to.equal([{ id: 'oidc', userId: 'idp-olivia' }]);

        // The state cookie is gone, the session is there, the email is verified.
        expect([signIn.headers['set-cookie']].flat()).to.contain(`${stateCookieName}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax; Path=/auth`);
        expect(browser.cookies.has(stateCookieName)).to.be.false();
        const me = await browser.get('/api/me');
        expect(me.statusCode).to.equal(200);
        expect(JSON.parse(me.payload).userId).to.equal(body.user.id);
        expect(await EmailVerification.isEmailVerified(SuperTokens.convertToRecipeUserId(body.user.id))).to.be.true();

        // The provider got the client secret, the redirect URI and the PKCE verifier.
        const token = idp.requests.filter((request) => request.path === '/token').pop()!;
        expect(token.payload).to.include({ client_id: idp.clientId, client_secret: idp.clientSecret, redirect_uri: redirectUri(), code: params.code, code_verifier: started.pkceCodeVerifier });

        // The same callback again: the state was good for one use.
        expectRefused(await callback(browser, params, started.pkceCodeVerifier), stateMismatchMessage);

        // Signing in again finds the same user.
        const again = JSON.parse((await signInThroughProvider(app.browser())).payload);
        expect(again.status).to.equal('OK');
        expect(again.createdNewRecipeUser).to.be.false();
        expect(again.user.id).to.equal(body.user.id);
    });

    it('refuses a forged state before calling the provider, and the real state cannot be used after that', async () => {

        const browser = app.browser();
        const started = await start(browser);
        const params = await authorize(started.urlWithQueryParams);
        const earlier = tokenRequests();

        expectRefused(await callback(browser, { ...params, state: mintState(redirectUri()) }, started.pkceCodeVerifier), stateMismatchMessage, browser);
        expectRefused(await callback(browser, params, started.pkceCodeVerifier), stateMismatchMessage, browser);
        expect(tokenRequests()).to.equal(earlier);
    });

    it('refuses a callback in another browser than the one that started, or without a state', async () => {

        const started = await start(app.browser());
        const params = await authorize(started.urlWithQueryParams);

        const other = app.browser();
        expectRefused(await callback(other, params, started.pkceCodeVerifier), stateMismatchMessage, other);

        const browser = app.browser();
        const mine = await start(browser);
        const { state: _state, ...withoutState } = await authorize(mine.urlWithQueryParams);
        expectRefused(await callback(browser, withoutState, mine.pkceCodeVerifier), stateMismatchMessage, browser);
    });

    it('refuses a state cookie that was tampered with, and a callback without query parameters', async () => {

        const browser = app.browser();
        const started = await start(browser);
        const params = await authorize(started.urlWithQueryParams);
        browser.cookies.get(stateCookieName)!.value = 'short';
        expectRefused(await callback(browser, params, started.pkceCodeVerifier), stateMismatchMessage, browser);

        const other = app.browser();
        await start(other);
        const res = await other.post('/auth/signinup', { thirdPartyId: 'oidc', redirectURIInfo: { redirectURIOnProviderDashboard: redirectUri() } });
        expectRefused(res, stateMismatchMessage, other);
    });

    it('refuses provider tokens sent directly instead of a code', async () => {

        const browser = app.browser();
        await start(browser);
        const res = await browser.post('/auth/signinup', { thirdPartyId: 'oidc', oAuthTokens: { access_token: 'from-somewhere-else', id_token: 'x.y.z' } });
        expectRefused(res, stateMismatchMessage, browser);
    });

    it('refuses a reused code with a clear error, not a 500', async () => {

        const browser = app.browser();
        const started = await start(browser);
        const params = await authorize(started.urlWithQueryParams);
        expect(JSON.parse((await callback(browser, params, started.pkceCodeVerifier)).payload).status).to.equal('OK');

        // An attacker replays the code in a flow of their own (with a valid state of that flow).
        const attacker = app.browser();
        const theirs = await start(attacker);
        const earlier = tokenRequests();
        expectRefused(await callback(attacker, { ...params, state: theirs.state }, started.pkceCodeVerifier), providerFailureMessage, attacker);
        expect(tokenRequests()).to.equal(earlier + 1);                  // the provider was asked, and said no
    });

    it('refuses a tampered callback: another code, another redirect URI, another PKCE verifier, a provider error', async () => {

        const tamper = async (change: (params: Record<string, string>, started: Started) => Parameters<typeof callback>) => {

            const browser = app.browser();
            const started = await start(browser);
            const params = await authorize(started.urlWithQueryParams);
            const [, changed, verifier, redirect] = change(params, started);
            const res = await callback(browser, changed, verifier, redirect);
            expectRefused(res, providerFailureMessage, browser);
        };

        await tamper((params, started) => [app.browser(), { ...params, code: `${params.code}x` }, started.pkceCodeVerifier]);
        await tamper((params, started) => [app.browser(), params, started.pkceCodeVerifier, `${app.config.web.websiteDomain}/auth/callback/evil`]);
        await tamper((params) => [app.browser(), params, Crypto.randomBytes(48).toString('base64url')]);
        await tamper(({ code: _code, ...params }, started) => [app.browser(), { ...params, error: 'access_denied' }, started.pkceCodeVerifier]);
    });

    it('refuses an ID token from another issuer, for another client, or expired', async () => {

        for (const claims of [{ iss: 'http://evil.example' }, { iss: undefined }, { aud: 'another-client' }, { exp: Math.floor(Date.now() / 1000) - 600 }]) {
            idp.idTokenClaims = claims;
            const browser = app.browser();
            expectRefused(await signInThroughProvider(browser), providerFailureMessage, browser);
        }
    });

    it('refuses a banned user with the SDK\'s SIGN_IN_UP_NOT_ALLOWED', async () => {

        idp.user = { sub: 'idp-banned', email: 'banned.oidc@example.com', email_verified: true };
        const first = JSON.parse((await signInThroughProvider(app.browser())).payload);
        expect(first.status).to.equal('OK');
        await coreRequest(app, 'POST', '/staffgate/ban', { userId: first.user.id });

        const browser = app.browser();
        const res = await signInThroughProvider(browser);
        expect(res.statusCode).to.equal(200);
        expect(JSON.parse(res.payload).status).to.equal('SIGN_IN_UP_NOT_ALLOWED');
        expect(browser.cookies.has('sAccessToken')).to.be.false();
    });

    it('does not disguise a failure of the core as the provider\'s: that stays a 500', async () => {

        let failing = true;
        app.core!.server.ext('onRequest', (request, h) => {

            if (failing && request.path.endsWith('/recipe/signinup')) {
                return h.response('Internal Error\n').code(500).takeover();
            }

            return h.continue;
        });

        try {
            const res = await signInThroughProvider(app.browser());
            expect(res.statusCode).to.equal(500);
        }
        finally {
            failing = false;
        }

        expect(JSON.parse((await signInThroughProvider(app.browser())).payload).status).to.equal('OK');
    });

    it('answers the SDK\'s 400 for an unknown provider', async () => {

        const browser = app.browser();
        const url = await browser.get(`/auth/authorisationurl?thirdPartyId=nope&redirectURIOnProviderDashboard=${encodeURIComponent(redirectUri())}`);
        expect(url.statusCode).to.equal(400);
        expect(JSON.parse(url.payload)).to.equal({ message: 'the provider nope could not be found in the configuration' });
        expect(url.headers['set-cookie']).to.not.exist();

        const signIn = await browser.post('/auth/signinup', { thirdPartyId: 'nope', redirectURIInfo: { redirectURIOnProviderDashboard: redirectUri(), redirectURIQueryParams: { code: 'x', state: 'y' } } });
        expect(signIn.statusCode).to.equal(400);
        expect(JSON.parse(signIn.payload)).to.equal({ message: 'the provider nope could not be found in the configuration' });
    });

    it('gives the admin role to an ADMIN_EMAILS user whose email the provider verified, in the first session', async () => {

        idp.user = { sub: 'idp-admin', email: 'OIDC.Admin@example.com', email_verified: true };
        const admin = app.browser();
        expect(JSON.parse((await signInThroughProvider(admin)).payload).status).to.equal('OK');
        expect(JSON.parse((await admin.get('/api/me')).payload).roles).to.equal(['admin']);

        idp.user = { sub: 'idp-unverified', email: 'unverified.admin@example.com', email_verified: false };
        const pretender = app.browser();
        expect(JSON.parse((await signInThroughProvider(pretender)).payload).status).to.equal('OK');
        expect(JSON.parse((await pretender.get('/api/me')).payload).roles).to.equal([]);
    });
});
