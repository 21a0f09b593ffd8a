/*
 * Failed sign-in lockout (a Staffgate extension). Each sign-in attempt on a known account first claims a slot with
 * one atomic statement (storage/LockoutStore.claimAttempt), so that however many attempts race, in one process or
 * many, at most `threshold` passwords are checked before the account locks. A locked account answers exactly like
 * a wrong password, after the same hashing work. The wait doubles with every failure past the threshold, from
 * 30 s up to `maxWait`; a success or an admin clears the counter, and so does `resetAfter` of quiet.
 */

import type { CoreSettings } from '../../config';
import type { LockoutPolicy, LockoutState, LockoutStore } from '../storage';
import type { AuditTrail } from './audit';
import type { Caller } from './caller';
import type { Clock } from './clock';


const firstWaitMs = 30_000;

export class Lockouts {

    readonly #appId: string;
    readonly #store: LockoutStore;
    readonly #clock: Clock;
    readonly #audit: AuditTrail;
    readonly policy: LockoutPolicy;

    constructor(appId: string, store: LockoutStore, clock: Clock, settings: Pick<CoreSettings, 'lockoutThreshold' | 'lockoutMaxSeconds' | 'lockoutResetSeconds'>, audit: AuditTrail) {

        this.#appId = appId;
        this.#store = store;
        this.#clock = clock;
        this.#audit = audit;
        this.policy = {
            threshold: settings.lockoutThreshold,
            maxWait: settings.lockoutMaxSeconds * 1000,
            resetAfter: settings.lockoutResetSeconds * 1000
        };
    }

    /** False when the account is locked: the attempt must then fail without looking at the password. */
    claimAttempt(userId: string): Promise<boolean> {

        return this.#store.claimAttempt(this.#appId, userId, this.#clock(), this.policy);
    }

    /** After a wrong password: locks the account once the counter has reached the threshold. */
    async recordFailure(userId: string): Promise<void> {

        const state = await this.#store.getState(this.#appId, userId);
        if (state && state.failures >= this.policy.threshold) {
            const wait = Math.min(this.policy.maxWait, Math.min(firstWaitMs, this.policy.maxWait) * 2 ** (state.failures - this.policy.threshold));
            await this.#store.lockUntil(this.#appId, userId, state.failures, this.#clock() + wait);
        }
    }

    clear(userId: string): Promise<void> {

        return this.#store.clear(this.#appId, userId);
    }

    /** An admin's reset of the counter. */
    async reset(caller: Caller, userId: string) {

        await this.clear(userId);
        await this.#audit.record(caller, 'lockout_cleared', userId);
        return { status: 'OK' };
    }

    /** The account's state as admins see it. */
    async describe(userId: string) {

        const state = await this.#store.getState(this.#appId, userId);
        return { status: 'OK', ...describeState(state, this.policy, this.#clock()) };
    }

    async listLocked() {

        const now = this.#clock();
        const states = await this.#store.listLocked(this.#appId, now, this.policy.threshold);
        return { status: 'OK', accounts: states.map((state) => ({ userId: state.userId, ...describeState(state, this.policy, now) })) };
    }
}


const describeState = (state: LockoutState | undefined, policy: LockoutPolicy, now: number) => {

    if (!state || state.lastFailureAt <= now - policy.resetAfter) {
        return { failures: 0, locked: false };
    }

    const locked = state.failures >= policy.threshold && (state.lockedUntil === undefined || state.lockedUntil > now);
    return {
        failures: state.failures,
        lastFailureAt: state.lastFailureAt,
        locked,
        ...(locked && state.lockedUntil !== undefined ? { lockedUntil: state.lockedUntil } : {})
    };
};
