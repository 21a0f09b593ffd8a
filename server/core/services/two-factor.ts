/*
 * A user's second factors as a whole (Staffgate extension): what the admin area shows, and the admin reset that
 * takes every device and recovery code away when a phone is lost.
 */

import type { AuditTrail } from './audit';
import type { Caller } from './caller';
import { nonEmpty } from './errors';
import type { RecoveryCodes } from './recovery-codes';
import type { Totp } from './totp';


export class TwoFactor {

    readonly #totp: Totp;
    readonly #recoveryCodes: RecoveryCodes;
    readonly #audit: AuditTrail;

    constructor(options: { totp: Totp; recoveryCodes: RecoveryCodes; audit: AuditTrail }) {

        this.#totp = options.totp;
        this.#recoveryCodes = options.recoveryCodes;
        this.#audit = options.audit;
    }

    /** Devices (no secrets) and the recovery-code counts; `enabled` when a device is verified. */
    async status(userId: string) {

        const devices = await this.#totp.describe(userId);
        const recoveryCodes = await this.#recoveryCodes.summary(userId);
        return { status: 'OK' as const, enabled: devices.some((device) => device.verified), devices, recoveryCodes };
    }

    /** Users with a verified device (the admin list's filter and the overview's count). */
    async enrolledUsers() {

        return { status: 'OK' as const, userIds: await this.#totp.listEnrolledUsers() };
    }

    /** Removes every device and recovery code of the user. */
    async reset(caller: Caller, userId: string) {

        nonEmpty('userId', userId);
        const devicesRemoved = await this.#totp.removeAll(userId);
        const recoveryCodesRemoved = await this.#recoveryCodes.removeAll(userId);
        await this.#audit.record(caller, 'two_factor_reset', userId, { devicesRemoved, recoveryCodesRemoved });
        return { status: 'OK' as const, devicesRemoved, recoveryCodesRemoved };
    }
}
