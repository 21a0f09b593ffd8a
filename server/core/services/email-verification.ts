/*
 * Email verification: the set of verified (user, email) pairs is app-wide; tokens are per tenant, stored as
 * SHA-256 hashes, single use (consuming one deletes every token of that user and email), and expire after
 * CORE_EMAIL_VERIFICATION_TOKEN_LIFETIME. As the official core, no endpoint checks that the user exists.
 */

import type { Storage } from '../storage';
import type { AuditTrail } from './audit';
import type { Caller } from './caller';
import type { Clock } from './clock';
import { randomToken, sha256Hex } from './crypto';
import { normaliseEmail } from './users';


export class EmailVerification {

    readonly #appId: string;
    readonly #storage: Storage;
    readonly #clock: Clock;
    readonly #lifetime: number;
    readonly #audit: AuditTrail;

    constructor(appId: string, storage: Storage, clock: Clock, tokenLifetimeMs: number, audit: AuditTrail) {

        this.#appId = appId;
        this.#storage = storage;
        this.#clock = clock;
        this.#lifetime = tokenLifetimeMs;
        this.#audit = audit;
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

    async verify(caller: Caller, tenantId: string, token: string) {

        const consumed = await this.#store.consumeToken(this.#appId, tenantId, sha256Hex(token));
        if (!consumed || consumed.expiresAt <= this.#clock()) {
            return { status: 'EMAIL_VERIFICATION_INVALID_TOKEN_ERROR' };
        }

        await this.#store.setVerified(this.#appId, consumed.userId, consumed.email);
        await this.#audit.record(caller, 'email_verified', consumed.userId, { email: consumed.email });
        return { status: 'OK', userId: consumed.userId, email: consumed.email };
    }

    async isVerified(userId: string, rawEmail: string) {

        return { status: 'OK', isVerified: await this.#store.isVerified(this.#appId, userId, normaliseEmail(rawEmail)) };
    }

    async unverify(caller: Caller, userId: string, rawEmail: string) {

        const email = normaliseEmail(rawEmail);
        await this.#store.unsetVerified(this.#appId, userId, email);
        await this.#audit.record(caller, 'email_unverified', userId, { email });
        return { status: 'OK' };
    }

    async revokeTokens(tenantId: string, userId: string, rawEmail: string) {

        await this.#store.revokeTokens(this.#appId, tenantId, userId, normaliseEmail(rawEmail));
        return { status: 'OK' };
    }
}
