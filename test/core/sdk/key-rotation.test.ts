import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import Session, { type SessionContainer } from 'supertokens-node/recipe/session';

import { startTestCore, type TestCore } from '../../helpers/core';
import { initSdk } from '../../helpers/sdk';
import { decodeJwt, until } from '../../helpers/session-tools';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


interface Jwk {
    kty: string;
    kid: string;
    n: string;
    e: string;
    alg: string;
    use: string;
}

const newSession = async () => {

    const result = await EmailPassword.signUp('public', `keys-${Crypto.randomUUID()}@example.com`, 'Password123');
    if (result.status !== 'OK') {
        throw new Error(`sign up failed: ${result.status}`);
    }

    const session = await Session.createNewSessionWithoutRequestResponse('public', result.recipeUserId);
    return { session, tokens: session.getAllSessionTokensDangerously() };
};

const tokensOf = (session: SessionContainer) => session.getAllSessionTokensDangerously();

const kidOf = (token: string) => decodeJwt(token).header.kid;

const createdAt = (kid: string) => Number(kid.slice(2));

/** True when the JWK's public key verifies the token's RS256 signature. */
const signedBy = (token: string, jwk: Jwk) => {

    const [header, payload, signature] = token.split('.');
    const key = Crypto.createPublicKey({ key: { ...jwk }, format: 'jwk' });
    return Crypto.verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature!, 'base64url'));
};


