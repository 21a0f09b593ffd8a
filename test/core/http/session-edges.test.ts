import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import type { SessionStore } from '../../../server/core/storage';
import { startTestCore, testAdapters, type TestCore } from '../../helpers/core';
import { until, untilFreshSecond } from '../../helpers/session-tools';
import { createSession, decodeJwt, get, makeJwt, post, put, send, sha256Hex, signUp } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const iss = 'http://localhost:3000/auth';
const textHtml = 'text/html; charset=UTF-8';
const protectedClaims = ['sub', 'exp', 'iat', 'sessionHandle', 'refreshTokenHash1', 'parentRefreshTokenHash1', 'antiCsrfToken', 'tId', 'rsub'];
const unknownHandle = '00000000-0000-4000-8000-000000000000';

const expect400 = (res: Awaited<ReturnType<typeof send>>, text: string, label?: string) => {

    expect(res.status, label).to.equal(400);
    expect(res.contentType, label).to.equal(textHtml);
    expect(res.text, label).to.equal(text);
};

interface VerifyOptions {
    readonly antiCsrfToken?: string | null;
    readonly doAntiCsrfCheck?: boolean;
    readonly enableAntiCsrf?: boolean;
    readonly checkDatabase?: boolean;
}

const verify = async (uri: string, accessToken: string, options: VerifyOptions = {}) => {

    const res = await post(uri, '/recipe/session/verify', {
        accessToken,
        ...(options.antiCsrfToken === undefined ? {} : { antiCsrfToken: options.antiCsrfToken }),
        doAntiCsrfCheck: options.doAntiCsrfCheck ?? false,
        enableAntiCsrf: options.enableAntiCsrf ?? false,
        checkDatabase: options.checkDatabase ?? false
    });
    expect(res.status).to.equal(200);
    return res.json;
};

const refresh = async (uri: string, refreshToken: string, options: { antiCsrfToken?: string; enableAntiCsrf?: boolean } = {}) => {

    const res = await post(uri, '/recipe/session/refresh', { refreshToken, antiCsrfToken: options.antiCsrfToken, enableAntiCsrf: options.enableAntiCsrf ?? false, useDynamicSigningKey: true });
    expect(res.status).to.equal(200);
    return res.json;
};

const regenerate = async (uri: string, accessToken: string, userDataInJWT?: Record<string, unknown>) => {

    const res = await post(uri, '/recipe/session/regenerate', { accessToken, userDataInJWT });
    expect(res.status).to.equal(200);
    return res.json;
};

const sessionInfo = async (uri: string, sessionHandle: string) => (await get(uri, `/recipe/session?sessionHandle=${sessionHandle}`)).json;

const revoke = (uri: string, sessionHandle: string) => post(uri, '/recipe/session/remove', { sessionHandles: [sessionHandle] });


