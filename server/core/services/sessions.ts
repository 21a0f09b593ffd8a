/*
 * Sessions: the CDI 5.4 state machine (create, verify with promotion, refresh with rotation, theft detection,
 * regenerate). Threat model and invariants:
 *
 * - The database stores only hash2 = sha256(sha256(refresh token)) of the session's current *parent* token.
 *   A stolen database gives no usable refresh token.
 * - A refresh with the parent issues a child and writes nothing. The first use of a child (a refresh with it, or
 *   a request with the access token issued with it) promotes it with a compare-and-set, which also slides the
 *   session's expiry. From then on, the old parent and its other children are superseded: presenting one is
 *   reported as TOKEN_THEFT_DETECTED (the SDK then revokes the session).
 * - Promotion is a single conditional UPDATE (hash2 must still be the one we read), so concurrent refreshes in
 *   one or several processes cannot promote two children.
 * - Access tokens are stateless until they expire; `checkDatabase` makes a revoked session fail at once.
 * - The core trusts its caller (the API key is the boundary): it does not check that a userId exists.
 * - Session policy (a Staffgate extension, docs/core.md): a session may carry its own idle limit and an absolute
 *   end. Its expiry, at creation and at every promotion, is min(now + idle limit, absolute end), so every check of
 *   `expiresAt` (verify with checkDatabase, refresh, listings) also holds the absolute end. The storage's
 *   compare-and-sets apply the same rule in their statements (SessionStore.promoteRefreshToken, rotateRefreshToken).
 */

import * as Hoek from '@hapi/hoek';

import type { SessionRecord, Storage } from '../storage';
import { hasProtectedClaim, signAccessToken, verifyAccessToken, type AccessTokenClaims, type ParsedAccessToken } from './access-tokens';
import type { AuditTrail } from './audit';
import type { Caller } from './caller';
import type { Clock } from './clock';
import { randomUuid, sha256Hex } from './crypto';
import { InvalidInputError } from './errors';
import type { RefreshTokens } from './refresh-tokens';
import type { SigningKeys } from './signing-keys';


export interface SessionsOptions {
    readonly appId: string;
    readonly storage: Storage;
    readonly keys: SigningKeys;
    readonly refreshTokens: RefreshTokens;
    readonly clock: Clock;
    readonly audit: AuditTrail;
    /** Seconds. */
    readonly accessTokenValidity: number;
    /** Minutes. */
    readonly refreshTokenValidity: number;
    /** Absolute session lifetime, hours; undefined = none (the official core's behaviour). */
    readonly sessionMaxHours?: number | undefined;
    /** A "keep me signed in" session's idle limit and absolute lifetime, days (config: always set). */
    readonly rememberDays: number;
}

interface TokenInfo {
    token: string;
    expiry: number;
    createdTime: number;
}

interface SessionJson {
    handle: string;
    userId: string;
    recipeUserId: string;
    userDataInJWT: Record<string, unknown>;
    tenantId: string;
}

const protectedFieldMessage = 'The user payload contains protected field';

/** The reserved key of a session's database data that asks for a "keep me signed in" session (docs/core.md). */
export const rememberMeKey = 'staffgateRememberMe';

const hourMs = 3_600_000;


export class Sessions {

    readonly #options: SessionsOptions;

    constructor(options: SessionsOptions) {

        this.#options = options;
    }

    get #store() {

