import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import EmailVerification from 'supertokens-node/recipe/emailverification';
import Session, { type SessionContainer } from 'supertokens-node/recipe/session';
import type { RecipeInterface as SessionFunctions } from 'supertokens-node/recipe/session/types';
import UserRoles from 'supertokens-node/recipe/userroles';

import { extend } from '../../../server/web/auth/override';
import { handleOfToken, VerifiedSessionCache, withVerifiedSessionCache } from '../../../server/web/auth/session-cache';
import { startTestCore, testClock, type TestCore } from '../../helpers/core';
import { signUp } from '../../helpers/pages';
import { initSdk, resetSdk } from '../../helpers/sdk';
import { decodeJwt } from '../../helpers/session-tools';
import { startTestApp, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


/** A stand-in for a verified Session: the fields the cache reads (as the SDK's Session class has them). */
class FakeSession {

    constructor(public helpers: object, public accessToken: string, public frontToken: string, public refreshToken: unknown, public antiCsrfToken: string | undefined,
        public sessionHandle: string, public userId: string, public recipeUserId: object, public userDataInAccessToken: Record<string, unknown>,
        public reqResInfo: unknown, public accessTokenUpdated: boolean, public tenantId: string) { }
}

const fake = (token: string, payload: Record<string, unknown>, overrides: Partial<FakeSession> = {}): SessionContainer => {

    const session = new FakeSession({}, token, 'front', undefined, undefined, String(payload?.sessionHandle ?? 'h1'), 'u1', {}, payload, undefined, false, 'public');
    return Object.assign(session, overrides) as unknown as SessionContainer;
};

const t0 = Date.UTC(2026, 0, 1);
const exp = (ms: number) => Math.floor(ms / 1000);


describe('VerifiedSessionCache', () => {

    it('serves a fresh session object for a stored token, until its max age', () => {

        let now = t0;
        const cache = new VerifiedSessionCache({ now: () => now, maxAgeMs: 10_000 });
        cache.store('token-a', fake('token-a', { exp: exp(t0 + 3_600_000), sessionHandle: 'h1', roles: ['a'] }));

        const first = cache.lookup('token-a', undefined, false)!;
        const second = cache.lookup('token-a', undefined, false)!;
        expect(first).to.be.an.instanceof(FakeSession);
        expect(first).to.not.shallow.equal(second);
        expect(first.getAccessTokenPayload).to.not.exist();       // a FakeSession: fields only
        expect((first as any).userDataInAccessToken).to.equal({ exp: exp(t0 + 3_600_000), sessionHandle: 'h1', roles: ['a'] });
        expect((first as any).userDataInAccessToken).to.not.shallow.equal((second as any).userDataInAccessToken);
        expect((first as any).accessTokenUpdated).to.be.false();
        expect(cache.lookup('token-b', undefined, false)).to.be.undefined();

        now = t0 + 9_999;
        expect(cache.lookup('token-a', undefined, false)).to.exist();
        now = t0 + 10_000;
        expect(cache.lookup('token-a', undefined, false)).to.be.undefined();
        expect(cache.size).to.equal(0);
        expect(cache.hits).to.equal(3);
        expect(cache.misses).to.equal(2);
    });

    it('never serves a token past its expiry, and does not store one already expired', () => {

        let now = t0;
        const cache = new VerifiedSessionCache({ now: () => now, maxAgeMs: 60_000 });
        cache.store('token-a', fake('token-a', { exp: exp(t0 + 2_000) }));
        now = t0 + 1_999;
        expect(cache.lookup('token-a', undefined, false)).to.exist();
        now = t0 + 2_000;
        expect(cache.lookup('token-a', undefined, false)).to.be.undefined();

        cache.store('token-b', fake('token-b', { exp: exp(t0 + 2_000) }));
        expect(cache.size).to.equal(0);
    });

    it('stores only plain verifications: no new token, no first use after a refresh, no odd shape', () => {

        const cache = new VerifiedSessionCache({ now: () => t0 });
        const payload = { exp: exp(t0 + 60_000) };
        cache.store('t1', fake('t1', payload, { accessTokenUpdated: true }));
        cache.store('t2', fake('t2', { ...payload, parentRefreshTokenHash1: 'x' }));
        cache.store('t2b', fake('t2b', { ...payload, parentRefreshTokenHash1: null }));
        cache.store('t3', fake('other', payload));
        cache.store('t4', fake('t4', {}));
        cache.store('t5', fake('t5', payload, { frontToken: undefined as any }));
        cache.store('t6', fake('t6', payload, { helpers: undefined as any }));
        cache.store('t7', fake('t7', null as any));
        cache.store('t9', fake('t9', {}, { userDataInAccessToken: undefined as any }));
        expect(cache.size).to.equal(1);        // only t2b: null is the core's "no parent"
        cache.store('t8', fake('t8', payload));
        expect(cache.size).to.equal(2);
    });

    it('holds at most maxEntries, dropping the least recently used', () => {

        const cache = new VerifiedSessionCache({ now: () => t0, maxEntries: 2 });
        const payload = { exp: exp(t0 + 60_000) };
        cache.store('a', fake('a', payload));
        cache.store('b', fake('b', payload));
        expect(cache.lookup('a', undefined, false)).to.exist();      // a is now the most recent
        cache.store('c', fake('c', payload));
        expect(cache.size).to.equal(2);
        expect(cache.lookup('b', undefined, false)).to.be.undefined();
        expect(cache.lookup('a', undefined, false)).to.exist();
        expect(cache.lookup('c', undefined, false)).to.exist();
    });

    it('leaves an anti-CSRF mismatch to the SDK', () => {

        const cache = new VerifiedSessionCache({ now: () => t0 });
        cache.store('a', fake('a', { exp: exp(t0 + 60_000), antiCsrfToken: 'right' }));
        expect(cache.lookup('a', 'wrong', true)).to.be.undefined();
        expect(cache.lookup('a', undefined, true)).to.be.undefined();
        expect(cache.lookup('a', 'wrong', false)).to.exist();
        expect((cache.lookup('a', 'right', true) as any).antiCsrfToken).to.equal('right');

        cache.store('b', fake('b', { exp: exp(t0 + 60_000), antiCsrfToken: null }));
        expect(cache.lookup('b', undefined, true)).to.be.undefined();
        expect(cache.lookup('b', undefined, false)).to.exist();
    });

    it('forgets sessions by handle and tokens by value', () => {

        const cache = new VerifiedSessionCache({ now: () => t0 });
        const payload = { exp: exp(t0 + 60_000) };
        cache.store('a1', fake('a1', { ...payload, sessionHandle: 'A' }));
        cache.store('a2', fake('a2', { ...payload, sessionHandle: 'A' }));
        cache.store('b1', fake('b1', { ...payload, sessionHandle: 'B' }));
        cache.forgetSessions([]);
        expect(cache.size).to.equal(3);
        cache.forgetSessions(['A']);
        expect(cache.size).to.equal(1);
        cache.forgetToken('b1');
        expect(cache.size).to.equal(0);
        cache.store('c', fake('c', payload));
        cache.clear();
        expect(cache.size).to.equal(0);
    });

    it('reads the session handle of a token without verifying it, or nothing', () => {

        const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
        expect(handleOfToken(`h.${part({ sessionHandle: 'abc' })}.s`)).to.equal('abc');
        expect(handleOfToken(`h.${part({ sessionHandle: 7 })}.s`)).to.be.undefined();
        expect(handleOfToken('no-dots')).to.be.undefined();
        expect(handleOfToken('h.not json.s')).to.be.undefined();
    });

    it('gives each hit its own payload object, sharing frozen values that nobody can change for the others', () => {

        const cache = new VerifiedSessionCache({ now: () => t0 });
        const payload = { exp: exp(t0 + 60_000), 'st-role': { v: ['admin'], t: 1 } };
        cache.store('a', fake('a', payload));
        expect(Object.isFrozen(payload['st-role'])).to.be.false();             // the SDK's session keeps its own

        const first = (cache.lookup('a', undefined, false) as any).userDataInAccessToken;
        const second = (cache.lookup('a', undefined, false) as any).userDataInAccessToken;
        first.exp = 1;
        expect(second.exp).to.equal(exp(t0 + 60_000));
        expect(first['st-role']).to.shallow.equal(second['st-role']);
        expect(() => first['st-role'].v.push('owner')).to.throw(TypeError);
        expect(() => {

            first['st-role'].t = 2;
        }).to.throw(TypeError);
        expect(second['st-role']).to.equal({ v: ['admin'], t: 1 });
    });
});


describe('the session guard with the cache, through the real SDK and core', () => {

    let core: TestCore;
    const clock = testClock();
    const cache = new VerifiedSessionCache({ now: clock.now, maxAgeMs: 10_000 });
    let verifications = 0;          // getSession calls that reached the SDK's own check

    const counted = (original: SessionFunctions): SessionFunctions => {

        return extend(original, {
            getSession: (input) => {

                ++verifications;
                return original.getSession(input);
            }
        });
    };

    const newSession = async (email: string, verified = false): Promise<{ userId: string; token: string; handle: string }> => {

        const made = await EmailPassword.signUp('public', email, 'a long test password');
        if (made.status !== 'OK') {
            throw new Error(made.status);
        }

        if (verified) {
            const token = await EmailVerification.createEmailVerificationToken('public', made.user.loginMethods[0]!.recipeUserId);
            await EmailVerification.verifyEmailUsingToken('public', (token as { token: string }).token);
        }

        const session = await Session.createNewSessionWithoutRequestResponse('public', made.user.loginMethods[0]!.recipeUserId);
        return { userId: made.user.id, token: session.getAccessToken(), handle: session.getHandle() };
    };

    // As the SDK's request handling passes them for a GET (getSessionWithoutRequestResponse would check anti-CSRF).
    const get = { antiCsrfCheck: false };
    const noClaims = { ...get, overrideGlobalClaimValidators: () => [] };

    const refusal = async (promise: Promise<unknown>): Promise<string> => {

        const err = await expect(promise).to.reject();
        expect(Session.Error.isErrorFromSuperTokens(err)).to.be.true();
        return (err as any).type;
    };

    before(async () => {

        core = await startTestCore();
        initSdk(core.uri, {
            recipeList: [
                EmailPassword.init(),
                EmailVerification.init({ mode: 'REQUIRED' }),
                UserRoles.init(),
                Session.init({ override: { functions: (original) => withVerifiedSessionCache(counted(original), cache) } })
            ]
        });
    });

    after(async () => {

        resetSdk();
        await core.destroy();
    });

    it('verifies a token once, then answers from the cache with a working session', async () => {

        const { userId, token, handle } = await newSession('cached@example.com', true);
        verifications = 0;
        const first = (await Session.getSessionWithoutRequestResponse(token, undefined, noClaims))!;
        const second = (await Session.getSessionWithoutRequestResponse(token, undefined, noClaims))!;
        expect(verifications).to.equal(1);
        expect(second).to.not.shallow.equal(first);
        expect(second.getUserId()).to.equal(userId);
        expect(second.getHandle()).to.equal(handle);
        expect(second.getRecipeUserId().getAsString()).to.equal(userId);
        expect(second.getTenantId()).to.equal('public');
        expect(second.getAccessTokenPayload()).to.equal(first.getAccessTokenPayload());
        expect(second.getAllSessionTokensDangerously().accessAndFrontTokenUpdated).to.be.false();
        expect(await second.getSessionDataFromDatabase()).to.equal({});

        // Claims can be changed on a cached session; its entries go, so the next request verifies the new token.
        await second.mergeIntoAccessTokenPayload({ team: 'blue' });
        expect(second.getAccessTokenPayload().team).to.equal('blue');
        expect(second.getAccessToken()).to.not.equal(token);
        const again = (await Session.getSessionWithoutRequestResponse(second.getAccessToken(), undefined, noClaims))!;
        expect(again.getAccessTokenPayload().team).to.equal('blue');
        expect(verifications).to.equal(2);
        await Session.getSessionWithoutRequestResponse(token, undefined, noClaims);
        expect(verifications).to.equal(3);
    });

    it('refuses a tampered token although the genuine one is cached', async () => {

        const { token } = await newSession('tampered@example.com', true);
        await Session.getSessionWithoutRequestResponse(token, undefined, noClaims);

        const [header, payload, signature] = token.split('.') as [string, string, string];
        const claims = decodeJwt(token).payload;
        const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url');
        expect(await refusal(Session.getSessionWithoutRequestResponse(`${header}.${forged}.${signature}`, undefined, noClaims))).to.equal('TRY_REFRESH_TOKEN');
        const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
        expect(await refusal(Session.getSessionWithoutRequestResponse(`${header}.${payload}.${flipped}`, undefined, noClaims))).to.equal('TRY_REFRESH_TOKEN');
        expect(await refusal(Session.getSessionWithoutRequestResponse(`${token}x`, undefined, noClaims))).to.equal('TRY_REFRESH_TOKEN');
    });

    it('stops answering from the cache at the token\'s expiry', async () => {

        const { token } = await newSession('expiring@example.com', true);
        verifications = 0;
        await Session.getSessionWithoutRequestResponse(token, undefined, noClaims);
        await Session.getSessionWithoutRequestResponse(token, undefined, noClaims);
        expect(verifications).to.equal(1);

        // The cache's clock past the token's exp: the SDK verifies again (it still accepts: its clock is the real one).
        clock.advance((decodeJwt(token).payload.exp * 1000) - clock.now() + 1);
        await Session.getSessionWithoutRequestResponse(token, undefined, noClaims);
        await Session.getSessionWithoutRequestResponse(token, undefined, noClaims);
        expect(verifications).to.equal(3);
        clock.advance(-clock.now() + Date.now());
    });

    it('still refuses an expired token', async () => {

        const past = testClock();
        past.advance(-2 * 3_600_000);
        const pastCore = await startTestCore({ clock: past.now });
        try {
            const res = await fetch(`${pastCore.uri}/public/recipe/session`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'cdi-version': '5.4' },
                body: JSON.stringify({ userId: 'u-expired', userDataInJWT: {}, userDataInDatabase: {}, useDynamicSigningKey: true, enableAntiCsrf: false })
            });
            const { accessToken } = await res.json() as { accessToken: { token: string } };
            expect(decodeJwt(accessToken.token).payload.exp * 1000).to.be.below(Date.now());
            expect(await refusal(Session.getSessionWithoutRequestResponse(accessToken.token, undefined, noClaims))).to.equal('TRY_REFRESH_TOKEN');
        }
        finally {
            await pastCore.destroy();
        }
    });

    it('asks the core for checkDatabase, so a revoked session is refused although its token is cached', async () => {

        const { token, handle } = await newSession('revoked@example.com', true);
        await Session.getSessionWithoutRequestResponse(token, undefined, noClaims);
        verifications = 0;
        expect(await Session.getSessionWithoutRequestResponse(token, undefined, { ...noClaims, checkDatabase: true })).to.exist();
        expect(verifications).to.equal(1);

        // Revoked at the core behind this process's back (the cache does not know): checkDatabase still refuses.
        await fetch(`${core.uri}/recipe/session/remove`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'cdi-version': '5.4' },
            body: JSON.stringify({ sessionHandles: [handle] })
        });
        expect(await refusal(Session.getSessionWithoutRequestResponse(token, undefined, { ...noClaims, checkDatabase: true }))).to.equal('UNAUTHORISED');
    });

    it('forgets a session revoked in this process', async () => {

        const { token, handle } = await newSession('revoked-here@example.com', true);
        await Session.getSessionWithoutRequestResponse(token, undefined, noClaims);
        verifications = 0;
        await Session.revokeSession(handle);
        await Session.getSessionWithoutRequestResponse(token, undefined, noClaims);
        expect(verifications).to.equal(1);

        const many = await newSession('revoked-many@example.com', true);
        await Session.getSessionWithoutRequestResponse(many.token, undefined, noClaims);
        const withMany = cache.size;
        await Session.revokeMultipleSessions([many.handle]);
        expect(cache.size).to.equal(withMany - 1);

        const all = await newSession('revoked-all@example.com', true);
        await Session.getSessionWithoutRequestResponse(all.token, undefined, noClaims);
        const withAll = cache.size;
        await Session.revokeAllSessionsForUser(all.userId);
        expect(cache.size).to.equal(withAll - 1);
    });

    it('forgets a session whose payload is changed by its handle, and passes "no session" through', async () => {

        const { token, handle } = await newSession('merged@example.com', true);
        await Session.getSessionWithoutRequestResponse(token, undefined, noClaims);
        const cached = cache.size;
        expect(await Session.mergeIntoAccessTokenPayload(handle, { team: 'red' })).to.be.true();
        expect(cache.size).to.equal(cached - 1);

        expect(await Session.getSessionWithoutRequestResponse('not a token', undefined, { ...noClaims, sessionRequired: false })).to.be.undefined();
    });

    it('runs the claim validators on a cached hit: an unverified email and a missing role are refused', async () => {

        const { token } = await newSession('unverified@example.com');
        await Session.getSessionWithoutRequestResponse(token, undefined, noClaims);
        verifications = 0;
        expect(await refusal(Session.getSessionWithoutRequestResponse(token, undefined, get))).to.equal('INVALID_CLAIMS');
        expect(verifications).to.equal(0);

        const verified = await newSession('no-role@example.com', true);
        await Session.getSessionWithoutRequestResponse(verified.token, undefined, noClaims);
        verifications = 0;
        expect(await Session.getSessionWithoutRequestResponse(verified.token, undefined, get)).to.exist();
        const roleCheck = { ...get, overrideGlobalClaimValidators: (globals: any[]) => [...globals, UserRoles.UserRoleClaim.validators.includes('admin')] };
        expect(await refusal(Session.getSessionWithoutRequestResponse(verified.token, undefined, roleCheck))).to.equal('INVALID_CLAIMS');
        expect(verifications).to.equal(0);
    });
});


describe('the cache in the app', () => {

    let app: TestApp;

    before(async () => {

        app = await startTestApp({ EMAIL_VERIFICATION: 'required' });
    });

    after(async () => {

        await app.destroy();
    });

    it('keeps /api/me answering, refusing a tampered cookie and an unverified email on repeated requests', async () => {

        const browser = app.browser();
        await signUp(browser, 'app-cache@example.com');
        for (let i = 0; i < 3; ++i) {
            const res = await browser.get('/api/me');
            expect(res.statusCode).to.equal(403);               // the email is not verified, on a miss and on hits
        }

        const token = browser.cookies.get('sAccessToken')!.value;
        const claims = decodeJwt(token).payload;
        const [header, , signature] = token.split('.') as [string, string, string];
        const forged = Buffer.from(JSON.stringify({ ...claims, 'st-ev': { v: true, t: claims.iat * 1000 } })).toString('base64url');
        const res = await app.web.inject({ method: 'GET', url: '/api/me', headers: { cookie: `sAccessToken=${header}.${forged}.${signature}` } });
        expect(res.statusCode).to.equal(401);
        expect((await app.web.inject({ method: 'GET', url: '/api/me' })).statusCode).to.equal(401);
    });
});
