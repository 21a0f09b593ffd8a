import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import { RecipeUserId } from 'supertokens-node';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import Session, { type SessionContainer } from 'supertokens-node/recipe/session';

import { startTestCore, type TestCore } from '../../helpers/core';
import { initSdk } from '../../helpers/sdk';
import { decodeJwt, recordRequests, untilFreshSecond } from '../../helpers/session-tools';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


const sha256 = (value: string) => Crypto.createHash('sha256').update(value).digest('hex');

const newUser = async () => {

    const result = await EmailPassword.signUp('public', `session-${Crypto.randomUUID()}@example.com`, 'Password123');
    if (result.status !== 'OK') {
        throw new Error(`sign up failed: ${result.status}`);
    }

    return { userId: result.user.id, recipeUserId: result.recipeUserId };
};

const newSession = async (payload: Record<string, unknown> = {}, data: Record<string, unknown> = {}) => {

    const { userId, recipeUserId } = await newUser();
    const session = await Session.createNewSessionWithoutRequestResponse('public', recipeUserId, payload, data);
    return { userId, session, tokens: session.getAllSessionTokensDangerously() };
};

const tokensOf = (session: SessionContainer) => session.getAllSessionTokensDangerously();


describe('SDK sessions against the core', () => {

    let core: TestCore;
    let requests: string[];

    before(async () => {

        core = await startTestCore();
        requests = recordRequests(core);
        initSdk(core.uri);
    });

    after(async () => {

        await core.destroy();
    });

    describe('create and verify', () => {

        it('creates a session whose access token carries the user, the handle and the custom claims', async () => {

            const earlier = Math.floor(Date.now() / 1000);
            const { userId, session, tokens } = await newSession({ team: 'blue', level: 3 });
            const later = Math.floor(Date.now() / 1000);

            expect(session.getUserId()).to.equal(userId);
            expect(session.getRecipeUserId().getAsString()).to.equal(userId);
            expect(session.getTenantId()).to.equal('public');
            expect(session.getHandle()).to.match(/^[0-9a-f-]{36}$/);
            expect(tokens.refreshToken).to.be.a.string();
            expect(tokens.antiCsrfToken).to.be.undefined();

            const { header, payload } = decodeJwt(tokens.accessToken);
            expect(header).to.include({ alg: 'RS256', typ: 'JWT', version: '5' });
            expect(header.kid).to.startWith('d-');
            expect(payload).to.include({
                sub: userId,
                rsub: userId,
                tId: 'public',
                sessionHandle: session.getHandle(),
                refreshTokenHash1: sha256(tokens.refreshToken!),
                parentRefreshTokenHash1: null,
                antiCsrfToken: null,
                team: 'blue',
                level: 3
            });
            expect(payload.iat).to.be.within(earlier, later);
            expect(payload.exp).to.equal(payload.iat + 3600);
            expect(session.getAccessTokenPayload()).to.equal(payload);
        });

        it('verifies a fresh access token locally, without calling the core', async () => {

            const { userId, session, tokens } = await newSession({ team: 'red' });

            requests.length = 0;
            const verified = await Session.getSessionWithoutRequestResponse(tokens.accessToken);
            expect(requests.filter((request) => request !== 'GET /.well-known/jwks.json')).to.equal([]);

            expect(verified.getHandle()).to.equal(session.getHandle());
            expect(verified.getUserId()).to.equal(userId);
            expect(verified.getAccessTokenPayload().team).to.equal('red');
            expect(verified.getAllSessionTokensDangerously().accessAndFrontTokenUpdated).to.be.false();
        });

        it('verifies with checkDatabase through the core, without issuing a new token', async () => {

            const { userId, session, tokens } = await newSession({ team: 'green' });

            requests.length = 0;
            const verified = await Session.getSessionWithoutRequestResponse(tokens.accessToken, undefined, { checkDatabase: true });
            expect(requests).to.equal(['POST /recipe/session/verify']);

            expect(verified.getHandle()).to.equal(session.getHandle());
            expect(verified.getUserId()).to.equal(userId);
            expect(verified.getAccessTokenPayload().team).to.equal('green');
            expect(verified.getAllSessionTokensDangerously().accessToken).to.equal(tokens.accessToken);
            expect(verified.getAllSessionTokensDangerously().accessAndFrontTokenUpdated).to.be.false();
        });

        it('gives a new access token for changed claims, with the old one\'s expiry (an access token alone cannot live on)', async () => {

            const { session, tokens } = await newSession({ team: 'green' });
            expect(await Session.mergeIntoAccessTokenPayload(session.getHandle(), { team: 'blue' })).to.be.true();
            await untilFreshSecond(1000);                           // The next second: a fresh lifetime would show

            const verified = await Session.getSessionWithoutRequestResponse(tokens.accessToken, undefined, { checkDatabase: true });
            const renewed = verified.getAllSessionTokensDangerously();
            expect(renewed.accessAndFrontTokenUpdated).to.be.true();
            expect(verified.getAccessTokenPayload().team).to.equal('blue');

            const before_ = decodeJwt(tokens.accessToken).payload;
            const after_ = decodeJwt(renewed.accessToken).payload;
            expect(after_.iat > before_.iat).to.be.true();
            expect(after_.exp).to.equal(before_.exp);
        });

        it('rejects an access token with a forged signature as UNAUTHORISED or TRY_REFRESH_TOKEN, never OK', async () => {

            const { tokens } = await newSession();
            const [header, payload] = tokens.accessToken.split('.');
            const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
            const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')}.${tokens.accessToken.split('.')[2]}`;

            const local = await expect(Session.getSessionWithoutRequestResponse(forged)).to.reject(Session.Error);
            expect(local.type).to.equal(Session.Error.TRY_REFRESH_TOKEN);

            const checked = await expect(Session.getSessionWithoutRequestResponse(forged, undefined, { checkDatabase: true })).to.reject(Session.Error);
            expect(checked.type).to.equal(Session.Error.TRY_REFRESH_TOKEN);
        });
    });

    describe('refresh', () => {

        it('rotates: a new refresh token and a new access token that works and points at its parent', async () => {

            const { userId, session, tokens } = await newSession({ team: 'blue' });

            const refreshed = await Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!);
            const next = tokensOf(refreshed);

            expect(refreshed.getHandle()).to.equal(session.getHandle());
            expect(refreshed.getUserId()).to.equal(userId);
            expect(next.refreshToken).to.be.a.string();
            expect(next.refreshToken).to.not.equal(tokens.refreshToken);
            expect(next.accessToken).to.not.equal(tokens.accessToken);

            const { payload } = decodeJwt(next.accessToken);
            expect(payload).to.include({
                sessionHandle: session.getHandle(),
                sub: userId,
                refreshTokenHash1: sha256(next.refreshToken!),
                parentRefreshTokenHash1: sha256(tokens.refreshToken!),
                team: 'blue'
            });
        });

        it('promotes the child on the first use of its access token: the core answers with a new token without parent', async () => {

            const { session, tokens } = await newSession();
            const refreshed = await Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!);
            const child = tokensOf(refreshed);

            requests.length = 0;
            const verified = await Session.getSessionWithoutRequestResponse(child.accessToken);
            expect(requests).to.equal(['POST /recipe/session/verify']);

            const promoted = tokensOf(verified);
            expect(promoted.accessAndFrontTokenUpdated).to.be.true();
            expect(promoted.accessToken).to.not.equal(child.accessToken);
            expect(verified.getHandle()).to.equal(session.getHandle());

            const { payload } = decodeJwt(promoted.accessToken);
            expect(payload.parentRefreshTokenHash1).to.be.null();
            expect(payload.refreshTokenHash1).to.equal(sha256(child.refreshToken!));

            // The promoted token is an ordinary one again: verified locally, no core call.
            requests.length = 0;
            const again = await Session.getSessionWithoutRequestResponse(promoted.accessToken);
            expect(requests).to.equal([]);
            expect(again.getHandle()).to.equal(session.getHandle());

            // And the child refresh token is now the parent: it refreshes.
            const onward = await Session.refreshSessionWithoutRequestResponse(child.refreshToken!);
            expect(onward.getHandle()).to.equal(session.getHandle());
        });

        it('promotes the child when the child refresh token itself is used', async () => {

            const { session, tokens } = await newSession();
            const first = tokensOf(await Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!));
            const second = tokensOf(await Session.refreshSessionWithoutRequestResponse(first.refreshToken!));
            expect(decodeJwt(second.accessToken).payload.parentRefreshTokenHash1).to.equal(sha256(first.refreshToken!));

            // The original token was superseded when the child was used.
            const error = await expect(Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!)).to.reject(Session.Error);
            expect(error.type).to.equal(Session.Error.TOKEN_THEFT_DETECTED);
            expect(error.payload.sessionHandle).to.equal(session.getHandle());
        });

        it('allows refreshing again with the parent while its child is unused (no theft yet)', async () => {

            const { session, tokens } = await newSession();
            const first = tokensOf(await Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!));
            const retry = tokensOf(await Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!));

            expect(retry.refreshToken).to.not.equal(first.refreshToken);
            expect(await Session.getSessionInformation(session.getHandle())).to.exist();

            // Whichever child is used first wins; the other is then superseded.
            const verified = await Session.getSessionWithoutRequestResponse(retry.accessToken);
            expect(tokensOf(verified).accessAndFrontTokenUpdated).to.be.true();

            // The loser's access token still verifies until it expires, but is not re-issued.
            const loser = await Session.getSessionWithoutRequestResponse(first.accessToken);
            expect(loser.getHandle()).to.equal(session.getHandle());
            expect(tokensOf(loser).accessAndFrontTokenUpdated).to.be.false();
            const error = await expect(Session.refreshSessionWithoutRequestResponse(first.refreshToken!)).to.reject(Session.Error);
            expect(error.type).to.equal(Session.Error.TOKEN_THEFT_DETECTED);
        });

        it('reports token theft when a superseded refresh token is reused after its child was used', async () => {

            const { userId, session, tokens } = await newSession();
            const child = tokensOf(await Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!));
            await Session.getSessionWithoutRequestResponse(child.accessToken);        // first use of the child

            const error = await expect(Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!)).to.reject(Session.Error);
            expect(error.type).to.equal(Session.Error.TOKEN_THEFT_DETECTED);
            expect(error.payload.sessionHandle).to.equal(session.getHandle());
            expect(error.payload.userId).to.equal(userId);
            expect(error.payload.recipeUserId.getAsString()).to.equal(userId);

            // CDI 5.4: the core reports, the SDK revokes (its default onTokenTheftDetected calls revokeSession with
            // the handle from the error, as here). The session is then gone for both tokens.
            await Session.revokeSession(error.payload.sessionHandle);

            expect(await Session.getSessionInformation(session.getHandle())).to.be.undefined();
            const refresh = await expect(Session.refreshSessionWithoutRequestResponse(child.refreshToken!)).to.reject(Session.Error);
            expect(refresh.type).to.equal(Session.Error.UNAUTHORISED);
            const verify = await expect(Session.getSessionWithoutRequestResponse(child.accessToken, undefined, { checkDatabase: true })).to.reject(Session.Error);
            expect(verify.type).to.equal(Session.Error.UNAUTHORISED);
        });

        it('reports theft for a child that lost to its sibling', async () => {

            const { tokens } = await newSession();
            const a = tokensOf(await Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!));
            const b = tokensOf(await Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!));
            await Session.refreshSessionWithoutRequestResponse(a.refreshToken!);              // a is promoted

            const error = await expect(Session.refreshSessionWithoutRequestResponse(b.refreshToken!)).to.reject(Session.Error);
            expect(error.type).to.equal(Session.Error.TOKEN_THEFT_DETECTED);
        });

        it('promotes a child once when several requests use it at the same time', async () => {

            const { session, tokens } = await newSession();
            const child = tokensOf(await Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!));

            const verified = await Promise.all([1, 2, 3, 4].map(() => Session.getSessionWithoutRequestResponse(child.accessToken)));
            const refreshed = await Promise.all([1, 2, 3].map(() => Session.refreshSessionWithoutRequestResponse(child.refreshToken!)));
            for (const result of [...verified, ...refreshed]) {
                expect(result.getHandle()).to.equal(session.getHandle());
            }

            // The child is the parent now; the original token is superseded.
            const error = await expect(Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!)).to.reject(Session.Error);
            expect(error.type).to.equal(Session.Error.TOKEN_THEFT_DETECTED);
        });

        it('answers UNAUTHORISED to the first use of a child whose session was revoked meanwhile', async () => {

            const { session, tokens } = await newSession();
            const child = tokensOf(await Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!));
            await Session.revokeSession(session.getHandle());

            const verify = await expect(Session.getSessionWithoutRequestResponse(child.accessToken)).to.reject(Session.Error);
            expect(verify.type).to.equal(Session.Error.UNAUTHORISED);
            const refresh = await expect(Session.refreshSessionWithoutRequestResponse(child.refreshToken!)).to.reject(Session.Error);
            expect(refresh.type).to.equal(Session.Error.UNAUTHORISED);
        });

        it('rejects a refresh token the core did not issue as UNAUTHORISED', async () => {

            const { tokens } = await newSession();
            const tampered = `${tokens.refreshToken!.slice(0, 10)}${tokens.refreshToken![10] === 'A' ? 'B' : 'A'}${tokens.refreshToken!.slice(11)}`;

            for (const token of [tampered, 'garbage', Crypto.randomBytes(64).toString('base64url')]) {
                const error = await expect(Session.refreshSessionWithoutRequestResponse(token)).to.reject(Session.Error);
                expect(error.type).to.equal(Session.Error.UNAUTHORISED);
            }
        });
    });

    describe('revocation and listing', () => {

        it('revokes one session: refresh and checkDatabase fail, the access token still verifies locally until it expires', async () => {

            const { userId, session, tokens } = await newSession();
            const kept = await Session.createNewSessionWithoutRequestResponse('public', new RecipeUserId(userId));

            expect(await Session.revokeSession(session.getHandle())).to.be.true();
            expect(await Session.revokeSession(session.getHandle())).to.be.false();

            const refresh = await expect(Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!)).to.reject(Session.Error);
            expect(refresh.type).to.equal(Session.Error.UNAUTHORISED);
            const checked = await expect(Session.getSessionWithoutRequestResponse(tokens.accessToken, undefined, { checkDatabase: true })).to.reject(Session.Error);
            expect(checked.type).to.equal(Session.Error.UNAUTHORISED);

            const local = await Session.getSessionWithoutRequestResponse(tokens.accessToken);
            expect(local.getHandle()).to.equal(session.getHandle());

            expect(await Session.getAllSessionHandlesForUser(userId)).to.equal([kept.getHandle()]);
        });

        it('revokes a session through the session object', async () => {

            const { userId, session } = await newSession();
            await session.revokeSession();
            expect(await Session.getAllSessionHandlesForUser(userId)).to.equal([]);
        });

        it('lists and revokes all sessions of a user, and only theirs', async () => {

            const { userId, recipeUserId } = await newUser();
            const other = await newSession();
            const handles: string[] = [];
            for (let i = 0; i < 3; ++i) {
                const session = await Session.createNewSessionWithoutRequestResponse('public', recipeUserId);
                handles.push(session.getHandle());
            }

            expect([...await Session.getAllSessionHandlesForUser(userId)].sort()).to.equal([...handles].sort());

            const revoked = await Session.revokeAllSessionsForUser(userId);
            expect([...revoked].sort()).to.equal([...handles].sort());
            expect(await Session.getAllSessionHandlesForUser(userId)).to.equal([]);
            expect(await Session.revokeAllSessionsForUser(userId)).to.equal([]);

            expect(await Session.getAllSessionHandlesForUser(other.userId)).to.equal([other.session.getHandle()]);
        });

        it('lists and revokes a user\'s sessions in the public tenant', async () => {

            const { userId, recipeUserId } = await newUser();
            const a = await Session.createNewSessionWithoutRequestResponse('public', recipeUserId);
            const b = await Session.createNewSessionWithoutRequestResponse('public', recipeUserId);

            expect([...await Session.getAllSessionHandlesForUser(userId, true, 'public')].sort()).to.equal([a.getHandle(), b.getHandle()].sort());
            expect([...await Session.revokeAllSessionsForUser(userId, true, 'public')].sort()).to.equal([a.getHandle(), b.getHandle()].sort());
            expect(await Session.getAllSessionHandlesForUser(userId, true, 'public')).to.equal([]);
        });

        it('revokes several sessions by handle', async () => {

            const { userId, recipeUserId } = await newUser();
            const a = await Session.createNewSessionWithoutRequestResponse('public', recipeUserId);
            const b = await Session.createNewSessionWithoutRequestResponse('public', recipeUserId);
            const c = await Session.createNewSessionWithoutRequestResponse('public', recipeUserId);

            const revoked = await Session.revokeMultipleSessions([a.getHandle(), c.getHandle(), Crypto.randomUUID()]);
            expect([...revoked].sort()).to.equal([a.getHandle(), c.getHandle()].sort());
            expect(await Session.getAllSessionHandlesForUser(userId)).to.equal([b.getHandle()]);
        });
    });

    describe('session information and data', () => {

        it('gets the session information by handle', async () => {

            const earlier = Date.now();
            const { userId, session } = await newSession({ team: 'blue' }, { cart: ['apple'] });
            const later = Date.now();

            const info = await Session.getSessionInformation(session.getHandle());
            expect(info).to.exist();
            expect(info!.sessionHandle).to.equal(session.getHandle());
            expect(info!.userId).to.equal(userId);
            expect(info!.recipeUserId.getAsString()).to.equal(userId);
            expect(info!.tenantId).to.equal('public');
            expect(info!.sessionDataInDatabase).to.equal({ cart: ['apple'] });
            expect(info!.customClaimsInAccessTokenPayload).to.include({ team: 'blue' });
            expect(info!.timeCreated).to.be.within(earlier, later);
            expect(info!.expiry).to.equal(info!.timeCreated + core.settings.refreshTokenValidity * 60_000);

            expect(await session.getTimeCreated()).to.equal(info!.timeCreated);
            expect(await session.getExpiry()).to.equal(info!.expiry);
        });

        it('answers undefined for an unknown handle', async () => {

            expect(await Session.getSessionInformation(Crypto.randomUUID())).to.be.undefined();
        });

        it('replaces the session data in the database', async () => {

            const { session } = await newSession({}, { step: 1 });

            expect(await Session.updateSessionDataInDatabase(session.getHandle(), { step: 2, items: [1, 2] })).to.be.true();
            expect((await Session.getSessionInformation(session.getHandle()))!.sessionDataInDatabase).to.equal({ step: 2, items: [1, 2] });
            expect(await session.getSessionDataFromDatabase()).to.equal({ step: 2, items: [1, 2] });

            await session.updateSessionDataInDatabase({ step: 3 });
            expect(await session.getSessionDataFromDatabase()).to.equal({ step: 3 });
        });

        it('does not update the data of a revoked session', async () => {

            const { session } = await newSession();
            await Session.revokeSession(session.getHandle());
            expect(await Session.updateSessionDataInDatabase(session.getHandle(), { step: 2 })).to.be.false();
            expect(await Session.mergeIntoAccessTokenPayload(session.getHandle(), { team: 'x' })).to.be.false();
        });
    });

    describe('access-token payload', () => {

        it('merges claims on a session object: the new access token carries them with the same lifetime', async () => {

            const { session, tokens } = await newSession({ team: 'blue', level: 1 });
            const old = decodeJwt(tokens.accessToken).payload;

            requests.length = 0;
            await session.mergeIntoAccessTokenPayload({ level: 2, role: 'admin', team: null });
            expect(requests).to.equal(['POST /recipe/session/regenerate']);

            const updated = tokensOf(session);
            expect(updated.accessAndFrontTokenUpdated).to.be.true();
            expect(updated.accessToken).to.not.equal(tokens.accessToken);

            const { payload } = decodeJwt(updated.accessToken);
            expect(payload).to.include({ level: 2, role: 'admin', sessionHandle: session.getHandle(), exp: old.exp, refreshTokenHash1: old.refreshTokenHash1 });
            expect(payload.team).to.not.exist();
            expect(session.getAccessTokenPayload()).to.equal(payload);

            // It is a real token, and the database agrees with it (no re-issue on a checked verify).
            const verified = await Session.getSessionWithoutRequestResponse(updated.accessToken, undefined, { checkDatabase: true });
            expect(verified.getAccessTokenPayload()).to.include({ level: 2, role: 'admin' });
            expect(tokensOf(verified).accessAndFrontTokenUpdated).to.be.false();

            const info = await Session.getSessionInformation(session.getHandle());
            expect(info!.customClaimsInAccessTokenPayload).to.include({ level: 2, role: 'admin' });
            expect(info!.customClaimsInAccessTokenPayload.team).to.not.exist();
        });

        it('merges claims by handle: the next checked verify and the next refresh issue tokens that carry them', async () => {

            const { session, tokens } = await newSession({ team: 'blue' });

            expect(await Session.mergeIntoAccessTokenPayload(session.getHandle(), { role: 'auditor' })).to.be.true();

            const info = await Session.getSessionInformation(session.getHandle());
            expect(info!.customClaimsInAccessTokenPayload).to.include({ team: 'blue', role: 'auditor' });

            // The old token does not have the claim; a checked verify sees the change and re-issues it.
            expect(decodeJwt(tokens.accessToken).payload.role).to.not.exist();
            const verified = await Session.getSessionWithoutRequestResponse(tokens.accessToken, undefined, { checkDatabase: true });
            const reissued = tokensOf(verified);
            expect(reissued.accessAndFrontTokenUpdated).to.be.true();
            expect(decodeJwt(reissued.accessToken).payload).to.include({ team: 'blue', role: 'auditor', parentRefreshTokenHash1: null });
            expect(verified.getAccessTokenPayload()).to.include({ role: 'auditor' });

            const again = await Session.getSessionWithoutRequestResponse(reissued.accessToken, undefined, { checkDatabase: true });
            expect(tokensOf(again).accessAndFrontTokenUpdated).to.be.false();

            const refreshed = await Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!);
            expect(decodeJwt(tokensOf(refreshed).accessToken).payload).to.include({ team: 'blue', role: 'auditor' });
        });

        it('refuses to merge claims into a revoked session', async () => {

            const { session } = await newSession();
            await Session.revokeSession(session.getHandle());

            const error = await expect(session.mergeIntoAccessTokenPayload({ plan: 'gold' })).to.reject(Session.Error);
            expect(error.type).to.equal(Session.Error.UNAUTHORISED);
        });

        it('keeps the claims a regenerate set through the following refresh', async () => {

            const { session, tokens } = await newSession();
            await session.mergeIntoAccessTokenPayload({ plan: 'gold' });

            const refreshed = await Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!);
            expect(decodeJwt(tokensOf(refreshed).accessToken).payload.plan).to.equal('gold');
        });
    });

    describe('anti-CSRF tokens (antiCsrf: VIA_TOKEN)', () => {

        before(() => {

            initSdk(core.uri, { recipeList: [EmailPassword.init(), Session.init({ antiCsrf: 'VIA_TOKEN' })] });
        });

        after(() => {

            initSdk(core.uri);
        });

        it('puts an anti-CSRF token into the session, checks it on verify and on refresh, and renews it on refresh', async () => {

            const { recipeUserId } = await newUser();
            const session = await Session.createNewSessionWithoutRequestResponse('public', recipeUserId, {}, {}, false);
            const tokens = tokensOf(session);
            expect(tokens.antiCsrfToken).to.match(/^[0-9a-f-]{36}$/);
            expect(decodeJwt(tokens.accessToken).payload.antiCsrfToken).to.equal(tokens.antiCsrfToken);

            expect((await Session.getSessionWithoutRequestResponse(tokens.accessToken, tokens.antiCsrfToken)).getHandle()).to.equal(session.getHandle());
            expect((await Session.getSessionWithoutRequestResponse(tokens.accessToken, tokens.antiCsrfToken, { checkDatabase: true })).getHandle()).to.equal(session.getHandle());
            const wrong = await expect(Session.getSessionWithoutRequestResponse(tokens.accessToken, Crypto.randomUUID())).to.reject(Session.Error);
            expect(wrong.type).to.equal(Session.Error.TRY_REFRESH_TOKEN);

            const refused = await expect(Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!, false, Crypto.randomUUID())).to.reject(Session.Error);
            expect(refused.type).to.equal(Session.Error.UNAUTHORISED);
            const missing = await expect(Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!, false)).to.reject(Session.Error);
            expect(missing.type).to.equal(Session.Error.UNAUTHORISED);

            const refreshed = await Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!, false, tokens.antiCsrfToken);
            const next = tokensOf(refreshed);
            expect(next.antiCsrfToken).to.match(/^[0-9a-f-]{36}$/);
            expect(next.antiCsrfToken).to.not.equal(tokens.antiCsrfToken);
            expect(decodeJwt(next.accessToken).payload.antiCsrfToken).to.equal(next.antiCsrfToken);

            // The promoted token keeps the anti-CSRF token of its refresh.
            const promoted = await Session.getSessionWithoutRequestResponse(next.accessToken, next.antiCsrfToken);
            expect(tokensOf(promoted).accessAndFrontTokenUpdated).to.be.true();
            expect(decodeJwt(tokensOf(promoted).accessToken).payload.antiCsrfToken).to.equal(next.antiCsrfToken);
        });

        it('leaves the anti-CSRF token out when the caller disables it (tokens in headers)', async () => {

            const { recipeUserId } = await newUser();
            const session = await Session.createNewSessionWithoutRequestResponse('public', recipeUserId, {}, {}, true);
            const tokens = tokensOf(session);
            expect(tokens.antiCsrfToken).to.be.undefined();
            expect(decodeJwt(tokens.accessToken).payload.antiCsrfToken).to.be.null();

            const refreshed = await Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!, true);
            expect(tokensOf(refreshed).antiCsrfToken).to.be.undefined();
        });
    });
});
