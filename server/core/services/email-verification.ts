/*
 * Email verification: the set of verified (user, email) pairs is app-wide; tokens are per tenant, stored as
 * SHA-256 hashes, single use (consuming one deletes every token of that user and email), and expire after
 * CORE_EMAIL_VERIFICATION_TOKEN_LIFETIME. As the official core, no endpoint checks that the user exists.
 */

import type { Storage } from '../storage';
import type { Clock } from './clock';
import { randomToken, sha256Hex } from './crypto';
import { normaliseEmail } from './users';


export class EmailVerification {

    readonly #appId: string;
    readonly #storage: Storage;
    readonly #clock: Clock;
    readonly #lifetime: number;

    constructor(appId: string, storage: Storage, clock: Clock, tokenLifetimeMs: number) {

        this.#appId = appId;
        this.#storage = storage;
        this.#clock = clock;
        this.#lifetime = tokenLifetimeMs;
    }

    get #store() {

        return this.#storage.emailVerification;
    }

    async createToken(tenantId: string, userId: string, rawEmail: string) {

        const email = normaliseEmail(rawEmail);
        if (await this.#store.isVerified(this.#appId, userId, email)) {
            return { status: 'EMAIL_ALREADY_VERIFIED_ERROR' };
        }

        const token = randomToken(64);
        await this.#store.createToken({ appId: this.#appId, tenantId, userId, email, tokenHash: sha256Hex(token), expiresAt: this.#clock() + this.#lifetime });
        return { status: 'OK', token };
    }

    async verify(tenantId: string, token: string) {

        const consumed = await this.#store.consumeToken(this.#appId, tenantId, sha256Hex(token));
        if (!consumed || consumed.expiresAt <= this.#clock()) {
            return { status: 'EMAIL_VERIFICATION_INVALID_TOKEN_ERROR' };
        }

        await this.#store.setVerified(this.#appId, consumed.userId, consumed.email);
        return { status: 'OK', userId: consumed.userId, email: consumed.email };
    }

    async isVerified(userId: string, rawEmail: string) {

        return { status: 'OK', isVerified: await this.#store.isVerified(this.#appId, userId, normaliseEmail(rawEmail)) };
    }

    async unverify(userId: string, rawEmail: string) {

        await this.#store.unsetVerified(this.#appId, userId, normaliseEmail(rawEmail));
        return { status: 'OK' };
    }

    async revokeTokens(tenantId: string, userId: string, rawEmail: string) {

        await this.#store.revokeTokens(this.#appId, tenantId, userId, normaliseEmail(rawEmail));
        return { status: 'OK' };
    }
}
