/*
 * Why a sign-in with the right password failed (a Staffgate extension), so the web app can tell a staff member
 * what to do: the account is banned, or locked until a time. The core's sign-in answers WRONG_CREDENTIALS_ERROR in
 * every case (the CDI has nothing else, and the SDK passes nothing else on); the web app asks this after one.
 *
 * A state is told only to whoever gives the account's password: with a wrong one, or for an unknown email, the
 * answer is `none`, after the same hashing work. While an account is locked, a password is checked at most once
 * per lock in each core process: otherwise this question would let anyone go on guessing during the lock, which is
 * what the lockout stops. The first question about a lock comes from the sign-in that caused it (its wrong
 * password already checked), so the one check is the next attempt's.
 */

import type { Storage } from '../storage';
import type { Clock } from './clock';
import type { Lockouts } from './lockouts';
import type { PasswordHasher } from './passwords';
import { findPasswordAccount } from './users';


export type AccountState = { status: 'OK'; state: 'none' | 'banned' } | { status: 'OK'; state: 'locked'; lockedUntil?: number };

export class AccountStates {

    /** userId → the lock (its end) and how many questions about it came. */
    readonly #locks = new Map<string, { until: number | undefined; questions: number }>();

    readonly #appId: string;
    readonly #storage: Storage;
    readonly #hasher: PasswordHasher;
    readonly #lockouts: Lockouts;
    readonly #clock: Clock;

    constructor(appId: string, storage: Storage, hasher: PasswordHasher, lockouts: Lockouts, clock: Clock) {

        this.#appId = appId;
        this.#storage = storage;
        this.#hasher = hasher;
        this.#lockouts = lockouts;
        this.#clock = clock;
    }

    async ofSignIn(tenantId: string, rawEmail: string, password: string): Promise<AccountState> {

        const none = { status: 'OK', state: 'none' } as const;
        const account = await findPasswordAccount(this.#storage, this.#appId, tenantId, rawEmail);
        if (!account) {
            await this.#hasher.verifyDummy(password);
            return none;
        }

        const { userId, hash } = account;

        const lock = await this.#lockouts.describe(userId);
        const lockedUntil = 'lockedUntil' in lock ? lock.lockedUntil : undefined;
        if (lock.locked) {
            this.#forgetEndedLocks();
            const seen = this.#locks.get(userId);
            const questions = seen && seen.until === lockedUntil ? seen.questions + 1 : 1;
            this.#locks.set(userId, { until: lockedUntil, questions });
            if (questions !== 2) {
                await this.#hasher.verifyDummy(password);
                return none;
            }

            return await this.#hasher.verify(hash, password) ? { status: 'OK', state: 'locked', ...(lockedUntil ? { lockedUntil } : {}) } : none;
        }

        if (await this.#storage.bans.getBan(this.#appId, userId)) {
            return await this.#hasher.verify(hash, password) ? { status: 'OK', state: 'banned' } : none;
        }

        await this.#hasher.verifyDummy(password);
        return none;
    }

    #forgetEndedLocks(): void {

        const now = this.#clock();
        for (const [userId, { until }] of this.#locks) {
            if (until !== undefined && until <= now) {
                this.#locks.delete(userId);
            }
        }
    }
}
