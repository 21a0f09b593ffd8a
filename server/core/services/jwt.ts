/*
 * JWTs made for the app (`POST /recipe/jwt`, the SDK's `createJWT`), signed with the same keys as access tokens so
 * that they verify through the core's JWKS (cdi-5.4-more.md §3). Unlike access tokens they have no `version`
 * header and no protected claims: the payload may even replace `iss`.
 */

import { signRs256 } from './access-tokens';
import type { Clock } from './clock';
import type { Jwk, SigningKeys } from './signing-keys';


export interface JwtRequest {
    readonly payload: Record<string, unknown>;
    /** Seconds, > 0. */
    readonly validitySeconds: number;
    readonly useStaticSigningKey: boolean;
    /** Upper-cased by the caller; only RS256 is supported. */
    readonly algorithm: string;
    /** The default `iss`. */
    readonly jwksDomain: string;
}


export class Jwts {

    readonly #keys: SigningKeys;
    readonly #clock: Clock;

    constructor(keys: SigningKeys, clock: Clock) {

        this.#keys = keys;
        this.#clock = clock;
    }

    async create(request: JwtRequest): Promise<{ status: 'OK'; jwt: string } | { status: 'UNSUPPORTED_ALGORITHM_ERROR' }> {

        if (request.algorithm !== 'RS256') {
            return { status: 'UNSUPPORTED_ALGORITHM_ERROR' };
        }

        const key = await this.#keys.signingKey(request.useStaticSigningKey);
        const now = this.#clock();
        const claims = {
            iss: request.jwksDomain,
            iat: Math.floor(now / 1000),
            exp: Math.floor((now + request.validitySeconds * 1000) / 1000),
            ...request.payload
        };

        return { status: 'OK', jwt: signRs256(key, { alg: 'RS256', typ: 'JWT', kid: key.kid }, claims) };
    }

    /** The keys of the JWKS, for the API-key protected `GET /recipe/jwt/jwks`. */
    async jwks(): Promise<{ status: 'OK'; keys: Jwk[] }> {

        return { status: 'OK', keys: (await this.#keys.jwks()).keys };
    }
}