describe('CDI session edge cases', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            let core: TestCore;             // default lifetimes
            let shortLived: TestCore;       // 1 s access tokens
            let brief: TestCore;            // 1 s access tokens in 1.2 s sessions
            let userId: string;

            before(async () => {

                core = await startTestCore({ adapter });
                shortLived = await startTestCore({ adapter, env: { CORE_ACCESS_TOKEN_VALIDITY: '1' } });
                brief = await startTestCore({ adapter, env: { CORE_ACCESS_TOKEN_VALIDITY: '1', CORE_REFRESH_TOKEN_VALIDITY: '0.02' } });
                userId = (await signUp(core.uri, `edges-${Crypto.randomUUID()}@example.com`)).id;
            });

            after(async () => {

                await core.destroy();
                await shortLived.destroy();
                await brief.destroy();
            });

            /** A session whose access token has expired while the session itself lives on. */
            const expiredAccessToken = async (userDataInJWT: Record<string, unknown> = { iss, role: 'staff' }) => {

                await untilFreshSecond();
                const created = await createSession(shortLived.uri, userId, { userDataInJWT });
                await until(created.accessToken.expiry);
                return created;
            };

            /** A session that has expired (its row may still be in the database). */
            const expiredSession = async () => {

                const created = await createSession(brief.uri, userId, { userDataInJWT: { iss, role: 'staff' } });
                await until(created.refreshToken.expiry);
                return created;
            };

            describe('POST /recipe/session/verify', () => {

                it('answers TRY_REFRESH_TOKEN for an expired access token, with or without checkDatabase, while the session lives on', async () => {

                    const created = await expiredAccessToken();
                    for (const checkDatabase of [false, true]) {
                        const res = await verify(shortLived.uri, created.accessToken.token, { checkDatabase });
                        expect(res.status, `checkDatabase ${checkDatabase}`).to.equal('TRY_REFRESH_TOKEN');
                        expect(res.message).to.be.a.string();
                        expect(res.session).to.not.exist();
                        expect(res.accessToken).to.not.exist();
                    }

                    expect((await sessionInfo(shortLived.uri, created.session.handle)).status).to.equal('OK');
                    const refreshed = await refresh(shortLived.uri, created.refreshToken.token);
                    expect(refreshed.status).to.equal('OK');
                    expect((await verify(shortLived.uri, refreshed.accessToken.token)).status).to.equal('OK');
                });

                it('with doAntiCsrfCheck and enableAntiCsrf, answers TRY_REFRESH_TOKEN for a missing or wrong antiCsrfToken and OK for the right one', async () => {

                    const created = await createSession(core.uri, userId, { enableAntiCsrf: true });
                    const other = await createSession(core.uri, userId, { enableAntiCsrf: true });
                    const check = { doAntiCsrfCheck: true, enableAntiCsrf: true };

                    for (const antiCsrfToken of [undefined, null, '', Crypto.randomUUID(), other.antiCsrfToken, created.antiCsrfToken.toUpperCase(), ` ${created.antiCsrfToken}`]) {
                        for (const checkDatabase of [false, true]) {
                            const res = await verify(core.uri, created.accessToken.token, { ...check, antiCsrfToken, checkDatabase });
                            expect(res.status, `${antiCsrfToken}`).to.equal('TRY_REFRESH_TOKEN');
                            expect(res.message).to.be.a.string();
                            expect(res.session).to.not.exist();
                        }
                    }

                    for (const checkDatabase of [false, true]) {
                        expect(await verify(core.uri, created.accessToken.token, { ...check, antiCsrfToken: created.antiCsrfToken, checkDatabase })).to.equal({ status: 'OK', session: created.session });
                    }
                });

                it('checks the antiCsrfToken only when both doAntiCsrfCheck and enableAntiCsrf are true', async () => {

                    const created = await createSession(core.uri, userId, { enableAntiCsrf: true });
                    const wrong = Crypto.randomUUID();
                    for (const flags of [{ doAntiCsrfCheck: false, enableAntiCsrf: true }, { doAntiCsrfCheck: true, enableAntiCsrf: false }, { doAntiCsrfCheck: false, enableAntiCsrf: false }]) {
                        expect(await verify(core.uri, created.accessToken.token, { ...flags, antiCsrfToken: wrong }), JSON.stringify(flags)).to.equal({ status: 'OK', session: created.session });
                    }
                });

                it('answers TRY_REFRESH_TOKEN when the check is asked for and the token carries no anti-CSRF token', async () => {

                    const created = await createSession(core.uri, userId, { enableAntiCsrf: false });
                    expect(decodeJwt(created.accessToken.token).payload.antiCsrfToken).to.be.null();
                    for (const antiCsrfToken of [undefined, null, Crypto.randomUUID()]) {
                        const res = await verify(core.uri, created.accessToken.token, { doAntiCsrfCheck: true, enableAntiCsrf: true, antiCsrfToken });
                        expect(res.status, `${antiCsrfToken}`).to.equal('TRY_REFRESH_TOKEN');
                    }
                });

                it('answers TRY_REFRESH_TOKEN for a token signed with the core\'s own key that lacks or mistypes a protected claim', async () => {

                    const created = await createSession(core.uri, userId);
                    const { header, payload } = decodeJwt(created.accessToken.token);
                    const key = await core.services.keys.signingKey(false);
                    expect(key.kid).to.equal(header.kid);
                    const signWithCore = (input: Buffer) => Crypto.sign('sha256', input, key.privateKey);

                    // The control: re-signed as it is, the payload verifies.
                    expect((await verify(core.uri, makeJwt(header, payload, signWithCore))).status).to.equal('OK');

                    const broken: [string, Record<string, unknown>][] = [
                        ...['sub', 'rsub', 'tId', 'sessionHandle', 'refreshTokenHash1', 'iat', 'exp', 'parentRefreshTokenHash1', 'antiCsrfToken'].map((claim): [string, Record<string, unknown>] => {

                            const { [claim]: _omitted, ...rest } = payload;
                            return [`no ${claim}`, rest];
                        }),
                        ['numeric sub', { ...payload, sub: 42 }],
                        ['numeric sessionHandle', { ...payload, sessionHandle: 1 }],
                        ['fractional iat', { ...payload, iat: payload.iat + 0.5 }],
                        ['string exp', { ...payload, exp: String(payload.exp) }],
                        ['numeric parentRefreshTokenHash1', { ...payload, parentRefreshTokenHash1: 0 }],
                        ['object antiCsrfToken', { ...payload, antiCsrfToken: {} }]
                    ];

                    for (const [label, body] of broken) {
                        for (const checkDatabase of [false, true]) {
                            expect((await verify(core.uri, makeJwt(header, body, signWithCore), { checkDatabase })).status, label).to.equal('TRY_REFRESH_TOKEN');
                        }
                    }

                    for (const body of [[payload], null, 'text']) {
                        const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(body)).toString('base64url')}`;
                        const token = `${input}.${signWithCore(Buffer.from(input)).toString('base64url')}`;
                        expect((await verify(core.uri, token)).status, JSON.stringify(body)).to.equal('TRY_REFRESH_TOKEN');
                    }
                });

                it('with checkDatabase, re-issues the access token when the stored claims differ from the token\'s, keeping its expiry', async () => {

                    const created = await createSession(core.uri, userId, { userDataInJWT: { iss, role: 'staff' } });
                    const old = decodeJwt(created.accessToken.token).payload;
                    expect((await put(core.uri, '/recipe/jwt/data', { sessionHandle: created.session.handle, userDataInJWT: { iss, role: 'admin', team: 'blue' } })).json).to.equal({ status: 'OK' });
                    await untilFreshSecond(1000);                   // The next second: a fresh lifetime would show

                    // Without the database the token speaks for itself.
                    expect(await verify(core.uri, created.accessToken.token)).to.equal({ status: 'OK', session: created.session });

                    const res = await verify(core.uri, created.accessToken.token, { checkDatabase: true });
                    expect(Object.keys(res).sort()).to.equal(['accessToken', 'session', 'status']);
                    expect(res.status).to.equal('OK');
                    expect(res.session).to.equal({ ...created.session, userDataInJWT: { iss, role: 'admin', team: 'blue' } });

                    const { payload } = decodeJwt(res.accessToken.token);
                    expect(payload.iat > old.iat).to.be.true();
                    expect(payload).to.equal({
                        ...old,
                        iat: payload.iat,
                        exp: old.exp,                               // Not a new lifetime: the claims changed, nothing more
                        role: 'admin',
                        team: 'blue'
                    });
                    expect(payload.refreshTokenHash1).to.equal(sha256Hex(created.refreshToken.token));
                    expect(payload.parentRefreshTokenHash1).to.be.null();
                    expect(res.accessToken.expiry).to.equal(payload.exp * 1000);
                    expect(res.accessToken.createdTime).to.equal(payload.iat * 1000);

                    // The new token agrees with the database: no further re-issue.
                    expect(await verify(core.uri, res.accessToken.token, { checkDatabase: true })).to.equal({ status: 'OK', session: res.session });
                });

                it('with checkDatabase, re-issues an access token from before a refresh when the stored claims changed since', async () => {

                    const created = await createSession(core.uri, userId, { userDataInJWT: { iss, role: 'staff' } });
                    const refreshed = await refresh(core.uri, created.refreshToken.token);
                    expect(refreshed.status).to.equal('OK');
                    expect((await verify(core.uri, refreshed.accessToken.token, { checkDatabase: true })).status).to.equal('OK');     // promotes the child
                    await put(core.uri, '/recipe/jwt/data', { sessionHandle: created.session.handle, userDataInJWT: { iss, role: 'admin' } });

                    const res = await verify(core.uri, created.accessToken.token, { checkDatabase: true });
                    expect(res.status).to.equal('OK');
                    expect(res.session).to.equal({ ...created.session, userDataInJWT: { iss, role: 'admin' } });
                    const old = decodeJwt(created.accessToken.token).payload;
                    const { payload } = decodeJwt(res.accessToken.token);
                    expect(payload.role).to.equal('admin');
                    expect(payload.exp).to.equal(old.exp);
                    expect(payload.refreshTokenHash1).to.equal(sha256Hex(created.refreshToken.token));
                });

                it('with checkDatabase, does not re-issue for the same claims stored in another key order', async () => {

                    const created = await createSession(core.uri, userId, { userDataInJWT: { iss, role: 'staff', nested: { a: 1, b: [1, { c: 2, d: 3 }] } } });
                    await put(core.uri, '/recipe/jwt/data', { sessionHandle: created.session.handle, userDataInJWT: { nested: { b: [1, { d: 3, c: 2 }], a: 1 }, role: 'staff', iss } });
                    expect(await verify(core.uri, created.accessToken.token, { checkDatabase: true })).to.equal({ status: 'OK', session: created.session });
                });

                it('after a refresh, two concurrent verifies of the new access token both answer OK, and only one promotes', async () => {

                    const created = await createSession(core.uri, userId);
                    const refreshed = await refresh(core.uri, created.refreshToken.token);
                    expect(refreshed.status).to.equal('OK');
                    expect(decodeJwt(refreshed.accessToken.token).payload.parentRefreshTokenHash1).to.equal(sha256Hex(created.refreshToken.token));

                    // Both requests must reach the compare-and-set having read the same row: hold each until both are there.
                    const store: SessionStore = core.storage.sessions;
                    const original = store.promoteRefreshToken;
                    const promotions: boolean[] = [];
                    let arrived = 0;
                    let release!: () => void;
                    const bothArrived = new Promise<void>((resolve) => {

                        release = resolve;
                    });

                    store.promoteRefreshToken = async (...args) => {

                        if (++arrived === 2) {
                            release();
                        }

                        await Promise.race([bothArrived, new Promise((resolve) => setTimeout(resolve, 2000))]);
                        const promoted = await original(...args);
                        promotions.push(promoted);
                        return promoted;
                    };

                    let results: any[];
                    try {
                        results = await Promise.all([verify(core.uri, refreshed.accessToken.token), verify(core.uri, refreshed.accessToken.token)]);
                    }
                    finally {
                        store.promoteRefreshToken = original;
                    }

                    expect(arrived).to.equal(2);
                    expect(promotions.sort()).to.equal([false, true]);
                    for (const res of results) {
                        expect(res.status).to.equal('OK');
                        expect(res.session.handle).to.equal(created.session.handle);
                        const { payload } = decodeJwt(res.accessToken.token);
                        expect(payload.refreshTokenHash1).to.equal(sha256Hex(refreshed.refreshToken.token));
                        expect(payload.parentRefreshTokenHash1).to.be.null();
                    }

                    // The child was promoted: it refreshes, and the old parent now counts as theft.
                    const next = await refresh(core.uri, refreshed.refreshToken.token);
                    expect(next.status).to.equal('OK');
                    const theft = await refresh(core.uri, created.refreshToken.token);
                    expect(theft).to.equal({ status: 'TOKEN_THEFT_DETECTED', session: { handle: created.session.handle, userId, recipeUserId: userId } });
                });
            });

            describe('POST /recipe/session/refresh with anti-CSRF', () => {

                it('answers UNAUTHORISED for a wrong or missing antiCsrfToken, and OK with a new one for the right token', async () => {

                    const created = await createSession(core.uri, userId, { enableAntiCsrf: true });
                    for (const antiCsrfToken of [undefined, '', Crypto.randomUUID(), created.antiCsrfToken.toUpperCase()]) {
                        const res = await refresh(core.uri, created.refreshToken.token, { enableAntiCsrf: true, antiCsrfToken });
                        expect(res.status, `${antiCsrfToken}`).to.equal('UNAUTHORISED');
                        expect(res.message).to.be.a.string();
                        expect(res.accessToken).to.not.exist();
                    }

                    const res = await refresh(core.uri, created.refreshToken.token, { enableAntiCsrf: true, antiCsrfToken: created.antiCsrfToken });
                    expect(Object.keys(res).sort()).to.equal(['accessToken', 'antiCsrfToken', 'refreshToken', 'session', 'status']);
                    expect(res.status).to.equal('OK');
                    expect(res.antiCsrfToken).to.match(/^[0-9a-f-]{36}$/);
                    expect(res.antiCsrfToken).to.not.equal(created.antiCsrfToken);
                    expect(decodeJwt(res.accessToken.token).payload.antiCsrfToken).to.equal(res.antiCsrfToken);

                    // The new refresh token wants the new anti-CSRF token.
                    expect((await refresh(core.uri, res.refreshToken.token, { enableAntiCsrf: true, antiCsrfToken: created.antiCsrfToken })).status).to.equal('UNAUTHORISED');
                    expect((await refresh(core.uri, res.refreshToken.token, { enableAntiCsrf: true, antiCsrfToken: res.antiCsrfToken })).status).to.equal('OK');
                });

                it('refreshes a session made without anti-CSRF when enableAntiCsrf is true, and starts giving it a token', async () => {

                    const created = await createSession(core.uri, userId, { enableAntiCsrf: false });
                    const res = await refresh(core.uri, created.refreshToken.token, { enableAntiCsrf: true });
                    expect(res.status).to.equal('OK');
                    expect(res.antiCsrfToken).to.match(/^[0-9a-f-]{36}$/);
                    expect(decodeJwt(res.accessToken.token).payload.antiCsrfToken).to.equal(res.antiCsrfToken);
                    expect((await refresh(core.uri, res.refreshToken.token, { enableAntiCsrf: true })).status).to.equal('UNAUTHORISED');
                });

                it('ignores antiCsrfToken when enableAntiCsrf is false, and answers none', async () => {

                    const created = await createSession(core.uri, userId, { enableAntiCsrf: true });
                    const res = await refresh(core.uri, created.refreshToken.token, { enableAntiCsrf: false, antiCsrfToken: Crypto.randomUUID() });
                    expect(res.status).to.equal('OK');
                    expect(Object.hasOwn(res, 'antiCsrfToken')).to.be.false();
                    expect(decodeJwt(res.accessToken.token).payload.antiCsrfToken).to.be.null();
                });
            });

            describe('POST /recipe/session/regenerate', () => {

                it('answers 400 for each protected claim in userDataInJWT and keeps the stored claims', async () => {

                    const created = await createSession(core.uri, userId, { userDataInJWT: { iss, role: 'staff' } });
                    for (const claim of protectedClaims) {
                        expect400(await post(core.uri, '/recipe/session/regenerate', { accessToken: created.accessToken.token, userDataInJWT: { iss, [claim]: 'x' } }), 'The user payload contains protected field\n', claim);
                    }

                    expect((await sessionInfo(core.uri, created.session.handle)).userDataInJWT).to.equal({ iss, role: 'staff' });
                });

                it('for an expired access token, stores the claims and answers OK without an accessToken', async () => {

                    const created = await expiredAccessToken({ iss, role: 'staff' });
                    const res = await regenerate(shortLived.uri, created.accessToken.token, { iss, role: 'admin' });
                    expect(res).to.equal({ status: 'OK', session: { ...created.session, userDataInJWT: { iss, role: 'admin' } } });

                    const info = await sessionInfo(shortLived.uri, created.session.handle);
                    expect(info.status).to.equal('OK');
                    expect(info.userDataInJWT).to.equal({ iss, role: 'admin' });

                    // The next refresh carries them.
                    const refreshed = await refresh(shortLived.uri, created.refreshToken.token);
                    expect(decodeJwt(refreshed.accessToken.token).payload.role).to.equal('admin');
                });

                it('for a live access token, re-signs it with the new claims, the same expiry and the same hashes', async () => {

                    const created = await createSession(core.uri, userId, { userDataInJWT: { iss, role: 'staff' } });
                    const refreshed = await refresh(core.uri, created.refreshToken.token);
                    const old = decodeJwt(refreshed.accessToken.token).payload;

                    const res = await regenerate(core.uri, refreshed.accessToken.token, { iss, role: 'admin' });
                    expect(res.status).to.equal('OK');
                    const { payload } = decodeJwt(res.accessToken.token);
                    expect(payload).to.equal({ ...old, iat: payload.iat, role: 'admin' });
                    expect(payload.exp).to.equal(old.exp);
                    expect(payload.parentRefreshTokenHash1).to.equal(sha256Hex(created.refreshToken.token));
                    expect(res.accessToken.expiry).to.equal(old.exp * 1000);
                });

                it('without userDataInJWT, re-signs a live token with the claims stored for the session', async () => {

                    const created = await createSession(core.uri, userId, { userDataInJWT: { iss, role: 'staff' } });
                    await put(core.uri, '/recipe/jwt/data', { sessionHandle: created.session.handle, userDataInJWT: { iss, role: 'auditor' } });
                    const old = decodeJwt(created.accessToken.token).payload;

                    const res = await regenerate(core.uri, created.accessToken.token);
                    expect(res.status).to.equal('OK');
                    expect(res.session).to.equal({ ...created.session, userDataInJWT: { iss, role: 'auditor' } });
                    const { payload } = decodeJwt(res.accessToken.token);
                    expect(payload).to.equal({ ...old, iat: payload.iat, role: 'auditor' });
                    expect((await sessionInfo(core.uri, created.session.handle)).userDataInJWT).to.equal({ iss, role: 'auditor' });
                });

                it('answers UNAUTHORISED for a revoked session and stores nothing', async () => {

                    const created = await createSession(core.uri, userId);
                    await revoke(core.uri, created.session.handle);
                    for (const claims of [undefined, { iss, role: 'admin' }]) {
                        const res = await regenerate(core.uri, created.accessToken.token, claims);
                        expect(res.status).to.equal('UNAUTHORISED');
                        expect(res.message).to.be.a.string();
                        expect(res.accessToken).to.not.exist();
                    }

                    expect((await sessionInfo(core.uri, created.session.handle)).status).to.equal('UNAUTHORISED');
                });

                it('answers UNAUTHORISED for an expired session', async () => {

                    const created = await expiredSession();
                    const res = await regenerate(brief.uri, created.accessToken.token, { iss, role: 'admin' });
                    expect(res.status).to.equal('UNAUTHORISED');
                    expect(res.accessToken).to.not.exist();
                });

                it('answers UNAUTHORISED for a token signed by another key under a real kid, and keeps the stored claims', async () => {

                    const created = await createSession(core.uri, userId, { userDataInJWT: { iss, role: 'staff' } });
                    const { header, payload } = decodeJwt(created.accessToken.token);
                    const { privateKey } = Crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
                    const forged = makeJwt(header, { ...payload, role: 'admin' }, (input) => Crypto.sign('sha256', input, privateKey));
                    expect(decodeJwt(forged).header.kid).to.equal(header.kid);

                    for (const claims of [undefined, { iss, role: 'admin' }]) {
                        const res = await regenerate(core.uri, forged, claims);
                        expect(res.status).to.equal('UNAUTHORISED');
                        expect(res.accessToken).to.not.exist();
                        expect(res.session).to.not.exist();
                    }

                    expect((await sessionInfo(core.uri, created.session.handle)).userDataInJWT).to.equal({ iss, role: 'staff' });
                });
            });

            describe('PUT /recipe/jwt/data and PUT /recipe/session/data', () => {

                const unauthorised = { status: 'UNAUTHORISED', message: 'Session does not exist.' };

                it('answer UNAUTHORISED for an unknown session handle', async () => {

                    expect((await put(core.uri, '/recipe/jwt/data', { sessionHandle: unknownHandle, userDataInJWT: { role: 'admin' } })).json).to.equal(unauthorised);
                    expect((await put(core.uri, '/recipe/session/data', { sessionHandle: unknownHandle, userDataInDatabase: { theme: 'dark' } })).json).to.equal(unauthorised);
                    expect((await sessionInfo(core.uri, unknownHandle))).to.equal(unauthorised);
                });

                it('answer UNAUTHORISED for a revoked session', async () => {

                    const created = await createSession(core.uri, userId);
                    await revoke(core.uri, created.session.handle);
                    expect((await put(core.uri, '/recipe/jwt/data', { sessionHandle: created.session.handle, userDataInJWT: { role: 'admin' } })).json).to.equal(unauthorised);
                    expect((await put(core.uri, '/recipe/session/data', { sessionHandle: created.session.handle, userDataInDatabase: { theme: 'dark' } })).json).to.equal(unauthorised);
                });

                it('answer UNAUTHORISED for an expired session, which GET /recipe/session no longer shows either', async () => {

                    const created = await expiredSession();
                    const handle = created.session.handle;
                    expect((await put(brief.uri, '/recipe/jwt/data', { sessionHandle: handle, userDataInJWT: { role: 'admin' } })).json).to.equal(unauthorised);
                    expect((await put(brief.uri, '/recipe/session/data', { sessionHandle: handle, userDataInDatabase: { theme: 'dark' } })).json).to.equal(unauthorised);
                    expect(await sessionInfo(brief.uri, handle)).to.equal(unauthorised);
                });

                it('PUT /recipe/jwt/data answers 400 for each protected claim and keeps the stored claims', async () => {

                    const created = await createSession(core.uri, userId, { userDataInJWT: { iss, role: 'staff' } });
                    for (const claim of protectedClaims) {
                        expect400(await put(core.uri, '/recipe/jwt/data', { sessionHandle: created.session.handle, userDataInJWT: { iss, role: 'admin', [claim]: 'x' } }), 'The user payload contains protected field\n', claim);
                    }

                    expect((await sessionInfo(core.uri, created.session.handle)).userDataInJWT).to.equal({ iss, role: 'staff' });
                });

                it('PUT /recipe/jwt/data answers 400 for a protected claim even on an unknown handle', async () => {

                    expect400(await put(core.uri, '/recipe/jwt/data', { sessionHandle: unknownHandle, userDataInJWT: { sub: 'someone' } }), 'The user payload contains protected field\n');
                });

                it('PUT /recipe/session/data stores any names, protected claim names included (the data never goes into a token)', async () => {

                    const created = await createSession(core.uri, userId, { userDataInDatabase: { theme: 'light' } });
                    const data = { theme: 'dark', sub: 'not a claim', exp: 1 };
                    expect((await put(core.uri, '/recipe/session/data', { sessionHandle: created.session.handle, userDataInDatabase: data })).json).to.equal({ status: 'OK' });

                    const info = await sessionInfo(core.uri, created.session.handle);
                    expect(info.userDataInDatabase).to.equal(data);
                    expect(info.userDataInJWT).to.equal({ iss });
                });
            });

            describe('GET /recipe/session', () => {

                it('answers 400 without sessionHandle', async () => {

                    expect400(await get(core.uri, '/recipe/session'), 'Field name \'sessionHandle\' is missing in GET request\n');
                });
            });

            describe('POST /recipe/accountlinking/user/unlink', () => {

                it('answers OK, not linked and not deleted, for a known user, who is left as they were', async () => {

                    const res = await post(core.uri, '/recipe/accountlinking/user/unlink', { recipeUserId: userId });
                    expect(res.status).to.equal(200);
                    expect(res.json).to.equal({ status: 'OK', wasRecipeUserDeleted: false, wasLinked: false });

                    const user = await get(core.uri, `/user/id?userId=${userId}`);
                    expect(user.json.status).to.equal('OK');
                    expect(user.json.user.id).to.equal(userId);
                });

                it('answers 400 for an unknown user or a missing recipeUserId', async () => {

                    expect400(await post(core.uri, '/recipe/accountlinking/user/unlink', { recipeUserId: Crypto.randomUUID() }), 'Unknown user ID provided\n');
                    expect400(await post(core.uri, '/recipe/accountlinking/user/unlink', {}), 'Field name \'recipeUserId\' is invalid in JSON input\n');
                });
            });

            describe('GET /recipe/multitenancy/tenant/list/v2', () => {

                it('lists only the public tenant, without firstFactors', async () => {

                    const res = await get(core.uri, '/recipe/multitenancy/tenant/list/v2');
                    expect(res.status).to.equal(200);
                    expect(res.json).to.equal({
                        status: 'OK',
                        tenants: [{ tenantId: 'public', thirdParty: { providers: [] }, coreConfig: {} }]
                    });
                });
            });
        });
    }
});
