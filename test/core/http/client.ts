/*
 * A bare CDI client for the HTTP tests: global fetch over a real socket, no SDK, so that the tests see exactly
 * what the core sends (status, headers, body bytes).
 */

import * as Crypto from 'crypto';


export interface Reply {
    readonly status: number;
    readonly headers: Headers;
    readonly contentType: string | null;
    readonly text: string;
    /** The parsed body when the core said it is JSON. */
    readonly json: any;
}

export interface SendOptions {
    /** Sent as JSON. */
    readonly body?: unknown;
    /** Sent as is, instead of `body`. */
    readonly raw?: string | Uint8Array;
    readonly headers?: Record<string, string>;
}


export const send = async (uri: string, method: string, path: string, options: SendOptions = {}): Promise<Reply> => {

    const headers: Record<string, string> = { ...options.headers };
    let body: string | Uint8Array | undefined = options.raw;
    if (body === undefined && options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json; charset=utf-8';
    }

    const res = await fetch(`${uri}${path}`, { method, headers, body });
    const text = await res.text();
    const contentType = res.headers.get('content-type');
    return {
        status: res.status,
        headers: res.headers,
        contentType,
        text,
        json: contentType?.startsWith('application/json') ? JSON.parse(text) : undefined
    };
};

export const get = (uri: string, path: string, headers?: Record<string, string>) => send(uri, 'GET', path, { headers });

export const post = (uri: string, path: string, body: unknown, headers?: Record<string, string>) => send(uri, 'POST', path, { body, headers });

export const put = (uri: string, path: string, body: unknown, headers?: Record<string, string>) => send(uri, 'PUT', path, { body, headers });


/** Signs a user up through the CDI; returns the user object. */
export const signUp = async (uri: string, email: string, password = 'correct horse 1', headers?: Record<string, string>) => {

    const res = await post(uri, '/public/recipe/signup', { email, password }, headers);
    if (res.json?.status !== 'OK') {
        throw new Error(`sign-up of ${email} failed: ${res.status} ${res.text}`);
    }

    return res.json.user;
};

export interface SessionOptions {
    readonly userDataInJWT?: Record<string, unknown>;
    readonly userDataInDatabase?: Record<string, unknown>;
    readonly useDynamicSigningKey?: boolean;
    readonly enableAntiCsrf?: boolean;
}

/** The body the SDK sends to create a session. */
export const sessionBody = (userId: string, options: SessionOptions = {}) => ({
    userId,
    userDataInJWT: options.userDataInJWT ?? { iss: 'http://localhost:3000/auth' },
    userDataInDatabase: options.userDataInDatabase ?? {},
    useDynamicSigningKey: options.useDynamicSigningKey ?? true,
    enableAntiCsrf: options.enableAntiCsrf ?? false
});

/** Creates a session through the CDI; returns the whole OK response. */
export const createSession = async (uri: string, userId: string, options: SessionOptions = {}) => {

    const res = await post(uri, '/public/recipe/session', sessionBody(userId, options));
    if (res.json?.status !== 'OK') {
        throw new Error(`session create failed: ${res.status} ${res.text}`);
    }

    return res.json;
};

/** POST /recipe/session/verify as the SDK sends it without anti-CSRF. */
export const verifyAccessToken = async (uri: string, accessToken: string, checkDatabase = false) => {

    const res = await post(uri, '/recipe/session/verify', { accessToken, doAntiCsrfCheck: false, enableAntiCsrf: false, checkDatabase });
    return res.json;
};

export const refreshSession = async (uri: string, refreshToken: string) => {

    const res = await post(uri, '/recipe/session/refresh', { refreshToken, enableAntiCsrf: false, useDynamicSigningKey: true });
    return res.json;
};

/** The users of the public tenant. */
export const countUsers = async (uri: string, headers?: Record<string, string>): Promise<number> => {

    const res = await get(uri, '/public/users/count', headers);
    return res.json.count;
};

/** The live session handles of a user. */
export const sessionHandles = async (uri: string, userId: string): Promise<string[]> => {

    const res = await get(uri, `/recipe/session/user?userId=${encodeURIComponent(userId)}`);
    return res.json.sessionHandles;
};


export interface DecodedJwt {
    readonly header: Record<string, any>;
    readonly payload: Record<string, any>;
    readonly signature: string;
}

export const decodeJwt = (token: string): DecodedJwt => {

    const [header, payload, signature] = token.split('.') as [string, string, string];
    return {
        header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')),
        payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')),
        signature
    };
};

export const encodeJwtPart = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT with the given header and payload, signed by `sign` over "<header>.<payload>". */
export const makeJwt = (header: object, payload: object, sign: (input: Buffer) => Buffer = () => Buffer.alloc(0)): string => {

    const input = `${encodeJwtPart(header)}.${encodeJwtPart(payload)}`;
    return `${input}.${sign(Buffer.from(input)).toString('base64url')}`;
};

export const sha256Hex = (value: string): string => Crypto.createHash('sha256').update(value, 'utf8').digest('hex');

/** Changes one character in the middle of a string (where every bit of a base64url character counts). */
export const flipMiddle = (value: string): string => {

    const at = Math.floor(value.length / 2);
    const replacement = value[at] === 'A' ? 'B' : 'A';
    return `${value.slice(0, at)}${replacement}${value.slice(at + 1)}`;
};
