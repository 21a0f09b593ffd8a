/*
 * Password hashing. Argon2id (OWASP's m=19 MiB, t=2, p=1) by default, bcrypt when configured. Stored hashes are
 * self-describing ($argon2id$…, $2b$…), so a hash keeps verifying after the algorithm or its cost changes, and it
 * is upgraded to the current settings at the next successful sign-in.
 *
 * Both libraries hash on libuv's thread pool: hashing never blocks the event loop.
 *
 * Timing: a sign-in for an unknown email verifies the password against a dummy hash made with the current
 * settings, so it costs the same as a wrong password and response times do not reveal which emails exist.
 */

import Argon2 from 'argon2';
import Bcrypt from 'bcrypt';

import type { CoreSettings } from '../../config';
import { randomToken } from './crypto';


export type HashingSettings = Pick<CoreSettings, 'passwordHashingAlg' | 'argon2Iterations' | 'argon2MemoryKb' | 'argon2Parallelism' | 'bcryptLogRounds'>;


export class PasswordHasher {

    readonly #settings: HashingSettings;
    #dummyHash: Promise<string> | undefined;

    constructor(settings: HashingSettings) {

        this.#settings = settings;
    }

    get #argon2Options(): Argon2.HashOptions {

        return {
            type: Argon2.argon2id,
            memoryCost: this.#settings.argon2MemoryKb,
            timeCost: this.#settings.argon2Iterations,
            parallelism: this.#settings.argon2Parallelism
        };
    }

    async hash(password: string): Promise<string> {

        if (this.#settings.passwordHashingAlg === 'BCRYPT') {
            return Bcrypt.hash(password, this.#settings.bcryptLogRounds);
        }

        return Argon2.hash(password, this.#argon2Options);
    }

    /** True when `password` matches `hash`, whichever supported algorithm made it; false for any malformed hash. */
    async verify(hash: string, password: string): Promise<boolean> {

        try {
            if (isBcrypt(hash)) {
                return await Bcrypt.compare(password, hash);
            }

            return await Argon2.verify(hash, password);
        }
        catch {
            return false;
        }
    }

    /** True when `hash` was made with another algorithm or cost than the current settings. */
    needsRehash(hash: string): boolean {

        if (this.#settings.passwordHashingAlg === 'BCRYPT') {
            return !isBcrypt(hash) || Bcrypt.getRounds(hash) !== this.#settings.bcryptLogRounds;
        }

        return isBcrypt(hash) || Argon2.needsRehash(hash, this.#argon2Options);
    }

    /** Spends the work of one verification on nothing (for unknown accounts). */
    async verifyDummy(password: string): Promise<void> {

        this.#dummyHash ??= this.hash(randomToken(16));
        await this.verify(await this.#dummyHash, password);
    }
}


const isBcrypt = (hash: string): boolean => /^\$2[aby]\$/.test(hash);
