/*
 * A small OpenID Connect provider for tests: a Hapi server on a free loopback port with discovery, an /authorize
 * that signs in a configured test user without asking, /token (authorization code grant, client_secret_post or
 * client_secret_basic, PKCE S256, single-use codes), /userinfo and /jwks. ID tokens are RS256 JWTs signed with a
 * key made at start.
 *
 *     const idp = await startOidcProvider({ user: { sub: 'u1', email: 'dana@example.com', email_verified: true } });
 *     const app = await startTestApp(idp.env());
 *
 * Tests can change `idp.user` between sign-ins and tamper with what it issues through `idp.idTokenClaims` (extra
 * or replaced claims) to check what the app refuses.
 */

import * as Crypto from 'crypto';

import * as Hapi from '@hapi/hapi';


export interface OidcUser {
    sub: string;
    email?: string;
    email_verified?: boolean;
    name?: string;
}

export interface OidcProviderOptions {
    readonly clientId?: string;
    readonly clientSecret?: string;
    readonly user: OidcUser;
    /** Redirect URIs the client may use; any when undefined. */
    readonly redirectUris?: readonly string[];
    /** How long a code can be exchanged, ms. */
    readonly codeLifetimeMs?: number;
}

interface IssuedCode {
    readonly clientId: string;
    readonly redirectUri: string;
    readonly user: OidcUser;
    readonly nonce: string | undefined;
    readonly codeChallenge: string | undefined;
    readonly expiresAt: number;
    used: boolean;
}

export interface OidcProvider {
    readonly issuer: string;
    readonly clientId: string;
    readonly clientSecret: string;
    /** The user /authorize signs in next. */
    user: OidcUser;
    /** Claims merged into the next ID tokens (to tamper with iss, aud, exp, …). */
    idTokenClaims: Record<string, unknown>;
    /** Every /authorize and /token request, for assertions. */
    readonly requests: { path: string; query: Record<string, string>; payload: Record<string, string> }[];
    /** Environment for startTestApp: OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET (and OIDC_ID). */
    env(id?: string): Record<string, string>;
    /** Signs any payload with the provider's key, as an ID token would be. */
    sign(payload: Record<string, unknown>): string;
    stop(): Promise<void>;
}


const base64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

