/*
 * TOTP devices and code checks (CDI `rid: totp`, official core 11.4 semantics; shared/docs/cdi-5.4-more.md §1).
 *
 * Threat model: an attacker who knows the password tries codes. Invariants: a secret leaves the core only in the
 * answer to the call that created it; at most `maxAttempts` wrong codes are checked per user and tenant before a
 * cooldown (the count is taken and the attempt stored under one per-user lock, see totp-attempts.ts); a code that
 * worked once does not work again within its window; a device becomes verified only by a correct code.
 * `userId` is any string, as in the official core: the caller (the SDK) decides whose devices these are.
 */

import type { TotpDeviceRecord, TotpStore } from '../storage';
import type { AuditTrail } from './audit';
import type { Caller } from './caller';
import type { Clock } from './clock';
import { InvalidInputError, nonEmpty } from './errors';
import { decideAttempt, maxStoredCodeLength, type AttemptOutcome, type AttemptPolicy } from './totp-attempts';
import { newTotpSecret } from './totp-codes';


export interface TotpOptions {
    readonly appId: string;
    readonly store: TotpStore;
    readonly clock: Clock;
    readonly audit: AuditTrail;
    /** Wrong codes in a row before the cooldown. */
    readonly maxAttempts: number;
    /** Seconds. */
    readonly cooldownSeconds: number;
}

export interface NewDevice {
    readonly userId: string;
    readonly deviceName?: string;
    readonly skew: number;
    readonly period: number;
}

type CheckFailure = Exclude<AttemptOutcome, { status: 'OK' }>;

/** Any answer of a code check. */
type CheckAnswer = CheckFailure | { status: 'OK' | 'UNKNOWN_DEVICE_ERROR' | 'UNKNOWN_USER_ID_ERROR' };

// The upper bounds are ours (a code check computes 2·skew+1 codes per device); the texts are the official core's.
const maxSkew = 100;
const maxPeriod = 86_400;

const withinBounds = (name: string, value: number, min: number, max: number): number => {

    if (value < min) {
        throw new InvalidInputError(min === 0 ? `${name} must be >= 0` : `${name} must be > 0`);
    }

    if (value > max) {
        throw new InvalidInputError(`${name} must be <= ${max}`);
    }

    return value;
};

/** A device as the list answer shows it: never the secret. */
const describeDevice = (device: TotpDeviceRecord) => ({ name: device.name, period: device.period, skew: device.skew, verified: device.verified });


export class Totp {

    readonly #options: TotpOptions;
    readonly #policy: AttemptPolicy;

    constructor(options: TotpOptions) {

        this.#options = options;
        this.#policy = { maxAttempts: options.maxAttempts, cooldown: options.cooldownSeconds * 1000 };
    }

    /**
     * A new unverified device with a fresh secret. Without a name it is `TOTP Device <n>`, n counting from the
     * number of verified devices up to the first name not taken by a verified device.
     */
    async createDevice(caller: Caller, input: NewDevice): Promise<{ status: 'OK'; deviceName: string; secret: string } | { status: 'DEVICE_ALREADY_EXISTS_ERROR' }> {

        const { appId, store, clock } = this.#options;
        const userId = nonEmpty('userId', input.userId);
        let deviceName = input.deviceName === undefined ? undefined : nonEmpty('deviceName', input.deviceName);
        const skew = withinBounds('skew', input.skew, 0, maxSkew);
        const period = withinBounds('period', input.period, 1, maxPeriod);
        const secret = newTotpSecret();
        const record = (name: string): TotpDeviceRecord => ({ userId, name, secret, period, skew, verified: false, createdAt: clock() });

        if (deviceName !== undefined) {
            if (!await store.createDevice(appId, record(deviceName))) {
                return { status: 'DEVICE_ALREADY_EXISTS_ERROR' };
            }
        }
        else {
            const devices = await store.listDevices(appId, userId);
            let n = devices.filter((device) => device.verified).length;
            while (!await store.createDevice(appId, record(`TOTP Device ${n}`))) {
                ++n;
            }

            deviceName = `TOTP Device ${n}`;
        }

        await this.#options.audit.record(caller, 'totp_device_created', userId, { deviceName });
        return { status: 'OK', deviceName, secret };
    }

    async renameDevice(caller: Caller, input: { userId: string; existingDeviceName: string; newDeviceName: string }) {

        const userId = nonEmpty('userId', input.userId);
        const from = nonEmpty('existingDeviceName', input.existingDeviceName);
        const to = nonEmpty('newDeviceName', input.newDeviceName);
        const result = await this.#options.store.renameDevice(this.#options.appId, userId, from, to);
        if (result !== 'OK') {
            return { status: `${result}_ERROR` as const };
        }

        if (from !== to) {
            await this.#options.audit.record(caller, 'totp_device_renamed', userId, { from, to });
        }

        return { status: 'OK' as const };
    }

