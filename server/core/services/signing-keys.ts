/*
 * Access-token signing keys (RS256, RSA-2048), as the official core keeps them:
 *
 * - Dynamic keys (`kid` "d-<created ms>") rotate every `accessTokenDynamicSigningKeyUpdateInterval`. Rotation is
 *   slotted: the key for slot g = floor(now / interval) signs during that slot. Each slot's key is inserted under a
 *   unique (app, kind, generation), so however many core processes share the database, a slot gets one key.
 * - The next slot's key is made `overlap` before its slot starts and is listed in the JWKS from then on, so that
 *   SDKs can see it before the first token it signs reaches them.
 * - A key stays listed (and verifies) until its slot ended plus two access-token lifetimes, then it is deleted.
 * - The static key (`kid` "s-<uuid>") is made on first use and never rotates.
 *
 * Private keys live in the database (they must be shared by every core process); only public parts leave the core.
 */

import * as Crypto from 'crypto';
import { promisify } from 'util';

import type { KeyStore, SigningKeyRecord } from '../storage';
import type { Clock } from './clock';
import { randomUuid } from './crypto';


const generateKeyPair = promisify(Crypto.generateKeyPair);

const maxOverlapMs = 60_000;

export interface SigningKey {
    readonly kid: string;
    readonly privateKey: Crypto.KeyObject;
}

export interface Jwk {
    kty: string;
    kid: string;
    n: string;
    e: string;
    alg: 'RS256';
    use: 'sig';
}

export interface SigningKeysOptions {
    readonly appId: string;
    readonly store: KeyStore;
    readonly clock: Clock;
    /** Rotation interval, hours. */
    readonly updateIntervalHours: number;
    /** Access-token lifetime, seconds. */
    readonly accessTokenValiditySeconds: number;
}


export class SigningKeys {

    readonly #options: SigningKeysOptions;
    readonly #intervalMs: number;
    readonly #overlapMs: number;
    #keys: SigningKeyRecord[] = [];
    #publicKeys = new Map<string, Crypto.KeyObject>();
    #privateKeys = new Map<string, Crypto.KeyObject>();      // parsed once: a PEM parse per token would cost more than signing
    readonly #creating = new Map<string, Promise<void>>();     // one key generation at a time per slot

    constructor(options: SigningKeysOptions) {

        this.#options = options;
        this.#intervalMs = Math.max(1, Math.round(options.updateIntervalHours * 3_600_000));
        this.#overlapMs = Math.min(maxOverlapMs, Math.floor(this.#intervalMs / 2));
    }

