import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestCore, type TestCore } from '../../helpers/core';
import { createSession, decodeJwt, flipMiddle, get, makeJwt, post, refreshSession, sessionBody, sessionHandles, sha256Hex, signUp, verifyAccessToken } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const iss = 'http://localhost:3000/auth';


describe('CDI sessions', () => {

    let core: TestCore;
    let userId: string;

    before(async () => {

        core = await startTestCore();
        userId = (await signUp(core.uri, 'sessions@example.com')).id;
    });

    after(async () => {

        await core.destroy();
    });

    /** The JWKS key with this kid, as a Node public key. */
    const publicKeyOf = async (kid: string) => {

        const { keys } = (await get(core.uri, '/.well-known/jwks.json')).json;
        const jwk = keys.find((key: { kid: string }) => key.kid === kid);
        expect(jwk, `kid ${kid} in the JWKS`).to.exist();
        return Crypto.createPublicKey({ key: jwk, format: 'jwk' });
    };

    const signatureVerifies = async (token: string) => {

        const [header, payload, signature] = token.split('.') as [string, string, string];
        const key = await publicKeyOf(decodeJwt(token).header.kid);
        return Crypto.verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'));
    };

    describe('POST /recipe/session', () => {

        it('answers session, accessToken and refreshToken, and no antiCsrfToken when anti-CSRF is off', async () => {

            const start = Date.now();
            const res = await post(core.uri, '/public/recipe/session', sessionBody(userId, { userDataInJWT: { iss, 'st-role': { v: ['admin'], t: 1 } }, userDataInDatabase: { theme: 'dark' } }));
            const end = Date.now();

            expect(res.status).to.equal(200);
            const body = res.json;
            expect(Object.keys(body).sort()).to.equal(['accessToken', 'refreshToken', 'session', 'status']);
            expect(body.status).to.equal('OK');
            expect(body.session).to.equal({
                handle: body.session.handle,
                userId,
                recipeUserId: userId,
                userDataInJWT: { iss, 'st-role': { v: ['admin'], t: 1 } },
                tenantId: 'public'
            });
            expect(body.session.handle).to.match(uuidV4);

            expect(Object.keys(body.accessToken).sort()).to.equal(['createdTime', 'expiry', 'token']);
            expect(Object.keys(body.refreshToken).sort()).to.equal(['createdTime', 'expiry', 'token']);

            // Access-token times are whole seconds; the access token lives 1 h and the session 100 days by default.
            expect(body.accessToken.createdTime % 1000).to.equal(0);
            expect(body.accessToken.createdTime as number).to.be.within(Math.floor(start / 1000) * 1000, end);
            expect(body.accessToken.expiry - body.accessToken.createdTime).to.equal(3600 * 1000);
            expect(body.refreshToken.createdTime as number).to.be.within(start, end);
            expect(body.refreshToken.expiry - body.refreshToken.createdTime).to.equal(144_000 * 60_000);
        });

        it('answers an antiCsrfToken when anti-CSRF is on, and puts it in the access token', async () => {

            const body = await createSession(core.uri, userId, { enableAntiCsrf: true });
            expect(Object.keys(body).sort()).to.equal(['accessToken', 'antiCsrfToken', 'refreshToken', 'session', 'status']);
            expect(body.antiCsrfToken).to.be.a.string();
            expect(body.antiCsrfToken).to.not.be.empty();
            expect(decodeJwt(body.accessToken.token).payload.antiCsrfToken).to.equal(body.antiCsrfToken);
        });

        it('stores the session: GET /recipe/session returns it', async () => {

            const body = await createSession(core.uri, userId, { userDataInDatabase: { theme: 'dark' } });
            const info = await get(core.uri, `/recipe/session?sessionHandle=${body.session.handle}`);
            expect(info.json).to.equal({
                status: 'OK',
                sessionHandle: body.session.handle,
                userId,
                recipeUserId: userId,
                expiry: body.refreshToken.expiry,
                timeCreated: body.refreshToken.createdTime,
                userDataInJWT: { iss },
                userDataInDatabase: { theme: 'dark' },
                tenantId: 'public'
            });
        });

        it('takes missing or null userDataInJWT and userDataInDatabase as empty objects', async () => {

            for (const data of [{}, { userDataInJWT: null, userDataInDatabase: null }]) {
                const res = await post(core.uri, '/public/recipe/session', { userId, useDynamicSigningKey: true, enableAntiCsrf: false, ...data });
                expect(res.json.status).to.equal('OK');
                expect(res.json.session.userDataInJWT).to.equal({});

                const info = await get(core.uri, `/recipe/session?sessionHandle=${res.json.session.handle}`);
                expect(info.json.userDataInJWT).to.equal({});
                expect(info.json.userDataInDatabase).to.equal({});
            }
        });
    });

    describe('the access token', () => {

        it('has the v5 header: RS256, JWT, version 5 and a dynamic kid', async () => {

            const body = await createSession(core.uri, userId);
            const { header } = decodeJwt(body.accessToken.token);
            expect(header).to.equal({ alg: 'RS256', typ: 'JWT', version: '5', kid: header.kid });
            expect(header.kid).to.match(/^d-\d+$/);
        });

        it('has the protected claims, null parent hash and anti-CSRF token, and the custom claims at the top level', async () => {

            const body = await createSession(core.uri, userId, { userDataInJWT: { iss, 'st-ev': { v: false, t: 5 } } });
            const { payload } = decodeJwt(body.accessToken.token);

            expect(payload).to.equal({
                iat: payload.iat,
                exp: payload.exp,
                sub: userId,
                rsub: userId,
                tId: 'public',
                sessionHandle: body.session.handle,
                refreshTokenHash1: sha256Hex(body.refreshToken.token),
                parentRefreshTokenHash1: null,
                antiCsrfToken: null,
                iss,
                'st-ev': { v: false, t: 5 }
            });

            expect(Object.hasOwn(payload, 'parentRefreshTokenHash1')).to.be.true();
            expect(Object.hasOwn(payload, 'antiCsrfToken')).to.be.true();
            expect(Number.isInteger(payload.iat)).to.be.true();
            expect(payload.iat as number).to.be.within(Math.floor(Date.now() / 1000) - 60, Math.floor(Date.now() / 1000));
            expect(payload.exp).to.equal(payload.iat + 3600);
            expect(body.accessToken.createdTime).to.equal(payload.iat * 1000);
            expect(body.accessToken.expiry).to.equal(payload.exp * 1000);
        });

        it('is signed by the JWKS key its kid names', async () => {

            const body = await createSession(core.uri, userId);
            expect(await signatureVerifies(body.accessToken.token)).to.be.true();
        });

        it('is signed by the static key (kid s-…) when useDynamicSigningKey is false', async () => {

            const body = await createSession(core.uri, userId, { useDynamicSigningKey: false });
            expect(decodeJwt(body.accessToken.token).header.kid).to.match(/^s-[0-9a-f-]{36}$/);
            expect(await signatureVerifies(body.accessToken.token)).to.be.true();
        });

        it('after a refresh, names the parent refresh token\'s hash', async () => {

            const created = await createSession(core.uri, userId);
            const refreshed = await refreshSession(core.uri, created.refreshToken.token);
            expect(refreshed.status).to.equal('OK');

            const { payload } = decodeJwt(refreshed.accessToken.token);
            expect(payload.refreshTokenHash1).to.equal(sha256Hex(refreshed.refreshToken.token));
            expect(payload.parentRefreshTokenHash1).to.equal(sha256Hex(created.refreshToken.token));
        });
    });

    describe('GET /.well-known/jwks.json', () => {

        it('lists RSA signing keys, dynamic ones first, then the static key', async () => {

            await createSession(core.uri, userId, { useDynamicSigningKey: false });
            const res = await get(core.uri, '/.well-known/jwks.json');
            expect(res.status).to.equal(200);
            expect(res.contentType).to.equal('application/json; charset=utf-8');
            expect(Object.keys(res.json)).to.equal(['keys']);

            const { keys } = res.json;
            expect(keys.length as number).to.be.at.least(2);
            for (const key of keys) {
                expect(key).to.equal({ kty: 'RSA', kid: key.kid, n: key.n, e: 'AQAB', alg: 'RS256', use: 'sig' });
                expect(key.n).to.match(/^[A-Za-z0-9_-]{342}$/);                 // 2048-bit modulus, base64url
            }

            const kinds = keys.map((key: { kid: string }) => key.kid.slice(0, 2));
            expect(kinds[0]).to.equal('d-');
            expect(kinds.at(-1)).to.equal('s-');
            expect(kinds.indexOf('s-')).to.equal(kinds.lastIndexOf('d-') + 1);
        });

        it('says how long to cache it with `max-age=N, must-revalidate`', async () => {

            const res = await get(core.uri, '/.well-known/jwks.json');
            const cacheControl = res.headers.get('cache-control')!;
            expect(cacheControl).to.match(/^max-age=\d+, must-revalidate$/);
            const maxAge = Number(/max-age=(\d+)/.exec(cacheControl)![1]);
            expect(maxAge).to.be.within(1, 168 * 3600);
        });
    });

    describe('POST /recipe/session/verify', () => {

        let created: any;
        let parts: [string, string, string];

        before(async () => {

            created = await createSession(core.uri, userId, { userDataInJWT: { iss, role: 'staff' } });
            parts = created.accessToken.token.split('.');
        });

        const expectTryRefresh = async (accessToken: string, label?: string) => {

            for (const checkDatabase of [false, true]) {
                const res = await post(core.uri, '/recipe/session/verify', { accessToken, doAntiCsrfCheck: false, enableAntiCsrf: false, checkDatabase });
                expect(res.status, label).to.equal(200);
                expect(res.json.status, label).to.equal('TRY_REFRESH_TOKEN');
                expect(res.json.message, label).to.be.a.string();
                expect(res.json.session, label).to.not.exist();
                expect(res.json.accessToken, label).to.not.exist();
            }
        };

        it('answers OK with the session for the genuine token', async () => {

            const res = await verifyAccessToken(core.uri, created.accessToken.token, true);
            expect(res).to.equal({ status: 'OK', session: created.session });
        });

        it('answers TRY_REFRESH_TOKEN for random strings', async () => {

            const random = () => Crypto.randomBytes(24).toString('base64url');
            for (const token of ['', 'abc', 'a.b.c', `${random()}.${random()}.${random()}`, `${parts[0]}.${parts[1]}`, `${created.accessToken.token}.extra`]) {
                await expectTryRefresh(token, token);
            }
        });

        it('answers TRY_REFRESH_TOKEN for a changed payload with the original signature', async () => {

            const payload = { ...decodeJwt(created.accessToken.token).payload, sub: 'someone-else', rsub: 'someone-else' };
            await expectTryRefresh(`${parts[0]}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${parts[2]}`);

            const promoted = { ...decodeJwt(created.accessToken.token).payload, role: 'admin' };
            await expectTryRefresh(`${parts[0]}.${Buffer.from(JSON.stringify(promoted)).toString('base64url')}.${parts[2]}`);
        });

        it('answers TRY_REFRESH_TOKEN for a changed signature', async () => {

            await expectTryRefresh(`${parts[0]}.${parts[1]}.${flipMiddle(parts[2])}`);
            await expectTryRefresh(`${parts[0]}.${parts[1]}.`);
        });

        it('answers TRY_REFRESH_TOKEN for an unknown kid, and for another key using the real kid', async () => {

            const { header, payload } = decodeJwt(created.accessToken.token);
            const { privateKey } = Crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
            const signWithOther = (input: Buffer) => Crypto.sign('sha256', input, privateKey);

            await expectTryRefresh(makeJwt({ ...header, kid: 'd-1' }, payload, signWithOther), 'unknown kid');
            await expectTryRefresh(makeJwt(header, payload, signWithOther), 'real kid, other key');
        });

        it('rejects `alg: none`, with or without a signature', async () => {

            const { header, payload } = decodeJwt(created.accessToken.token);
            for (const alg of ['none', 'None', 'NONE']) {
                await expectTryRefresh(makeJwt({ ...header, alg }, payload), alg);
                await expectTryRefresh(`${Buffer.from(JSON.stringify({ ...header, alg })).toString('base64url')}.${parts[1]}.${parts[2]}`, `${alg} with signature`);
            }
        });

        it('rejects HS256 signed with the public key as the secret', async () => {

            const { header, payload } = decodeJwt(created.accessToken.token);
            const publicKey = await publicKeyOf(header.kid);
            const secret = publicKey.export({ type: 'spki', format: 'pem' });
            const token = makeJwt({ ...header, alg: 'HS256' }, payload, (input) => Crypto.createHmac('sha256', secret).update(input).digest());
            await expectTryRefresh(token);
        });

        it('rejects a header without typ JWT, with an old or missing version, or a kid that is not a string', async () => {

            const { header, payload } = decodeJwt(created.accessToken.token);
            const { typ: _typ, ...withoutTyp } = header;
            await expectTryRefresh(`${Buffer.from(JSON.stringify(withoutTyp)).toString('base64url')}.${parts[1]}.${parts[2]}`, 'no typ');
            await expectTryRefresh(`${Buffer.from(JSON.stringify({ ...header, version: '2' })).toString('base64url')}.${parts[1]}.${parts[2]}`, 'version 2');
            const { version: _version, ...withoutVersion } = header;
            const oddHeaders: [object, string][] = [[withoutVersion, 'no version'], [{ ...header, version: 5 }, 'version as a number'], [{ ...header, kid: 7 }, 'kid as a number']];
            for (const [odd, label] of oddHeaders) {
                await expectTryRefresh(`${Buffer.from(JSON.stringify(odd)).toString('base64url')}.${parts[1]}.${parts[2]}`, label);
            }

            expect(payload.sub).to.equal(userId);
        });

        it('still accepts the genuine token after all that', async () => {

            expect((await verifyAccessToken(core.uri, created.accessToken.token, true)).status).to.equal('OK');
        });

        it('regenerate answers UNAUTHORISED for a tampered token and keeps the stored claims', async () => {

            const payload = { ...decodeJwt(created.accessToken.token).payload, role: 'admin' };
            const forged = `${parts[0]}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${parts[2]}`;
            const res = await post(core.uri, '/recipe/session/regenerate', { accessToken: forged, userDataInJWT: { iss, role: 'admin' } });
            expect(res.json.status).to.equal('UNAUTHORISED');

            const info = await get(core.uri, `/recipe/session?sessionHandle=${created.session.handle}`);
            expect(info.json.userDataInJWT).to.equal({ iss, role: 'staff' });
        });
    });

    describe('POST /recipe/session/refresh', () => {

        const expectUnauthorised = async (refreshToken: string, label?: string) => {

            const res = await post(core.uri, '/recipe/session/refresh', { refreshToken, enableAntiCsrf: false, useDynamicSigningKey: true });
            expect(res.status, label).to.equal(200);
            expect(res.json.status, label).to.equal('UNAUTHORISED');
            expect(res.json.message, label).to.be.a.string();
            expect(res.json.accessToken, label).to.not.exist();
        };

        it('answers UNAUTHORISED for random and tampered refresh tokens, and the genuine one still works', async () => {

            const created = await createSession(core.uri, userId);
            const token: string = created.refreshToken.token;

            for (const forged of ['', 'abc', Crypto.randomBytes(64).toString('base64url'), flipMiddle(token), token.slice(0, -1), `${token}x`, `x${token}`, created.accessToken.token]) {
                await expectUnauthorised(forged, forged);
            }

            const refreshed = await refreshSession(core.uri, token);
            expect(refreshed.status).to.equal('OK');
            expect(refreshed.session.handle).to.equal(created.session.handle);
        });

        it('answers UNAUTHORISED for a revoked session', async () => {

            const created = await createSession(core.uri, userId);
            await post(core.uri, '/recipe/session/remove', { sessionHandles: [created.session.handle] });
            await expectUnauthorised(created.refreshToken.token);
        });
    });

    describe('POST /recipe/session/remove', () => {

        it('answers 400 with both sessionHandles and userId, or neither, and revokes nothing', async () => {

            const created = await createSession(core.uri, userId);
            for (const body of [{ sessionHandles: [created.session.handle], userId }, {}, { revokeAcrossAllTenants: true }]) {
                const res = await post(core.uri, '/recipe/session/remove', body);
                expect(res.status, JSON.stringify(body)).to.equal(400);
                expect(res.contentType, JSON.stringify(body)).to.equal('text/html; charset=UTF-8');
            }

            expect(await sessionHandles(core.uri, userId)).to.include(created.session.handle);
        });

        it('revokes by handles and answers the handles that existed', async () => {

            const created = await createSession(core.uri, userId);
            const res = await post(core.uri, '/recipe/session/remove', { sessionHandles: [created.session.handle, '00000000-0000-4000-8000-000000000000'] });
            expect(res.json).to.equal({ status: 'OK', sessionHandlesRevoked: [created.session.handle] });
            expect(await sessionHandles(core.uri, userId)).to.not.include(created.session.handle);
        });

        it('revokes every session of a user', async () => {

            const other = (await signUp(core.uri, 'revoke-all@example.com')).id;
            const first = await createSession(core.uri, other);
            const second = await createSession(core.uri, other);
            const res = await post(core.uri, '/recipe/session/remove', { userId: other, revokeSessionsForLinkedAccounts: true, revokeAcrossAllTenants: true });
            expect(res.json.status).to.equal('OK');
            expect(res.json.sessionHandlesRevoked.sort()).to.equal([first.session.handle, second.session.handle].sort());
            expect(await sessionHandles(core.uri, other)).to.equal([]);
        });
    });
});