    async listDevices(userId: string) {

        const devices = await this.#options.store.listDevices(this.#options.appId, nonEmpty('userId', userId));
        return { status: 'OK' as const, devices: devices.map(describeDevice) };
    }

    async removeDevice(caller: Caller, input: { userId: string; deviceName: string }) {

        const userId = nonEmpty('userId', input.userId);
        const removed = await this.#options.store.removeDevice(this.#options.appId, userId, nonEmpty('deviceName', input.deviceName));
        if (removed) {
            await this.#options.audit.record(caller, 'totp_device_removed', userId, { deviceName: removed.name, verified: removed.verified });
        }

        return { status: 'OK' as const, didDeviceExist: removed !== undefined };
    }

    /** Verifies a device with its first code. An already verified device answers OK at once, checking nothing. */
    async verifyDevice(caller: Caller, tenantId: string, input: { userId: string; deviceName: string; totp: string }) {

        const { appId, store, clock } = this.#options;
        nonEmpty('userId', input.userId);
        nonEmpty('deviceName', input.deviceName);
        type Answer = { status: 'UNKNOWN_DEVICE_ERROR' } | { status: 'OK'; wasAlreadyVerified: boolean } | CheckFailure;
        const answer = await store.checkCode<Answer>(appId, tenantId, input.userId, ({ devices, usedCodes }) => {

            const device = devices.find((candidate) => candidate.name === input.deviceName);
            if (!device) {
                return { result: { status: 'UNKNOWN_DEVICE_ERROR' } };
            }

            if (device.verified) {
                return { result: { status: 'OK', wasAlreadyVerified: true } };
            }

            const decision = decideAttempt({ devices: [device], usedCodes, code: input.totp, now: clock(), policy: this.#policy });
            return { ...decision, result: decision.result.status === 'OK' ? { status: 'OK', wasAlreadyVerified: false } : decision.result };
        });

        if (answer.status === 'OK' && !answer.wasAlreadyVerified) {
            await this.#options.audit.record(caller, 'totp_device_verified', input.userId, { deviceName: input.deviceName });
        }

        await this.#auditFailure(caller, input.userId, input.totp, answer, input.deviceName);
        return answer;
    }

    /** Checks a code against the user's verified devices. */
    async verifyCode(caller: Caller, tenantId: string, input: { userId: string; totp: string }) {

        const { appId, store, clock } = this.#options;
        nonEmpty('userId', input.userId);
        type Answer = { status: 'UNKNOWN_USER_ID_ERROR' } | { status: 'OK' } | CheckFailure;
        const answer = await store.checkCode<Answer>(appId, tenantId, input.userId, ({ devices, usedCodes }) => {

            if (!devices.length) {
                return { result: { status: 'UNKNOWN_USER_ID_ERROR' } };
            }

            const verified = devices.filter((device) => device.verified);
            const decision = decideAttempt({ devices: verified, usedCodes, code: input.totp, now: clock(), policy: this.#policy });
            return { ...decision, result: decision.result.status === 'OK' ? { status: 'OK' } : decision.result };
        });

        await this.#auditFailure(caller, input.userId, input.totp, answer);
        return answer;
    }

    /** The user's devices with their dates, for the admin area (no secrets). */
    async describe(userId: string) {

        const devices = await this.#options.store.listDevices(this.#options.appId, userId);
        return devices.map((device) => ({ ...describeDevice(device), createdAt: device.createdAt, ...(device.lastUsedAt === undefined ? {} : { lastUsedAt: device.lastUsedAt }) }));
    }

    /** Users with a verified device. */
    listEnrolledUsers(): Promise<string[]> {

        return this.#options.store.listEnrolledUsers(this.#options.appId);
    }

    /** Deletes every device of the user (admin reset); returns how many there were. */
    async removeAll(userId: string): Promise<number> {

        return (await this.#options.store.removeUser(this.#options.appId, userId)).length;
    }

    /** Used codes past their window and past the cooldown feed neither the replay check nor the attempt limit. */
    deleteExpiredCodes(now: number): Promise<number> {

        return this.#options.store.deleteExpiredCodes(now - this.#policy.cooldown);
    }

    async #auditFailure(caller: Caller, userId: string, code: string, answer: CheckAnswer, deviceName?: string) {

        // Only counted failures are recorded: refusals during the cooldown and over-long codes are not, so that
        // whoever holds a password cannot flood the trail.
        if (answer.status !== 'INVALID_TOTP_ERROR' || code.length > maxStoredCodeLength) {
            return;
        }

        const device = deviceName === undefined ? {} : { deviceName };
        await this.#options.audit.record(caller, 'totp_code_failed', userId, { ...device, failedAttempts: answer.currentNumberOfFailedAttempts, maxAttempts: answer.maxNumberOfFailedAttempts });
        if (answer.currentNumberOfFailedAttempts >= answer.maxNumberOfFailedAttempts) {
            await this.#options.audit.record(caller, 'totp_limit_reached', userId, { ...device, cooldownMs: this.#policy.cooldown });
        }
    }
}
