import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import SuperTokens from 'supertokens-node';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import Jwt from 'supertokens-node/recipe/jwt';
import Session from 'supertokens-node/recipe/session';

import { startTestCore, testApiKey, type TestCore } from '../../helpers/core';
import { initSdk } from '../../helpers/sdk';
import { decodeJwt } from '../../helpers/session-tools';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


interface Jwk {
    kid: string;
    kty: string;
    n: string;
    e: string;
}

const createJwt = async (payload: Record<string, unknown>, validity?: number, useStaticSigningKey?: boolean) => {

    const result = await Jwt.createJWT(payload, validity, useStaticSigningKey);
    if (result.status !== 'OK') {
        throw new Error(`createJWT failed: ${result.status}`);
    }

    return result.jwt;
};


describe('SDK createJWT against the core', () => {

    let core: TestCore;

    const jwks = async () => {

        const res = await fetch(`${core.uri}/.well-known/jwks.json`);
        return { keys: ((await res.json()) as { keys: Jwk[] }).keys, cacheControl: res.headers.get('cache-control')! };
    };

    /** Verifies the RS256 signature with the key the JWKS lists under the token's kid. */
    const verifiesThroughJwks = async (token: string) => {

        const [header, payload, signature] = token.split('.');
        const jwk = (await jwks()).keys.find((key) => key.kid === decodeJwt(token).header.kid);
        if (!jwk) {
            return false;
        }

        const key = Crypto.createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' });
        return Crypto.verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature!, 'base64url'));
    };

    before(async () => {

        core = await startTestCore();
        initSdk(core.uri, { recipeList: [EmailPassword.init(), Session.init(), Jwt.init()] });
    });

    after(async () => {

        await core.destroy();
    });

    it('signs the payload with the static key by default, iss from the API domain, iat and exp in seconds', async () => {

        const earlier = Math.floor(Date.now() / 1000);
        const token = await createJwt({ role: 'staff', nested: { a: [1, 2] } }, 500);
        const { header, payload } = decodeJwt(token);

        expect(header).to.equal({ alg: 'RS256', typ: 'JWT', kid: header.kid });
        expect(header.kid).to.match(/^s-[0-9a-f-]{36}$/);
        expect(payload).to.equal({ iss: 'http://localhost:3000', iat: payload.iat, exp: payload.iat + 500, role: 'staff', nested: { a: [1, 2] } });
        expect(payload.iat).to.be.within(earlier, earlier + 2);
        expect(await verifiesThroughJwks(token)).to.be.true();

        // A tampered payload no longer verifies.
        const [h, , s] = token.split('.');
        const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, role: 'admin' })).toString('base64url')}.${s}`;
        expect(await verifiesThroughJwks(forged)).to.be.false();
    });

    it('defaults to 100 years and keeps an iss the payload gives', async () => {

        const { payload } = decodeJwt(await createJwt({ iss: 'https://issuer.example' }));
        expect(payload.iss).to.equal('https://issuer.example');
        expect(payload.exp - payload.iat).to.equal(3_153_600_000);
    });

    it('signs with the current dynamic key when asked, the same key sessions use', async () => {

        const token = await createJwt({ sub: 'x' }, 60, false);
        const kid = decodeJwt(token).header.kid;
        expect(kid).to.match(/^d-\d+$/);
        expect(await verifiesThroughJwks(token)).to.be.true();

        const signUp = await EmailPassword.signUp('public', `jwt-${Crypto.randomUUID()}@example.com`, 'Password123');
        if (signUp.status !== 'OK') {
            throw new Error(signUp.status);
        }

        const session = await Session.createNewSessionWithoutRequestResponse('public', signUp.recipeUserId);
        expect(decodeJwt(session.getAccessToken()).header.kid).to.equal(kid);
    });

    it('makes access tokens with createJWT that the core verifies (no version header is version 3)', async () => {

        const session = await Session.createNewSessionWithoutRequestResponse('public', SuperTokens.convertToRecipeUserId(`jwt-${Crypto.randomUUID()}`));
        const custom = await createJwt({ ...session.getAccessTokenPayload(), exp: undefined, iat: undefined }, 1234, false);
        expect(decodeJwt(custom).header.version).to.not.exist();

        const verified = await Session.getSessionWithoutRequestResponse(custom, undefined, { checkDatabase: true });
        expect(verified.getHandle()).to.equal(session.getHandle());
        const payload = verified.getAccessTokenPayload();
        expect(payload.exp - payload.iat).to.equal(1234);
    });

    it('refuses a zero validity, a payload that is not an object and an unknown algorithm', async () => {

        await expect(Jwt.createJWT({}, 0)).to.reject(/validity must be greater than or equal to 0/);

        const post = (body: object) => {

            return fetch(`${core.uri}/recipe/jwt`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'api-key': testApiKey, 'cdi-version': '5.4' },
                body: JSON.stringify(body)
            });
        };

        const valid = { payload: {}, validity: 10, useStaticSigningKey: true, algorithm: 'rs256', jwksDomain: 'https://api.example' };
        expect((await post(valid)).status).to.equal(200);
        expect((await post({ ...valid, payload: 'text' })).status).to.equal(400);
        expect((await post({ ...valid, validity: 1.5 })).status).to.equal(400);
        expect((await post({ ...valid, jwksDomain: undefined })).status).to.equal(400);
        expect(await (await post({ ...valid, algorithm: 'HS256' })).json()).to.equal({ status: 'UNSUPPORTED_ALGORITHM_ERROR' });
    });

    it('lets the JWKS be cached until the next key is due (the newest key\'s creation + 168 h − 60 s)', async () => {

        const { keys, cacheControl } = await jwks();
        const newest = Number(keys[0]!.kid.slice(2));
        const maxAge = Number(/^max-age=(\d+), must-revalidate$/.exec(cacheControl)![1]);
        const expected = Math.trunc((newest + 168 * 3_600_000 - 60_000 - Date.now()) / 1000);
        expect(maxAge).to.be.within(expected, expected + 1);
        expect(maxAge).to.be.within(604_000, 604_740);
    });
});
