/*
 * Verified access tokens, remembered for a few seconds, so that a signed-in page does not verify the same RS256
 * signature again on every request (issue 15: the check was most of a guarded request's cost).
 *
 * What a hit skips is exactly what the SDK's stateless check does: parse the JWT, verify its signature against the
 * cached JWKS, check its structure and expiry. Everything after that still runs on every request: the SDK's claim
 * validators (email verification, roles, two-factor) and their refetches, the anti-CSRF comparison, the front token
 * and cookies (attachToRequestResponse). A hit gives a new Session object of the SDK's own class, built from the
 * first verification's fields the way the SDK's getSession builds it, so getUserId(), the claims and
 * mergeIntoAccessTokenPayload behave as on a miss, and nothing one request does to its session reaches another:
 * its payload is a new object whose values (claims, arrays) are the stored ones, frozen. The SDK and this app
 * replace a payload's values rather than change them in place (a claim update builds a new payload), so sharing
 * them is safe, and freezing them makes any code that tried fail loudly instead of reaching other requests. A deep
 * copy per hit (structuredClone) was a third of the guard's cost.
 *
 * Bounds:
 * - never for `checkDatabase` (the admin area, the dashboard, the two-factor pages): those ask the core every time;
 * - never past the token's own `exp`, and at most `maxAgeMs` (10 s) after the verification. A token's claims are
 *   signed and cannot change, so a longer age would not serve older claims than the SDK itself reads from the same
 *   token; the short age bounds the memory and how long a signing key that left the core's JWKS still counts
 *   here (the SDK's own JWKS cache keeps keys for `jwksRefreshIntervalSec`, 4 h by default). 10 s covers a page and
 *   the requests it makes;
 * - at most `maxEntries` (10 000) tokens, least recently used first out;
 * - keyed by the token itself: the entry keeps the token anyway (the Session it rebuilds holds it), and a Map
 *   lookup by string costs less than hashing it (a SHA-256 per request was a tenth of the guard's cost);
 * - not for a token's first use after a refresh (the SDK asks the core then), nor when the SDK answered with a new
 *   token; a request that wants an anti-CSRF check (not a GET) is a hit only when the token carries the value and
 *   the request's matches it;
 * - a session whose claims or tokens change in this process (mergeIntoAccessTokenPayload, setClaimValue,
 *   fetchAndSetClaim, removeClaim, a regenerated token) or that is revoked here loses its entries at once. A
 *   revocation in another process is seen as the SDK sees it without a cache: at `checkDatabase` routes at once,
 *   elsewhere when the token expires.
 */

import type { SessionContainer } from 'supertokens-node/recipe/session';
import type { RecipeInterface as SessionFunctions } from 'supertokens-node/recipe/session/types';

import { extend } from './override';


export interface VerifiedSessionCacheOptions {
    /** Milliseconds since the epoch; the SDK checks expiry with Date.now(), so production uses that. */
    readonly now?: () => number;
    readonly maxEntries?: number;
    readonly maxAgeMs?: number;
}

/** The fields the SDK's getSession gives its Session constructor (sessionClass.js), read from a verified session. */
interface VerifiedFields {
    readonly helpers: object;
    readonly accessToken: string;
    readonly frontToken: string;
    readonly sessionHandle: string;
    readonly userId: string;
    readonly recipeUserId: object;
    readonly userDataInAccessToken: Record<string, unknown>;
    readonly tenantId: string;
}

/**
 * The fields of a session the SDK verified from the request's token and left as it was (`accessTokenUpdated`
 * false), read through checks rather than a cast: they are the SDK's own, not part of its typed interface, and
 * anything unexpected makes the session uncacheable.
 */
const verifiedFieldsOf = (session: object): VerifiedFields | undefined => {

    const has = (name: string, type: 'string' | 'object') => typeof Reflect.get(session, name) === type && Reflect.get(session, name) !== null;
    if (Reflect.get(session, 'accessTokenUpdated') !== false ||
        !['accessToken', 'frontToken', 'sessionHandle', 'userId', 'tenantId'].every((name) => has(name, 'string')) ||
        !['helpers', 'recipeUserId', 'userDataInAccessToken'].every((name) => has(name, 'object'))) {

        return undefined;
    }

    const read = (name: keyof VerifiedFields) => Reflect.get(session, name);
    return {
        helpers: read('helpers'), accessToken: read('accessToken'), frontToken: read('frontToken'), sessionHandle: read('sessionHandle'),
        userId: read('userId'), recipeUserId: read('recipeUserId'), userDataInAccessToken: read('userDataInAccessToken'), tenantId: read('tenantId')
    };
};

interface Entry {
    readonly fields: VerifiedFields;
    readonly create: new (...args: unknown[]) => SessionContainer;
    readonly expiresAt: number;
}

export const defaultMaxEntries = 10_000;
export const defaultMaxAgeMs = 10_000;


export class VerifiedSessionCache {

    readonly #entries = new Map<string, Entry>();        // insertion order = least recently used first
    readonly #now: () => number;
    readonly #maxEntries: number;
    readonly #maxAgeMs: number;
    hits = 0;
    misses = 0;

    constructor(options: VerifiedSessionCacheOptions = {}) {

        this.#now = options.now ?? Date.now;
        this.#maxEntries = options.maxEntries ?? defaultMaxEntries;
        this.#maxAgeMs = options.maxAgeMs ?? defaultMaxAgeMs;
    }

