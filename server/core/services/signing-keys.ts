/*
 * Access-token signing keys (RS256, RSA-2048), as the official core keeps them (cdi-5.4-more.md §4):
 *
 * - Dynamic keys (`kid` "d-<created ms>") rotate every interval I, anchored on when the newest key was made: a key
 *   can sign until its creation + I; the next one is made at the first use after creation + I − overlap, so it is
 *   listed in the JWKS before it signs. Nothing rotates on a timer.
 * - Each dynamic key carries a generation, one more than the key it follows, unique per app: however many core
 *   processes share the database and see the same key due, one insert of the next generation wins.
 * - A key stays listed (and verifies) for I plus two access-token lifetimes after its creation, then it is deleted.
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

const maxOverlapMs = 60_000;                              // intervals under 5 min (tests) overlap by a fifth

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
        this.#overlapMs = Math.min(maxOverlapMs, Math.floor(this.#intervalMs / 5));
    }

    /** The key that signs new tokens: the current dynamic key, or the static key. */
    async signingKey(useStaticKey: boolean): Promise<SigningKey> {

        const record = useStaticKey ? await this.#staticKey() : this.#signingDynamicKey(await this.#dynamicKeys());
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

        await this.#load();                                   // keys other processes made (the static one too)
        const dynamic = await this.#dynamicKeys();
        const listed = [...dynamic, ...this.#keys.filter((key) => key.kind === 'static')];
        const keys = listed.map((key) => toJwk(key.keyId, this.#publicKeys.get(key.keyId)!));

        // What a client has cached stays complete until the next key is due to be made.
        const nextDue = dynamic[0]!.createdAt + this.#intervalMs - this.#overlapMs;
        return { keys, maxAgeSeconds: Math.max(1, Math.trunc((nextDue - this.#options.clock()) / 1000)) };
    }

    /** Dynamic keys that can still verify, newest first; makes the next key when the newest one is due. */
    async #dynamicKeys(): Promise<SigningKeyRecord[]> {

        let live = this.#liveDynamicKeys();
        if (this.#nextKeyDue(live)) {
            await this.#load();
            live = this.#liveDynamicKeys();
            if (this.#nextKeyDue(live)) {
                await this.#createNextDynamicKey();
                live = this.#liveDynamicKeys();
            }
        }

        return live;
    }

    #liveDynamicKeys(): SigningKeyRecord[] {

        const oldest = this.#options.clock() - this.#lifetimeMs;
        return this.#keys.filter((key) => key.kind === 'dynamic' && key.createdAt >= oldest).sort((a, b) => b.createdAt - a.createdAt);
    }

    #nextKeyDue(live: readonly SigningKeyRecord[]): boolean {

        return !live.length || this.#options.clock() + this.#overlapMs > live[0]!.createdAt + this.#intervalMs;
    }

    /** A new key signs only once the previous key's interval is over: until then it is just published. */
    #signingDynamicKey(live: readonly SigningKeyRecord[]): SigningKeyRecord {

        const [newest, previous] = live;
        const now = this.#options.clock();
        if (previous && now - newest!.createdAt < this.#overlapMs && now < previous.createdAt + this.#intervalMs) {
            return previous;
        }

        return newest!;
    }

    /** How long a dynamic key verifies: its interval plus two access-token lifetimes. */
    get #lifetimeMs(): number {

        return this.#intervalMs + 2 * this.#options.accessTokenValiditySeconds * 1000;
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

    /** One generation at a time per process; across processes the (app, kind, generation) constraint decides. */
    async #createNextDynamicKey(): Promise<void> {

        const newest = this.#keys.filter((key) => key.kind === 'dynamic').reduce((max, key) => Math.max(max, key.generation), -1);
        await this.#create('dynamic', newest + 1);
    }

    async #create(kind: SigningKeyRecord['kind'], generation: number): Promise<void> {

        const slotId = `${kind}:${generation}`;
        let pending = this.#creating.get(slotId);
        // Already pending only when two requests of this process want the same new key at once (a race).
        if (!pending) {     // $lab:coverage:ignore$
            pending = this.#insertNewKey(kind, generation).finally(() => this.#creating.delete(slotId));
            this.#creating.set(slotId, pending);
        }

        await pending;
    }

    async #insertNewKey(kind: SigningKeyRecord['kind'], generation: number): Promise<void> {

        // Another process may have made it already: generating an RSA key costs far more than a read.
        await this.#load();
        // Only a race reaches the return: another process made the key between our last read and this one.
        // $lab:coverage:off$
        if (this.#find(kind, generation) || (kind === 'dynamic' && !this.#nextKeyDue(this.#liveDynamicKeys()))) {
            return;
        }
        // $lab:coverage:on$

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
            await this.#options.store.deleteDynamicKeysCreatedBefore(appId, createdAt - this.#lifetimeMs);
        }

        // Whether this process or another one won the generation, read back what is stored.
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
