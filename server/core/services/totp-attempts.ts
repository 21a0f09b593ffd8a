/*
 * The rule on one TOTP attempt (official core `Totp.checkAndStoreCode`), as a pure function of the user's stored
 * state: the storage runs it inside the transaction that locks the user, so racing attempts are ruled on one at a
 * time and at most `maxAttempts` wrong codes are checked per cooldown.
 *
 * - The streak is the run of invalid codes at the head of the newest `maxAttempts` used codes; `k` counts those
 *   made less than `cooldown` before the newest of them. At `k == maxAttempts` the user is limited until
 *   `cooldown` after that newest failure: nothing is stored, and a correct code is refused too.
 * - A code that matches is still refused (and stored as invalid) when the same string was accepted before and its
 *   used-code row has not expired: a code works once per window, on any of the user's devices.
 * - A code longer than 8 characters is refused without being stored or counted.
 */

import type { TotpCheckDecision, TotpDeviceRecord, UsedTotpCode } from '../storage';
import { matchesTotp, replayWindow } from './totp-codes';


export interface AttemptPolicy {
    readonly maxAttempts: number;
    /** ms. */
    readonly cooldown: number;
}

export type AttemptOutcome =
    | { readonly status: 'OK'; readonly device: TotpDeviceRecord }
    | { readonly status: 'INVALID_TOTP_ERROR'; readonly currentNumberOfFailedAttempts: number; readonly maxNumberOfFailedAttempts: number }
    | { readonly status: 'LIMIT_REACHED_ERROR'; readonly retryAfterMs: number; readonly currentNumberOfFailedAttempts: number; readonly maxNumberOfFailedAttempts: number };

/** Longer codes are refused without being stored or counted. */
export const maxStoredCodeLength = 8;


export const decideAttempt = (input: { devices: readonly TotpDeviceRecord[]; usedCodes: readonly UsedTotpCode[]; code: string; now: number; policy: AttemptPolicy }): TotpCheckDecision<AttemptOutcome> => {

    const { devices, usedCodes, code, now, policy } = input;
    const max = policy.maxAttempts;

    const streak: UsedTotpCode[] = [];
    for (const used of usedCodes.slice(0, max)) {
        if (used.isValid) {
            break;
        }

        streak.push(used);
    }

    const newest = streak[0];
    let failures = newest ? streak.filter((used) => newest.createdAt - used.createdAt < policy.cooldown).length : 0;
    if (newest && failures === max) {
        const since = now - newest.createdAt;
        if (since < policy.cooldown) {
            return { result: { status: 'LIMIT_REACHED_ERROR', retryAfterMs: policy.cooldown - since, currentNumberOfFailedAttempts: max, maxNumberOfFailedAttempts: max } };
        }

        failures = 0;
    }

    const invalid = { status: 'INVALID_TOTP_ERROR' as const, currentNumberOfFailedAttempts: failures + 1, maxNumberOfFailedAttempts: max };
    if (code.length > maxStoredCodeLength) {
        return { result: invalid };
    }

    const matched = devices.find((device) => matchesTotp(device, code, now));
    const replayed = usedCodes.some((used) => used.isValid && used.code === code && used.expiresAt > now);
    if (matched && !replayed) {
        return {
            record: { code, isValid: true, createdAt: now, expiresAt: now + replayWindow(matched) },
            acceptedDevice: matched.name,
            result: { status: 'OK', device: matched }
        };
    }

    const window = Math.max(0, ...devices.map(replayWindow));
    return { record: { code, isValid: false, createdAt: now, expiresAt: now + window }, result: invalid };
};