    get size(): number {

        return this.#entries.size;
    }

    /** A new session for a token verified less than maxAgeMs ago and not yet expired, or undefined. */
    lookup(accessToken: string, antiCsrfToken: string | undefined, antiCsrfCheck: boolean): SessionContainer | undefined {

        const entry = this.#entries.get(accessToken);
        if (entry === undefined) {
            ++this.misses;
            return undefined;
        }

        this.#entries.delete(accessToken);
        if (entry.expiresAt <= this.#now()) {
            ++this.misses;
            return undefined;
        }

        this.#entries.set(accessToken, entry);

        // An anti-CSRF check is the SDK's unless the token carries the value and the request matches it (VIA_TOKEN):
        // a mismatch, or a token without one (refused with VIA_TOKEN, let through otherwise), is a miss.
        const expected = entry.fields.userDataInAccessToken.antiCsrfToken;
        if (antiCsrfCheck && (typeof expected !== 'string' || expected !== antiCsrfToken)) {
            ++this.misses;
            return undefined;
        }

        ++this.hits;
        const { fields } = entry;
        return new entry.create(fields.helpers, fields.accessToken, fields.frontToken, undefined, antiCsrfToken, fields.sessionHandle,
            fields.userId, fields.recipeUserId, { ...fields.userDataInAccessToken }, undefined, false, fields.tenantId);
    }

    /** Remembers a session the SDK has just verified from `accessToken` (nothing when it is not cacheable). */
    store(accessToken: string, session: SessionContainer): void {

        const fields = verifiedFieldsOf(session);
        const payload = fields?.userDataInAccessToken;
        if (!fields ||
            fields.accessToken !== accessToken ||
            typeof payload?.exp !== 'number' ||
            (payload.parentRefreshTokenHash1 !== undefined && payload.parentRefreshTokenHash1 !== null)) {

            return;
        }

        const now = this.#now();
        const expiresAt = Math.min(payload.exp * 1000, now + this.#maxAgeMs);
        if (expiresAt <= now) {
            return;
        }

        this.#entries.delete(accessToken);
        this.#entries.set(accessToken, {
            fields: {
                helpers: fields.helpers, accessToken, frontToken: fields.frontToken, sessionHandle: fields.sessionHandle, userId: fields.userId,
                recipeUserId: fields.recipeUserId, userDataInAccessToken: deepFrozen(structuredClone(payload)), tenantId: fields.tenantId
            },
            create: Object.getPrototypeOf(session).constructor,
            expiresAt
        });

        if (this.#entries.size > this.#maxEntries) {
            this.#entries.delete(this.#entries.keys().next().value!);
        }
    }

    /** Drops every entry of these sessions (a linear scan: claim changes and revocations are rare next to reads). */
    forgetSessions(handles: Iterable<string | undefined>): void {

        const gone = new Set(handles);
        if (gone.size === 0) {
            return;
        }

        for (const [key, entry] of this.#entries) {
            if (gone.has(entry.fields.sessionHandle)) {
                this.#entries.delete(key);
            }
        }
    }

    forgetToken(accessToken: string): void {

        this.#entries.delete(accessToken);
    }

    clear(): void {

        this.#entries.clear();
    }
}


/** `value`, with every object and array in it frozen (a token's payload: plain JSON, no cycles). */
const deepFrozen = <T>(value: T): T => {

    if (typeof value === 'object' && value !== null) {
        Object.values(value).forEach(deepFrozen);
        Object.freeze(value);
    }

    return value;
};


/** The session handle inside an access token, read without verifying it (only to drop cache entries). */
export const handleOfToken = (accessToken: string): string | undefined => {

    try {
        const handle = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString('utf8')).sessionHandle;
        return typeof handle === 'string' ? handle : undefined;
    }
    catch {
        return undefined;
    }
};


export const withVerifiedSessionCache = (original: SessionFunctions, cache: VerifiedSessionCache): SessionFunctions => {

    return extend(original, {
        getSession: async (input) => {

            if (input.accessToken === undefined || input.options?.checkDatabase === true) {
                return await original.getSession(input);
            }

            const cached = cache.lookup(input.accessToken, input.antiCsrfToken, input.options?.antiCsrfCheck !== false);
            if (cached !== undefined) {
                return cached;
            }

            const session = await original.getSession(input);
            if (session !== undefined) {
                cache.store(input.accessToken, session);
            }

            return session;
        },
        regenerateAccessToken: async (input) => {

            cache.forgetToken(input.accessToken);
            cache.forgetSessions([handleOfToken(input.accessToken)]);
            return await original.regenerateAccessToken(input);
        },
        mergeIntoAccessTokenPayload: async (input) => {

            cache.forgetSessions([input.sessionHandle]);
            return await original.mergeIntoAccessTokenPayload(input);
        },
        revokeSession: async (input) => {

            cache.forgetSessions([input.sessionHandle]);
            return await original.revokeSession(input);
        },
        revokeMultipleSessions: async (input) => {

            cache.forgetSessions(input.sessionHandles);
            return await original.revokeMultipleSessions(input);
        },
        revokeAllSessionsForUser: async (input) => {

            const revoked = await original.revokeAllSessionsForUser(input);
            cache.forgetSessions(revoked);
            return revoked;
        }
    });
};
