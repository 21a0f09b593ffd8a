/*
 * Access tokens: RS256 JWTs in the CDI's "v5" layout. Protected claims come first and custom claims sit beside
 * them at the top level. `parentRefreshTokenHash1` and `antiCsrfToken` are always present (null when unused),
 * and `iat`/`exp` are whole seconds.
 *
 * Verification accepts only what we issue: alg RS256, typ JWT, version >= 3, a known kid, a valid signature and
 * every protected claim with its type. `alg: none`, HS256 and unknown kids are rejected before any key is used.
 */

import * as Crypto from 'crypto';

import type { SigningKey, SigningKeys } from './signing-keys';


export const protectedClaims = ['sub', 'exp', 'iat', 'sessionHandle', 'refreshTokenHash1', 'parentRefreshTokenHash1', 'antiCsrfToken', 'tId', 'rsub'] as const;

export interface AccessTokenClaims {
    readonly iat: number;
    readonly exp: number;
    readonly sub: string;
    readonly rsub: string;
    readonly tId: string;
    readonly sessionHandle: string;
    readonly refreshTokenHash1: string;
    readonly parentRefreshTokenHash1: string | null;
    readonly antiCsrfToken: string | null;
}

export interface ParsedAccessToken {
    readonly claims: AccessTokenClaims;
    /** Everything that is not a protected claim. */
    readonly custom: Record<string, unknown>;
    readonly kid: string;
}

export type VerifyResult =
    | { readonly ok: true; readonly token: ParsedAccessToken; readonly expired: boolean }
    | { readonly ok: false; readonly reason: string };


/** True when a custom payload tries to set a claim the core owns. */
export const hasProtectedClaim = (payload: Record<string, unknown>): boolean => protectedClaims.some((name) => Object.hasOwn(payload, name));

export const signAccessToken = (key: SigningKey, claims: AccessTokenClaims, custom: Record<string, unknown>): string => {

    return signRs256(key, { alg: 'RS256', typ: 'JWT', version: '5', kid: key.kid }, { ...claims, ...withoutProtectedClaims(custom) });
};

/** An RS256 JWT of `body` with `header`, signed by `key`. */
export const signRs256 = (key: SigningKey, header: object, body: object): string => {

    const signingInput = `${encode(header)}.${encode(body)}`;
    const signature = Crypto.sign('sha256', Buffer.from(signingInput), key.privateKey).toString('base64url');
    return `${signingInput}.${signature}`;
};

/** Checks structure and signature; reports expiry separately so that regenerate can accept expired tokens. */
export const verifyAccessToken = async (token: string, keys: SigningKeys, now: number): Promise<VerifyResult> => {

    const parts = token.split('.');
    if (parts.length !== 3) {
        return { ok: false, reason: 'Invalid JWT' };
    }

    const [encodedHeader, encodedBody, signature] = parts as [string, string, string];
    const header = decode(encodedHeader);
    if (!header || header.alg !== 'RS256' || header.typ !== 'JWT' || typeof header.kid !== 'string') {
        return { ok: false, reason: 'JWT header mismatch' };
    }

    // No version header is version 3, as in the SDK: tokens made by createJWT (with session claims) verify too.
    const version = typeof header.version === 'string' ? Number.parseInt(header.version, 10) : header.version === undefined ? 3 : NaN;
    if (!(version >= 3)) {
        return { ok: false, reason: 'Unsupported access token version' };
    }

    const publicKey = await keys.publicKey(header.kid);
    if (!publicKey) {
        return { ok: false, reason: 'Access token signed with an unknown key' };
    }

    const signed = Crypto.verify('sha256', Buffer.from(`${encodedHeader}.${encodedBody}`), publicKey, Buffer.from(signature, 'base64url'));
    if (!signed) {
        return { ok: false, reason: 'Invalid JWT signature' };
    }

    const body = decode(encodedBody);
    if (!body || !hasClaimTypes(body)) {
        return { ok: false, reason: 'Access token does not contain all the necessary information' };
    }

    const { iat, exp, sub, rsub, tId, sessionHandle, refreshTokenHash1, parentRefreshTokenHash1, antiCsrfToken } = body;
    const claims: AccessTokenClaims = { iat, exp, sub, rsub, tId, sessionHandle, refreshTokenHash1, parentRefreshTokenHash1, antiCsrfToken };
    return {
        ok: true,
        token: { claims, custom: withoutProtectedClaims(body), kid: header.kid },
        expired: exp * 1000 <= now
    };
};

export const withoutProtectedClaims = (payload: Record<string, unknown>): Record<string, unknown> => {

    const custom = { ...payload };
    for (const name of protectedClaims) {
        delete custom[name];
    }

    return custom;
};


const hasClaimTypes = (body: Record<string, any>): body is AccessTokenClaims & Record<string, unknown> => {

    return typeof body.sub === 'string' &&
        typeof body.rsub === 'string' &&
        typeof body.tId === 'string' &&
        typeof body.sessionHandle === 'string' &&
        typeof body.refreshTokenHash1 === 'string' &&
        Number.isInteger(body.iat) &&
        Number.isInteger(body.exp) &&
        (body.parentRefreshTokenHash1 === null || typeof body.parentRefreshTokenHash1 === 'string') &&
        (body.antiCsrfToken === null || typeof body.antiCsrfToken === 'string');
};

const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

const decode = (part: string): Record<string, any> | undefined => {

    try {
        const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
        return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
    }
    catch {
        return undefined;
    }
};
