/*
 * Failed sign-in lockout (a Staffgate extension). Each sign-in attempt on a known account first claims a slot with
 * one atomic statement (storage/LockoutStore.claimAttempt), so that however many attempts race, in one process or
 * many, at most `threshold` passwords are checked before the account locks. A locked account answers exactly like
 * a wrong password, after the same hashing work. The wait doubles with every failure past the threshold, from
 * 30 s up to `maxWait`; a success, a password reset or an admin clears the counter, and so does `resetAfter` of
 * quiet.
 *
 * Threat: an attacker who sends a wrong guess whenever a lock ends holds the owner out for ever. So the lock does
 * not apply to a *trusted source*: a client IP (as the web app reports it) from which the user signed in or reset
 * the password within `trustedFor`. Guessing from a trusted source is capped too: each one has its own counter of
 * failures, and at `threshold` failures it loses its trust (only the password, or the reset email, earns it back).
 * A success from a trusted source leaves the account counter alone, so the owner signing in gives an attacker
 * elsewhere no fresh guesses. Callers that name no source are never trusted (the lock applies as it always did).
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

    /** How long a source stays trusted after a success from it, ms. */
    readonly #trustedFor: number;
    /** Told each time an account locks or its lock grows (the app's metrics). */
    readonly #onLock: ((userId: string) => void) | undefined;

    constructor(appId: string, store: LockoutStore, clock: Clock, settings: Pick<CoreSettings, 'lockoutThreshold' | 'lockoutMaxSeconds' | 'lockoutResetSeconds' | 'lockoutTrustedDays'>, audit: AuditTrail, onLock?: (userId: string) => void) {

        this.#appId = appId;
        this.#store = store;
        this.#clock = clock;
        this.#audit = audit;
        this.policy = {
            threshold: settings.lockoutThreshold,
            maxWait: settings.lockoutMaxSeconds * 1000,
            resetAfter: settings.lockoutResetSeconds * 1000
        };
        this.#trustedFor = settings.lockoutTrustedDays * 86_400_000;
        this.#onLock = onLock;
    }

    /** True when `source` is trusted for the user: the attempt is then counted against the source, not the account. */
    claimTrustedAttempt(userId: string, source: string | undefined): Promise<boolean> {

        if (source === undefined) {
            return Promise.resolve(false);
        }

        return this.#store.claimTrustedAttempt(this.#appId, userId, source, this.#clock() - this.#trustedFor, this.policy.threshold);
    }

    /** After a successful sign-in or password reset from `source`. */
    async trust(userId: string, source: string | undefined): Promise<void> {

        if (source !== undefined) {
            await this.#store.trustSource(this.#appId, userId, source, this.#clock());
        }
    }

    /** False when the account is locked: the attempt must then fail without looking at the password. */
    claimAttempt(userId: string): Promise<boolean> {

        return this.#store.claimAttempt(this.#appId, userId, this.#clock(), this.policy);
    }

    /** After a wrong password: locks the account once the counter has reached the threshold. */
    async recordFailure(userId: string): Promise<void> {

        const state = await this.#store.getState(this.#appId, userId);
        // No state only when an admin reset or a sign-in cleared it since this attempt was claimed (a race).
        if (state && state.failures >= this.policy.threshold) {        // $lab:coverage:ignore$
            const wait = Math.min(this.policy.maxWait, Math.min(firstWaitMs, this.policy.maxWait) * 2 ** (state.failures - this.policy.threshold));
            await this.#store.lockUntil(this.#appId, userId, state.failures, this.#clock() + wait);
            this.#onLock?.(userId);
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

    // At the threshold without an end only between an attempt's claim and its recordFailure (a race).
    const locked = state.failures >= policy.threshold && (state.lockedUntil === undefined || state.lockedUntil > now);     // $lab:coverage:ignore$
    return {
        failures: state.failures,
        lastFailureAt: state.lastFailureAt,
        locked,
        ...(locked && state.lockedUntil !== undefined ? { lockedUntil: state.lockedUntil } : {})
    };
};