export const startOidcProvider = async (options: OidcProviderOptions): Promise<OidcProvider> => {

    const clientId = options.clientId ?? 'staffgate-test-client';
    const clientSecret = options.clientSecret ?? 'staffgate-test-secret';
    const codeLifetimeMs = options.codeLifetimeMs ?? 60_000;
    const { privateKey, publicKey } = Crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = Crypto.randomBytes(8).toString('hex');
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };
    const codes = new Map<string, IssuedCode>();
    const accessTokens = new Map<string, OidcUser>();

    const server = Hapi.server({ host: '127.0.0.1', port: 0 });
    await server.start();
    const issuer = `http://127.0.0.1:${server.info.port}`;

    const sign = (payload: Record<string, unknown>) => {

        const input = `${base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }))}.${base64url(JSON.stringify(payload))}`;
        return `${input}.${base64url(Crypto.sign('sha256', Buffer.from(input), privateKey))}`;
    };

    const provider: OidcProvider = {
        issuer,
        clientId,
        clientSecret,
        user: options.user,
        idTokenClaims: {},
        requests: [],
        env: (id) => ({ OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret, ...(id ? { OIDC_ID: id } : {}) }),
        sign,
        stop: () => server.stop()
    };

    const record = (request: Hapi.Request) => {

        provider.requests.push({ path: request.path, query: { ...request.query } as Record<string, string>, payload: { ...(request.payload as object ?? {}) } as Record<string, string> });
    };

    const tokenError = (h: Hapi.ResponseToolkit, code: number, error: string, description: string) => {

        return h.response({ error, error_description: description }).code(code).header('cache-control', 'no-store');
    };

    server.route([
        {
            method: 'GET',
            path: '/.well-known/openid-configuration',
            handler: () => ({
                issuer,
                authorization_endpoint: `${issuer}/authorize`,
                token_endpoint: `${issuer}/token`,
                userinfo_endpoint: `${issuer}/userinfo`,
                jwks_uri: `${issuer}/jwks`,
                response_types_supported: ['code'],
                subject_types_supported: ['public'],
                id_token_signing_alg_values_supported: ['RS256'],
                scopes_supported: ['openid', 'email', 'profile'],
                token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
                code_challenge_methods_supported: ['S256'],
                claims_supported: ['sub', 'email', 'email_verified', 'name']
            })
        },
        {
            method: 'GET',
            path: '/jwks',
            handler: () => ({ keys: [jwk] })
        },
        {
            method: 'GET',
            path: '/authorize',
            handler: (request, h) => {

                record(request);
                const query = request.query as Record<string, string | undefined>;
                // A bad client or redirect URI must not redirect anywhere (RFC 6749 §4.1.2.1): an error page.
                if (query.client_id !== clientId) {
                    return h.response('Unknown client').code(400);
                }

                const redirectUri = query.redirect_uri;
                if (!redirectUri || (options.redirectUris && !options.redirectUris.includes(redirectUri))) {
                    return h.response('Unregistered redirect_uri').code(400);
                }

                const back = new URL(redirectUri);
                if (query.state !== undefined) {
                    back.searchParams.set('state', query.state);
                }

                const scopes = (query.scope ?? '').split(' ');
                if (query.response_type !== 'code' || !scopes.includes('openid')) {
                    back.searchParams.set('error', query.response_type !== 'code' ? 'unsupported_response_type' : 'invalid_scope');
                    return h.redirect(back.toString());
                }

                if (query.code_challenge !== undefined && query.code_challenge_method !== 'S256') {
                    back.searchParams.set('error', 'invalid_request');
                    return h.redirect(back.toString());
                }

                const code = Crypto.randomBytes(24).toString('base64url');
                codes.set(code, {
                    clientId,
                    redirectUri,
                    user: { ...provider.user },
                    nonce: query.nonce,
                    codeChallenge: query.code_challenge,
                    expiresAt: Date.now() + codeLifetimeMs,
                    used: false
                });

                back.searchParams.set('code', code);
                return h.redirect(back.toString());
            }
        },
        {
            method: 'POST',
            path: '/token',
            handler: (request, h) => {

                record(request);
                const body = (request.payload ?? {}) as Record<string, string | undefined>;
                let id = body.client_id;
                let secret = body.client_secret;
                const basic = /^Basic (.+)$/i.exec(String(request.headers.authorization ?? ''));
                if (basic) {
                    [id, secret] = Buffer.from(basic[1]!, 'base64').toString().split(':').map(decodeURIComponent) as [string, string];
                }

                if (id !== clientId || secret !== clientSecret) {
                    return tokenError(h, 401, 'invalid_client', 'Client authentication failed');
                }

                if (body.grant_type !== 'authorization_code') {
                    return tokenError(h, 400, 'unsupported_grant_type', 'Only authorization_code');
                }

                const issued = codes.get(body.code ?? '');
                if (!issued || issued.used || issued.expiresAt < Date.now()) {
                    return tokenError(h, 400, 'invalid_grant', issued?.used ? 'Code already used' : 'Unknown or expired code');
                }

                issued.used = true;                                         // single use, whatever happens next
                if (issued.clientId !== id || issued.redirectUri !== body.redirect_uri) {
                    return tokenError(h, 400, 'invalid_grant', 'redirect_uri does not match the authorization request');
                }

                if (issued.codeChallenge !== undefined) {
                    const verifier = body.code_verifier ?? '';
                    if (base64url(Crypto.createHash('sha256').update(verifier).digest()) !== issued.codeChallenge) {
                        return tokenError(h, 400, 'invalid_grant', 'PKCE verification failed');
                    }
                }

                const accessToken = Crypto.randomBytes(24).toString('base64url');
                accessTokens.set(accessToken, issued.user);
                const now = Math.floor(Date.now() / 1000);
                const idToken = sign({
                    iss: issuer,
                    aud: clientId,
                    sub: issued.user.sub,
                    ...(issued.user.email === undefined ? {} : { email: issued.user.email }),
                    ...(issued.user.email_verified === undefined ? {} : { email_verified: issued.user.email_verified }),
                    ...(issued.user.name === undefined ? {} : { name: issued.user.name }),
                    iat: now,
                    exp: now + 300,
                    ...(issued.nonce === undefined ? {} : { nonce: issued.nonce }),
                    ...provider.idTokenClaims
                });

                return h.response({ access_token: accessToken, token_type: 'Bearer', expires_in: 3600, scope: 'openid email profile', id_token: idToken })
                    .header('cache-control', 'no-store');
            }
        },
        {
            method: ['GET', 'POST'],
            path: '/userinfo',
            handler: (request, h) => {

                const bearer = /^Bearer (.+)$/i.exec(String(request.headers.authorization ?? ''));
                const user = bearer ? accessTokens.get(bearer[1]!) : undefined;
                if (!user) {
                    return h.response({ error: 'invalid_token' }).code(401).header('www-authenticate', 'Bearer error="invalid_token"');
                }

                return user;
            }
        }
    ]);

    return provider;
};