describe('SDK signing keys against the core', () => {

    let core: TestCore;
    let intervalMs: number;

    const jwks = async () => {

        const res = await fetch(`${core.uri}/.well-known/jwks.json`);          // public: no API key, no cdi-version
        expect(res.status).to.equal(200);
        return { keys: ((await res.json()) as { keys: Jwk[] }).keys, cacheControl: res.headers.get('cache-control') };
    };

    before(async () => {

        // 0.0004 h = 1.44 s between dynamic keys.
        core = await startTestCore({ env: { CORE_ACCESS_TOKEN_DYNAMIC_SIGNING_KEY_UPDATE_INTERVAL: '0.0004' } });
        intervalMs = core.settings.accessTokenDynamicSigningKeyUpdateInterval * 3_600_000;
    });

    after(async () => {

        await core.destroy();
    });

    describe('dynamic keys (the SDK default)', () => {

        before(() => {

            initSdk(core.uri);
        });

        it('signs with a new d- key after a rotation, keeps verifying older tokens and lists both keys', async () => {

            const first = await newSession();
            const firstKid = kidOf(first.tokens.accessToken);
            expect(firstKid).to.match(/^d-\d+$/);
            expect((await Session.getSessionWithoutRequestResponse(first.tokens.accessToken)).getHandle()).to.equal(first.session.getHandle());

            // Rotation is anchored on the key's creation ("d-<ms>"), not on the clock's slots.
            await until(createdAt(firstKid) + intervalMs);

            const second = await newSession();
            const secondKid = kidOf(second.tokens.accessToken);
            expect(secondKid).to.match(/^d-\d+$/);
            expect(secondKid).to.not.equal(firstKid);
            expect(Number(secondKid.slice(2))).to.be.above(Number(firstKid.slice(2)));

            // Both verify: locally (the SDK re-reads the JWKS for the unknown kid) and in the core.
            expect((await Session.getSessionWithoutRequestResponse(first.tokens.accessToken)).getHandle()).to.equal(first.session.getHandle());
            expect((await Session.getSessionWithoutRequestResponse(second.tokens.accessToken)).getHandle()).to.equal(second.session.getHandle());
            expect((await Session.getSessionWithoutRequestResponse(first.tokens.accessToken, undefined, { checkDatabase: true })).getHandle()).to.equal(first.session.getHandle());
            expect((await Session.getSessionWithoutRequestResponse(second.tokens.accessToken, undefined, { checkDatabase: true })).getHandle()).to.equal(second.session.getHandle());

            const { keys, cacheControl } = await jwks();
            const kids = keys.map((key) => key.kid);
            expect(kids).to.include([firstKid, secondKid]);
            expect(kids.indexOf(secondKid)).to.be.below(kids.indexOf(firstKid));                 // newest first
            expect(cacheControl).to.match(/^max-age=\d+, must-revalidate$/);

            // Cached until the next key is due: the newest key's creation + interval − overlap (a fifth here).
            const maxAge = Number(/max-age=(\d+)/.exec(cacheControl!)![1]);
            const due = createdAt(kids[0]!) + intervalMs - intervalMs / 5;
            expect(maxAge).to.equal(Math.max(1, Math.trunc((due - Date.now()) / 1000)));

            const firstKey = keys.find((key) => key.kid === firstKid)!;
            const secondKey = keys.find((key) => key.kid === secondKid)!;
            expect(firstKey).to.include({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
            expect(Buffer.from(firstKey.n, 'base64url').length).to.equal(256);                  // RSA-2048
            expect(firstKey.n).to.not.equal(secondKey.n);
            expect(signedBy(first.tokens.accessToken, firstKey)).to.be.true();
            expect(signedBy(second.tokens.accessToken, secondKey)).to.be.true();
            expect(signedBy(second.tokens.accessToken, firstKey)).to.be.false();
        });

        it('re-signs a refreshed session with the current key', async () => {

            const { session, tokens } = await newSession();
            const oldKid = kidOf(tokens.accessToken);

            await until(createdAt(oldKid) + intervalMs);
            const refreshed = await Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!);
            const newKid = kidOf(tokensOf(refreshed).accessToken);
            expect(newKid).to.startWith('d-');
            expect(newKid).to.not.equal(oldKid);

            const verified = await Session.getSessionWithoutRequestResponse(tokensOf(refreshed).accessToken);
            expect(verified.getHandle()).to.equal(session.getHandle());
            expect(kidOf(tokensOf(verified).accessToken)).to.startWith('d-');

            const { keys } = await jwks();
            expect(keys.map((key) => key.kid)).to.include([oldKid, newKid]);
        });
    });

    describe('the static key (useDynamicAccessTokenSigningKey: false)', () => {

        before(() => {

            initSdk(core.uri, { recipeList: [EmailPassword.init(), Session.init({ useDynamicAccessTokenSigningKey: false })] });
        });

        it('signs with an s- key that verifies and never rotates', async () => {

            const { session, tokens } = await newSession();
            const kid = kidOf(tokens.accessToken);
            expect(kid).to.match(/^s-[0-9a-f-]{36}$/);

            expect((await Session.getSessionWithoutRequestResponse(tokens.accessToken)).getHandle()).to.equal(session.getHandle());
            expect((await Session.getSessionWithoutRequestResponse(tokens.accessToken, undefined, { checkDatabase: true })).getHandle()).to.equal(session.getHandle());

            await until(Date.now() + intervalMs);
            const refreshed = await Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!);
            expect(kidOf(tokensOf(refreshed).accessToken)).to.equal(kid);
            const promoted = await Session.getSessionWithoutRequestResponse(tokensOf(refreshed).accessToken);
            expect(kidOf(tokensOf(promoted).accessToken)).to.equal(kid);
            expect(kidOf((await newSession()).tokens.accessToken)).to.equal(kid);

            const { keys } = await jwks();
            const kids = keys.map((key) => key.kid);
            expect(kids.filter((listed) => listed.startsWith('s-'))).to.equal([kid]);
            expect(kids[kids.length - 1]).to.equal(kid);                                         // after the dynamic keys
            expect(kids.filter((listed) => listed.startsWith('d-')).length).to.be.above(0);
            expect(signedBy(tokens.accessToken, keys.find((key) => key.kid === kid)!)).to.be.true();
        });

        it('asks to refresh a d- token, and the refresh moves the session to the static key', async () => {

            initSdk(core.uri);
            const { session, tokens } = await newSession();
            expect(kidOf(tokens.accessToken)).to.startWith('d-');

            initSdk(core.uri, { recipeList: [EmailPassword.init(), Session.init({ useDynamicAccessTokenSigningKey: false })] });
            const error = await expect(Session.getSessionWithoutRequestResponse(tokens.accessToken)).to.reject(Session.Error);
            expect(error.type).to.equal(Session.Error.TRY_REFRESH_TOKEN);

            const refreshed = await Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!);
            expect(kidOf(tokensOf(refreshed).accessToken)).to.startWith('s-');

            // The choice is stored on the session: the promoted token and later refreshes stay static.
            const promoted = await Session.getSessionWithoutRequestResponse(tokensOf(refreshed).accessToken);
            expect(promoted.getHandle()).to.equal(session.getHandle());
            expect(kidOf(tokensOf(promoted).accessToken)).to.startWith('s-');

            await promoted.mergeIntoAccessTokenPayload({ plan: 'gold' });
            expect(kidOf(tokensOf(promoted).accessToken)).to.startWith('s-');

            const again = await Session.refreshSessionWithoutRequestResponse(tokensOf(refreshed).refreshToken!);
            expect(kidOf(tokensOf(again).accessToken)).to.startWith('s-');
        });
    });
});