        return this.#options.storage.sessions;
    }

    get #refreshValidityMs() {

        return Math.round(this.#options.refreshTokenValidity * 60_000);
    }

    /** A new session's own limits: a remembered one idles and lives `rememberDays`; others end `sessionMaxHours` after creation. */
    #limitsAt(now: number, sessionData: Record<string, unknown>): Pick<SessionRecord, 'idleLimit' | 'absoluteEnd'> {

        const { sessionMaxHours, rememberDays } = this.#options;
        if (sessionData[rememberMeKey] === true) {
            const lifetime = Math.round(rememberDays * 24 * hourMs);
            return { idleLimit: lifetime, absoluteEnd: now + lifetime };
        }

        return sessionMaxHours === undefined ? {} : { absoluteEnd: now + Math.round(sessionMaxHours * hourMs) };
    }

    /** When the session ends if it is not used again after `now`: its idle limit from now, never past its absolute end. */
    #idleEnd(session: Pick<SessionRecord, 'idleLimit' | 'absoluteEnd'>, now: number): number {

        return Math.min(now + (session.idleLimit ?? this.#refreshValidityMs), session.absoluteEnd ?? Infinity);
    }

    async create(input: { tenantId: string; userId: string; userDataInJWT: Record<string, unknown>; userDataInDatabase: Record<string, unknown>; useDynamicSigningKey: boolean; enableAntiCsrf: boolean }) {

        if (hasProtectedClaim(input.userDataInJWT)) {
            throw new InvalidInputError(protectedFieldMessage);
        }

        const now = this.#options.clock();
        const sessionHandle = randomUuid();
        const antiCsrfToken = input.enableAntiCsrf ? randomUuid() : null;
        const refreshToken = await this.#options.refreshTokens.seal({ sessionHandle, userId: input.userId, parentRefreshTokenHash1: null, antiCsrfToken });
        const limits = this.#limitsAt(now, input.userDataInDatabase);
        const session: SessionRecord = {
            appId: this.#options.appId,
            tenantId: input.tenantId,
            sessionHandle,
            userId: input.userId,
            refreshTokenHash2: sha256Hex(sha256Hex(refreshToken)),
            sessionData: input.userDataInDatabase,
            jwtPayload: input.userDataInJWT,
            expiresAt: this.#idleEnd(limits, now),
            createdAt: now,
            useStaticKey: !input.useDynamicSigningKey,
            ...limits
        };

        const accessToken = await this.#issueAccessToken(session, { refreshTokenHash1: sha256Hex(refreshToken), parentRefreshTokenHash1: null, antiCsrfToken });
        await this.#store.createSession(session);

        return {
            status: 'OK',
            session: sessionJson(session, session.jwtPayload),
            accessToken,
            refreshToken: { token: refreshToken, expiry: session.expiresAt, createdTime: now },
            ...(antiCsrfToken === null ? {} : { antiCsrfToken })
        };
    }

    async verify(input: { accessToken: string; antiCsrfToken?: string; doAntiCsrfCheck: boolean; enableAntiCsrf: boolean; checkDatabase: boolean }) {

        const now = this.#options.clock();
        const verified = await verifyAccessToken(input.accessToken, this.#options.keys, now);
        if (!verified.ok) {
            return { status: 'TRY_REFRESH_TOKEN', message: verified.reason };
        }

        if (verified.expired) {
            return { status: 'TRY_REFRESH_TOKEN', message: 'Access token expired' };
        }

        const { claims, custom } = verified.token;
        if (input.doAntiCsrfCheck && input.enableAntiCsrf && (claims.antiCsrfToken === null || claims.antiCsrfToken !== input.antiCsrfToken)) {
            return { status: 'TRY_REFRESH_TOKEN', message: 'anti-csrf check failed' };
        }

        let session: SessionRecord | undefined;
        if (input.checkDatabase) {
            session = await this.#liveSession(claims.sessionHandle, now);

            // A ban deletes the user's sessions; this also catches one created in the moment after the ban.
            if (!session || await this.#options.storage.bans.getBan(this.#options.appId, session.userId)) {
                return { status: 'UNAUTHORISED', message: 'Either the session has ended or has been blacklisted' };
            }
        }

        if (claims.parentRefreshTokenHash1 === null && (!session || samePayload(custom, session.jwtPayload))) {
            return { status: 'OK', session: sessionJson(fromClaims(claims), custom) };
        }

        return this.#promoteOnVerify(verified.token, now);
    }

    /**
     * A refresh, audited: `refresh` when it issued tokens (a rotation writes that row in its own transaction, see
     * `#rotate`), `token_theft_detected` when it found a stale token.
     */
    async refresh(caller: Caller, input: { refreshToken: string; antiCsrfToken?: string; enableAntiCsrf: boolean; useDynamicSigningKey: boolean }) {

        const result = await this.#rotate(caller, input);
        if (result.status === 'TOKEN_THEFT_DETECTED') {
            Hoek.assert(result.session, 'A theft result names its session');
            await this.#options.audit.record(caller, 'token_theft_detected', result.session.userId, { sessionHandle: result.session.handle });
        }

        return result;
    }

    /**
     * Rotation: a child's first use promotes it and appends the `refresh` audit event in one transaction. The
     * common case (a client refreshing with the token its last refresh returned) is that single conditional
     * UPDATE and nothing else: no read before it, the ban check inside it. Anything it does not match (a parent
     * replayed, a superseded token, a banned user, a session gone) takes the reading path, which tells them apart.
     */
    async #rotate(caller: Caller, input: { refreshToken: string; antiCsrfToken?: string; enableAntiCsrf: boolean; useDynamicSigningKey: boolean }) {

        const content = await this.#options.refreshTokens.open(input.refreshToken);
        if (!content) {
            return { status: 'UNAUTHORISED', message: 'Token info not found' };
        }

        if (input.enableAntiCsrf && content.antiCsrfToken !== null && content.antiCsrfToken !== input.antiCsrfToken) {
            return { status: 'UNAUTHORISED', message: 'Anti CSRF token missing, or not matching' };
        }

        const hash1 = sha256Hex(input.refreshToken);
        const hash2 = sha256Hex(hash1);
        const useStaticKey = !input.useDynamicSigningKey;
        const parentHash2 = content.parentRefreshTokenHash1 === null ? null : sha256Hex(content.parentRefreshTokenHash1);
        const details = { sessionHandle: content.sessionHandle };
        const promote = async (fromHash2: string, now: number) => {

            // The default idle end: the statement applies the session's own idle limit and absolute end (session policy).
            const change = { fromHash2, toHash2: hash2, expiresAt: now + this.#refreshValidityMs, useStaticKey, now };
            const event = this.#options.audit.entry(caller, 'refresh', content.userId, details, now);
            const rotated = await this.#store.rotateRefreshToken(this.#options.appId, content.sessionHandle, change, event);
            return rotated && this.#issueChild(rotated, hash1, input.enableAntiCsrf, now);
        };

        if (parentHash2 !== null) {
            const rotated = await promote(parentHash2, this.#options.clock());
            if (rotated) {
                return rotated;
            }
        }

        // Two passes at most: if another request promoted between our read and our write, re-read once. The second
        // pass, and a promotion that fails after a read that matched, happen only in that race: they are not covered.
        for (let i = 0; i < 2; ++i) {      // $lab:coverage:ignore$
            const now = this.#options.clock();
            const session = await this.#liveSession(content.sessionHandle, now);
            if (!session) {
                return { status: 'UNAUTHORISED', message: 'Session missing in db or has expired' };
            }

            if (i === 0 && await this.#options.storage.bans.getBan(this.#options.appId, session.userId)) {      // $lab:coverage:ignore$
                return { status: 'UNAUTHORISED', message: 'User is banned' };
            }

            if (session.refreshTokenHash2 === hash2) {
                if (session.useStaticKey !== useStaticKey) {
                    await this.#store.setUseStaticKey(this.#options.appId, session.sessionHandle, useStaticKey);
                }

                // A replayed parent writes no session state: its audit row is all it stores.
                await this.#options.audit.record(caller, 'refresh', session.userId, details);
                return this.#issueChild({ ...session, useStaticKey }, hash1, input.enableAntiCsrf, now);
            }

            // Equal only when the promotion above lost a race (another request rotated, or the session changed).
            if (parentHash2 !== session.refreshTokenHash2) {     // $lab:coverage:ignore$
                return {
                    status: 'TOKEN_THEFT_DETECTED',
                    session: { handle: session.sessionHandle, userId: session.userId, recipeUserId: session.userId }
                };
            }

            // The race above: this promotion reads the hash it writes from the same session row.
            // $lab:coverage:off$
            const rotated = await promote(session.refreshTokenHash2, now);
            if (rotated) {
                return rotated;
            }
        }

        return { status: 'UNAUTHORISED', message: 'Session missing in db or has expired' };
        // $lab:coverage:on$
    }

    async regenerate(input: { accessToken: string; userDataInJWT?: Record<string, unknown> }) {

        if (input.userDataInJWT && hasProtectedClaim(input.userDataInJWT)) {
            throw new InvalidInputError(protectedFieldMessage);
        }

        // Unlike the Java core we check the signature here too: regenerate must not re-sign a forged token.
        const now = this.#options.clock();
        const verified = await verifyAccessToken(input.accessToken, this.#options.keys, now);
        if (!verified.ok) {
            return { status: 'UNAUTHORISED', message: verified.reason };
        }

        const { claims } = verified.token;
        let session = await this.#liveSession(claims.sessionHandle, now);
        if (session && input.userDataInJWT) {
            const updated = await this.#store.updateJwtPayload(this.#options.appId, session.sessionHandle, input.userDataInJWT, now);
            // Not updated only when the session ended between the read above and this write (a race).
            session = updated ? { ...session, jwtPayload: input.userDataInJWT } : undefined;       // $lab:coverage:ignore$
        }

        if (!session) {
            return { status: 'UNAUTHORISED', message: 'Session does not exist.' };
        }

        if (verified.expired) {
            return { status: 'OK', session: sessionJson(session, session.jwtPayload) };
        }

        // Same lifetime and hashes, new claims.
        const key = await this.#options.keys.signingKey(session.useStaticKey);
        const iat = Math.floor(now / 1000);
        const token = signAccessToken(key, { ...claims, iat }, session.jwtPayload);
        return {
            status: 'OK',
            session: sessionJson(session, session.jwtPayload),
            accessToken: { token, expiry: claims.exp * 1000, createdTime: iat * 1000 }
        };
    }

    async getInformation(sessionHandle: string) {

        const session = await this.#liveSession(sessionHandle, this.#options.clock());
        if (!session) {
            return { status: 'UNAUTHORISED', message: 'Session does not exist.' };
        }

        return {
            status: 'OK',
            sessionHandle: session.sessionHandle,
            userId: session.userId,
            recipeUserId: session.userId,
            expiry: session.expiresAt,
            timeCreated: session.createdAt,
            userDataInJWT: session.jwtPayload,
            userDataInDatabase: session.sessionData,
            tenantId: session.tenantId
        };
    }

    /** Deletes sessions by handle or by user; each one that existed is audited as `session_revoked`. */
    async revoke(caller: Caller, target: { sessionHandles: string[] } | { userId: string; tenantId?: string }) {

        const appId = this.#options.appId;
        const revoked = 'userId' in target ?
            (await this.#store.deleteSessionsOfUser(appId, target.userId, target.tenantId)).map((sessionHandle) => ({ sessionHandle, userId: target.userId })) :
            await this.#store.deleteSessions(appId, target.sessionHandles);

        for (const { sessionHandle, userId } of revoked) {
            await this.#options.audit.record(caller, 'session_revoked', userId, { sessionHandle });
        }

        return { status: 'OK', sessionHandlesRevoked: revoked.map((session) => session.sessionHandle) };
    }

    /** How many sessions of the app are live now (the admin overview). */
    async countLive() {

        return { status: 'OK', count: await this.#store.countLiveSessions(this.#options.appId, this.#options.clock()) };
    }

    /**
     * Staffgate extension: the session policy of each of the user's live sessions, oldest first. `expiry` is when it
     * ends if unused, `absoluteEnd` when it ends however it is used (null: never), `idleLimit` how long it may idle (ms).
     */
    async listEnds(userId: string) {

        const now = this.#options.clock();
        const handles = await this.#store.listSessionHandles(this.#options.appId, userId, now);
        const sessions = await Promise.all(handles.map((handle) => this.#liveSession(handle, now)));
        return {
            status: 'OK',
            sessions: sessions.filter((session) => session !== undefined).map((session) => ({
                sessionHandle: session.sessionHandle,
                expiry: session.expiresAt,
                absoluteEnd: session.absoluteEnd ?? null,
                idleLimit: session.idleLimit ?? this.#refreshValidityMs
            }))
        };
    }

    async listHandles(userId: string, tenantId?: string) {

        const sessionHandles = await this.#store.listSessionHandles(this.#options.appId, userId, this.#options.clock(), tenantId);
        return { status: 'OK', sessionHandles };
    }

    async updateSessionData(sessionHandle: string, userDataInDatabase: Record<string, unknown>) {

        const updated = await this.#store.updateSessionData(this.#options.appId, sessionHandle, userDataInDatabase, this.#options.clock());
        return updated ? { status: 'OK' } : { status: 'UNAUTHORISED', message: 'Session does not exist.' };
    }

    async updateJwtPayload(sessionHandle: string, userDataInJWT: Record<string, unknown>) {

        if (hasProtectedClaim(userDataInJWT)) {
            throw new InvalidInputError(protectedFieldMessage);
        }

        const updated = await this.#store.updateJwtPayload(this.#options.appId, sessionHandle, userDataInJWT, this.#options.clock());
        return updated ? { status: 'OK' } : { status: 'UNAUTHORISED', message: 'Session does not exist.' };
    }

    async #liveSession(sessionHandle: string, now: number): Promise<SessionRecord | undefined> {

        const session = await this.#store.getSession(this.#options.appId, sessionHandle);
        return session && session.expiresAt > now ? session : undefined;
    }

    /** Verify step 5: the first request after a refresh promotes the child; a claims change re-issues the token. */
    async #promoteOnVerify(token: ParsedAccessToken, now: number) {

        const { claims, custom } = token;
        let session = await this.#liveSession(claims.sessionHandle, now);
        if (!session) {
            return { status: 'UNAUTHORISED', message: 'Session missing in db' };
        }

        const currentHash2 = sha256Hex(claims.refreshTokenHash1);
        let promoted = false;
        if (claims.parentRefreshTokenHash1 !== null && session.refreshTokenHash2 === sha256Hex(claims.parentRefreshTokenHash1)) {
            const expiresAt = this.#idleEnd(session, now);
            promoted = await this.#store.promoteRefreshToken(this.#options.appId, session.sessionHandle, { fromHash2: session.refreshTokenHash2, toHash2: currentHash2, expiresAt, useStaticKey: session.useStaticKey, now });
            if (promoted) {
                session = { ...session, refreshTokenHash2: currentHash2, expiresAt };
            }
            else {
                session = await this.#liveSession(claims.sessionHandle, now);       // someone else promoted: look again
                // Gone only when the session ended between the promotion and this read (a race).
                // $lab:coverage:off$
                if (!session) {
                    return { status: 'UNAUTHORISED', message: 'Session missing in db' };
                }
                // $lab:coverage:on$
            }
        }

        // The new token keeps the presented one's expiry, as regenerate does: re-issuing for new claims must not let
        // an access token alone (a stolen one) live on without the refresh token, which theft detection watches.
        if (promoted || session.refreshTokenHash2 === currentHash2 || !samePayload(custom, session.jwtPayload)) {
            const accessToken = await this.#issueAccessToken(session, { refreshTokenHash1: claims.refreshTokenHash1, parentRefreshTokenHash1: null, antiCsrfToken: claims.antiCsrfToken }, claims.exp);
            return { status: 'OK', session: sessionJson(session, session.jwtPayload), accessToken };
        }

        return { status: 'OK', session: sessionJson(session, custom) };
    }

    async #issueChild(session: SessionRecord, parentHash1: string, enableAntiCsrf: boolean, now: number) {

        const antiCsrfToken = enableAntiCsrf ? randomUuid() : null;
        const refreshToken = await this.#options.refreshTokens.seal({ sessionHandle: session.sessionHandle, userId: session.userId, parentRefreshTokenHash1: parentHash1, antiCsrfToken });
        const accessToken = await this.#issueAccessToken(session, { refreshTokenHash1: sha256Hex(refreshToken), parentRefreshTokenHash1: parentHash1, antiCsrfToken });

        return {
            status: 'OK',
            session: sessionJson(session, session.jwtPayload),
            accessToken,
            refreshToken: { token: refreshToken, expiry: this.#idleEnd(session, now), createdTime: now },
            ...(antiCsrfToken === null ? {} : { antiCsrfToken })
        };
    }

    /** A new access token, valid for a full lifetime unless `keptExp` (seconds) carries over an earlier expiry. */
    async #issueAccessToken(session: SessionRecord, hashes: Pick<AccessTokenClaims, 'refreshTokenHash1' | 'parentRefreshTokenHash1' | 'antiCsrfToken'>, keptExp?: number): Promise<TokenInfo> {

        const key = await this.#options.keys.signingKey(session.useStaticKey);
        const iat = Math.floor(this.#options.clock() / 1000);
        const exp = keptExp ?? iat + this.#options.accessTokenValidity;
        const claims: AccessTokenClaims = {
            iat,
            exp,
            sub: session.userId,
            rsub: session.userId,
            tId: session.tenantId,
            sessionHandle: session.sessionHandle,
            ...hashes
        };

        return { token: signAccessToken(key, claims, session.jwtPayload), expiry: exp * 1000, createdTime: iat * 1000 };
    }
}


const sessionJson = (session: Pick<SessionRecord, 'sessionHandle' | 'userId' | 'tenantId'>, userDataInJWT: Record<string, unknown>): SessionJson => ({
    handle: session.sessionHandle,
    userId: session.userId,
    recipeUserId: session.userId,
    userDataInJWT,
    tenantId: session.tenantId
});

const fromClaims = (claims: AccessTokenClaims) => ({ sessionHandle: claims.sessionHandle, userId: claims.sub, tenantId: claims.tId });

/** Claims compared as JSON values, independent of key order. */
const samePayload = (a: Record<string, unknown>, b: Record<string, unknown>): boolean => canonical(a) === canonical(b);

const canonical = (value: unknown): string => {

    if (Array.isArray(value)) {
        return `[${value.map(canonical).join(',')}]`;
    }

    if (value && typeof value === 'object') {
        const entries = Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`);
        return `{${entries.join(',')}}`;
    }

    return JSON.stringify(value);
};