    /** The key that signs new tokens: the current slot's dynamic key, or the static key. */
    async signingKey(useStaticKey: boolean): Promise<SigningKey> {

        const record = useStaticKey ? await this.#staticKey() : await this.#currentDynamicKey();
        return { kid: record.keyId, privateKey: this.#privateKeys.get(record.keyId)! };
    }

    /** The public key for a `kid`, reloading from storage once if this process has not seen it yet. */
    async publicKey(kid: string): Promise<Crypto.KeyObject | undefined> {

        if (!this.#publicKeys.has(kid)) {
            await this.#load();
        }

        return this.#publicKeys.get(kid);
    }

    /** Every key that can still verify a token (dynamic ones newest first, then static), and how long to cache them. */
    async jwks(): Promise<{ keys: Jwk[]; maxAgeSeconds: number }> {

        await this.#currentDynamicKey();
        const now = this.#options.clock();
        const listed = this.#keys.filter((key) => key.kind === 'static' || this.#verifiesUntil(key) > now);
        const ordered = [...listed.filter((key) => key.kind === 'dynamic'), ...listed.filter((key) => key.kind === 'static')];
        const keys = ordered.map((key) => toJwk(key.keyId, this.#publicKeys.get(key.keyId)!));

        // Until the next key appears in the JWKS, what a client has cached stays complete.
        const nextAppears = (this.#slot(now) + 1) * this.#intervalMs - this.#overlapMs;
        const untilNext = nextAppears > now ? nextAppears - now : nextAppears + this.#intervalMs - now;
        return { keys, maxAgeSeconds: Math.max(1, Math.floor(untilNext / 1000)) };
    }

    #slot(time: number): number {

        return Math.floor(time / this.#intervalMs);
    }

    #verifiesUntil(key: SigningKeyRecord): number {

        return (key.generation + 1) * this.#intervalMs + 2 * this.#options.accessTokenValiditySeconds * 1000;
    }

    async #currentDynamicKey(): Promise<SigningKeyRecord> {

        const now = this.#options.clock();
        const slot = this.#slot(now);

        let current = this.#find('dynamic', slot);
        if (!current) {
            await this.#load();
            current = this.#find('dynamic', slot);
        }

        if (!current) {
            await this.#create('dynamic', slot);
            current = this.#find('dynamic', slot)!;
        }

        // Make the next slot's key ahead of time, so it is published before it signs.
        if (now >= (slot + 1) * this.#intervalMs - this.#overlapMs && !this.#find('dynamic', slot + 1)) {
            await this.#create('dynamic', slot + 1);
        }

        return current;
    }

    async #staticKey(): Promise<SigningKeyRecord> {

        let key = this.#find('static', 0);
        if (!key) {
            await this.#load();
            key = this.#find('static', 0);
        }

        if (!key) {
            await this.#create('static', 0);
            key = this.#find('static', 0)!;
        }

        return key;
    }

    #find(kind: SigningKeyRecord['kind'], generation: number): SigningKeyRecord | undefined {

        return this.#keys.find((key) => key.kind === kind && key.generation === generation);
    }

    async #create(kind: SigningKeyRecord['kind'], generation: number): Promise<void> {

        const slotId = `${kind}:${generation}`;
        let pending = this.#creating.get(slotId);
        if (!pending) {
            pending = this.#insertNewKey(kind, generation).finally(() => this.#creating.delete(slotId));
            this.#creating.set(slotId, pending);
        }

        await pending;
    }

    async #insertNewKey(kind: SigningKeyRecord['kind'], generation: number): Promise<void> {

        // Another process may have made it already: generating an RSA key costs far more than a read.
        await this.#load();
        if (this.#find(kind, generation)) {
            return;
        }

        const { privateKey } = await generateKeyPair('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
        const createdAt = this.#options.clock();
        const appId = this.#options.appId;
        await this.#options.store.insertSigningKey({
            appId,
            keyId: kind === 'dynamic' ? `d-${createdAt}` : `s-${randomUuid()}`,
            kind,
            algorithm: 'RS256',
            privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
            createdAt,
            generation
        });

        // Keys that can no longer verify anything are dropped when a new one arrives.
        if (kind === 'dynamic') {
            const expiredSlot = generation - 1 - Math.ceil(2 * this.#options.accessTokenValiditySeconds * 1000 / this.#intervalMs);
            await this.#options.store.deleteDynamicKeysCreatedBefore(appId, Math.max(0, expiredSlot - 1) * this.#intervalMs);
        }

        // Whether this process or another one won the slot, read back what is stored.
        await this.#load();
    }

    async #load(): Promise<void> {

        const keys = await this.#options.store.listSigningKeys(this.#options.appId);
        const publicKeys = new Map<string, Crypto.KeyObject>();
        const privateKeys = new Map<string, Crypto.KeyObject>();
        for (const key of keys) {
            const privateKey = this.#privateKeys.get(key.keyId) ?? Crypto.createPrivateKey(key.privateKey);
            privateKeys.set(key.keyId, privateKey);
            publicKeys.set(key.keyId, this.#publicKeys.get(key.keyId) ?? Crypto.createPublicKey(privateKey));
        }

        this.#keys = keys;
        this.#publicKeys = publicKeys;
        this.#privateKeys = privateKeys;
    }
}


const toJwk = (kid: string, publicKey: Crypto.KeyObject): Jwk => {

    const { n, e, kty } = publicKey.export({ format: 'jwk' });
    return { kty: kty!, kid, n: n!, e: e!, alg: 'RS256', use: 'sig' };
};
