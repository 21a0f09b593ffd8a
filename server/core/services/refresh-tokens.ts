/*
 * Refresh tokens are opaque to the SDK. Ours are AES-256-GCM sealed JSON: the holder can neither read nor forge
 * them, yet the core recovers the session handle, the parent token's hash and the anti-CSRF token without a
 * lookup. A random nonce makes every token unique. The key is an app secret stored in the database, so every
 * core process sharing it can open every token.
 *
 * The database holds only sha256(sha256(token)) of the current parent token (see sessions.ts).
 */

import * as Crypto from 'crypto';

import type { KeyStore } from '../storage';
import { randomToken } from './crypto';


export interface RefreshTokenContent {
    readonly sessionHandle: string;
    readonly userId: string;
    /** sha256 of the token this one was issued from; null for a session's first token. */
    readonly parentRefreshTokenHash1: string | null;
    readonly antiCsrfToken: string | null;
}

const suffix = '.sg1';
const additionalData = Buffer.from('staffgate refresh token v1');


export class RefreshTokens {

    readonly #appId: string;
    readonly #store: KeyStore;
    #key: Buffer | undefined;

    constructor(appId: string, store: KeyStore) {

        this.#appId = appId;
        this.#store = store;
    }

    async #secret(): Promise<Buffer> {

        if (!this.#key) {
            const value = await this.#store.getOrCreateSecret(this.#appId, 'refresh_token_key', Crypto.randomBytes(32).toString('base64'));
            this.#key = Buffer.from(value, 'base64');
        }

        return this.#key;
    }

    async seal(content: RefreshTokenContent): Promise<string> {

        const iv = Crypto.randomBytes(12);
        const cipher = Crypto.createCipheriv('aes-256-gcm', await this.#secret(), iv);
        cipher.setAAD(additionalData);
        const plain = JSON.stringify({ h: content.sessionHandle, u: content.userId, p: content.parentRefreshTokenHash1, a: content.antiCsrfToken, n: randomToken(16) });
        const sealed = Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
        return sealed.toString('base64url') + suffix;
    }

    /** The token's content, or undefined for anything we did not issue (or that was altered). */
    async open(token: string): Promise<RefreshTokenContent | undefined> {

        if (!token.endsWith(suffix)) {
            return undefined;
        }

        const sealed = Buffer.from(token.slice(0, -suffix.length), 'base64url');
        if (sealed.length < 12 + 16 + 1) {
            return undefined;
        }

        const key = await this.#secret();
        try {
            const decipher = Crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
            decipher.setAAD(additionalData);
            decipher.setAuthTag(sealed.subarray(sealed.length - 16));
            const plain = Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]).toString('utf8');
            const { h, u, p, a } = JSON.parse(plain);
            return { sessionHandle: h, userId: u, parentRefreshTokenHash1: p, antiCsrfToken: a };
        }
        catch {
            return undefined;
        }
    }
}
