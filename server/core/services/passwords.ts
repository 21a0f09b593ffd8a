/*
 * Password hashing. Argon2id (OWASP's m=19 MiB, t=2, p=1) by default, bcrypt when configured. Stored hashes are
 * self-describing ($argon2id$…, $bcrypt-sha256$v=1$2b$…, and the plain $2b$/$2a$/$2y$ of older bcrypt hashes), so a
 * hash keeps verifying after the algorithm or its cost changes, and it is upgraded to the current settings at the
 * next successful sign-in.
 *
 * bcrypt reads only the first 72 bytes of its input, so two passwords sharing those bytes would match the same
 * hash. New bcrypt hashes are therefore made from base64(HMAC-SHA-256(password)) (44 bytes) and marked
 * `$bcrypt-sha256$v=1` in front of the bcrypt string. The HMAC key is a fixed label, not a secret: it only makes
 * the pre-hash differ from a plain SHA-256 of the password that could have leaked elsewhere ("hash shucking").
 * Plain bcrypt hashes from before keep verifying as they are and are replaced at the next sign-in.
 *
 * Both libraries (@node-rs, prebuilt binaries) hash on libuv's thread pool, never on the event loop. At most
 * `hashingConcurrency` hashes run at once in the process (see below); the rest wait in arrival order.
 *
 * Timing: a sign-in for an unknown email verifies the password against a dummy hash made with the current
 * settings, so it costs the same as a wrong password and response times do not reveal which emails exist.
 */

import * as Crypto from 'crypto';
import * as Os from 'os';

import Argon2 from '@node-rs/argon2';
import Bcrypt from '@node-rs/bcrypt';

import type { CoreSettings } from '../../config';
import { ConcurrencyLimit } from './concurrency-limit';
import { randomToken } from './crypto';


export type HashingSettings = Pick<CoreSettings, 'passwordHashingAlg' | 'argon2Iterations' | 'argon2MemoryKb' | 'argon2Parallelism' | 'bcryptLogRounds'>;


/*
 * One hash per CPU, and never more than libuv's default pool has threads less one: more in flight only makes each
 * take longer (they share the cores) while requests behind them wait, and a pool filled with hashes would stall
 * the file and DNS work that shares it. Process-wide, since the cores are.
 */
const libuvDefaultPoolSize = 4;
export const hashingConcurrency = Math.max(1, Math.min(Os.availableParallelism(), libuvDefaultPoolSize - 1));
const hashingSlots = new ConcurrencyLimit(hashingConcurrency);

const prehashedBcrypt = '$bcrypt-sha256$v=1';
const prehashKey = 'staffgate bcrypt-sha256 v1';
const bcryptPattern = /^\$2[aby]\$(\d\d)\$/;


export class PasswordHasher {

    readonly #settings: HashingSettings;
    #dummyHash: Promise<string> | undefined;

    constructor(settings: HashingSettings) {

        this.#settings = settings;
    }

    get #argon2Options(): Argon2.Options {

        return {
            algorithm: Argon2.Algorithm.Argon2id,
            memoryCost: this.#settings.argon2MemoryKb,
            timeCost: this.#settings.argon2Iterations,
            parallelism: this.#settings.argon2Parallelism
        };
    }

    hash(password: string): Promise<string> {

        return hashingSlots.run(async () => {

            if (this.#settings.passwordHashingAlg === 'BCRYPT') {
                return prehashedBcrypt + await Bcrypt.hash(prehash(password), this.#settings.bcryptLogRounds);
            }

            return Argon2.hash(password, this.#argon2Options);
        });
    }

    /** True when `password` matches `hash`, whichever supported algorithm made it; false for any malformed hash. */
    verify(hash: string, password: string): Promise<boolean> {

        return hashingSlots.run(async () => {

            try {
                if (hash.startsWith(`${prehashedBcrypt}$`)) {
                    return await Bcrypt.verify(prehash(password), hash.slice(prehashedBcrypt.length));
                }

                if (bcryptPattern.test(hash)) {
                    return await Bcrypt.verify(password, hash);
                }

                return await Argon2.verify(hash, password);
            }
            catch {
                return false;
            }
        });
    }

    /** True when `hash` was made with another algorithm, format or cost than the current settings. */
    needsRehash(hash: string): boolean {

        if (this.#settings.passwordHashingAlg === 'BCRYPT') {
            const rounds = hash.startsWith(`${prehashedBcrypt}$`) ? bcryptPattern.exec(hash.slice(prehashedBcrypt.length))?.[1] : undefined;
            return Number(rounds) !== this.#settings.bcryptLogRounds;
        }

        try {
            const options = Argon2.parseOptions(hash);
            return options.algorithm !== Argon2.Algorithm.Argon2id ||
                options.version !== Argon2.Version.V0x13 ||
                options.memoryCost !== this.#settings.argon2MemoryKb ||
                options.timeCost !== this.#settings.argon2Iterations ||
                options.parallelism !== this.#settings.argon2Parallelism;
        }
        catch {
            return true;            // bcrypt, or not a hash at all
        }
    }

    /** Spends the work of one verification on nothing (for unknown accounts). */
    async verifyDummy(password: string): Promise<void> {

        this.#dummyHash ??= this.hash(randomToken(16));
        await this.verify(await this.#dummyHash, password);
    }
}


/** What bcrypt is given instead of the password: 44 ASCII bytes whatever the password's length, no NUL. */
const prehash = (password: string): string => Crypto.createHmac('sha256', prehashKey).update(password, 'utf8').digest('base64');
