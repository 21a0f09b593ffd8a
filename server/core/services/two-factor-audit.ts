/*
 * Audit events of two-factor sign-in, written by the TOTP and recovery-code services. A failure to write one is
 * reported as a process warning and never fails the change it describes.
 */

import type { Caller } from '../audit';
import type { AuditStore } from '../storage';
import type { Clock } from './clock';


export type TwoFactorAuditEvent =
    | { readonly event: 'totp_device_created'; readonly userId: string; readonly details: { deviceName: string } }
    | { readonly event: 'totp_device_verified'; readonly userId: string; readonly details: { deviceName: string } }
    | { readonly event: 'totp_device_renamed'; readonly userId: string; readonly details: { from: string; to: string } }
    | { readonly event: 'totp_device_removed'; readonly userId: string; readonly details: { deviceName: string; verified: boolean } }
    | { readonly event: 'totp_code_failed'; readonly userId: string; readonly details: { deviceName?: string; failedAttempts: number; maxAttempts: number } }
    | { readonly event: 'totp_limit_reached'; readonly userId: string; readonly details: { deviceName?: string; cooldownMs: number } }
    | { readonly event: 'recovery_codes_generated'; readonly userId: string; readonly details: { replaced: number } }
    | { readonly event: 'recovery_code_used'; readonly userId: string; readonly details: { remaining: number } }
    | { readonly event: 'recovery_code_failed'; readonly userId: string; readonly details: Record<string, never> }
    | { readonly event: 'recovery_codes_removed'; readonly userId: string; readonly details: { removed: number } }
    | { readonly event: 'two_factor_reset'; readonly userId: string; readonly details: { devicesRemoved: number; recoveryCodesRemoved: number } };

export type TwoFactorAudit = (entry: TwoFactorAuditEvent, caller: Caller) => Promise<void>;


export const createTwoFactorAudit = (appId: string, store: AuditStore, clock: Clock): TwoFactorAudit => {

    return async (entry, caller) => {

        try {
            await store.append({ appId, time: clock(), ...caller, ...entry });
        }
        catch (err) {
            process.emitWarning(`Audit event ${entry.event} not written: ${(err as Error).message}`);
        }
    };
};
