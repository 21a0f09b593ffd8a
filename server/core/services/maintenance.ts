/*
 * Background clean-up: sessions, reset and email-verification tokens past their expiry, audit events past their
 * retention, spent TOTP codes, passwordless devices whose codes have all expired, and sent or failed mail past its
 * retention are deleted, hourly, by a timer
 * of the core (index.ts). Nobody waits for it, so a failure is reported to `onError` (the log), not thrown.
 */

import type { Storage } from '../storage';
import type { Clock } from './clock';
import type { Totp } from './totp';


const dayMs = 86_400_000;

/** Days a sent or failed message's row (no body by then: recipient, subject, last error) is kept, for the overview. */
const mailRetentionDays = 7;

export interface MaintenanceRetention {
    readonly auditRetentionDays: number;
    /** ms: a device goes when its newest code is older than this. */
    readonly passwordlessCodeLifetime: number;
}

export class Maintenance {

    readonly #storage: Pick<Storage, 'sessions' | 'tokens' | 'audit' | 'passwordless' | 'mailQueue'>;
    readonly #clock: Clock;
    readonly #auditRetentionMs: number;
    readonly #codeLifetimeMs: number;
    readonly #mailRetentionMs: number;
    readonly #totp: Pick<Totp, 'deleteExpiredCodes'>;
    readonly #onError: (err: unknown) => void;

    constructor(storage: Pick<Storage, 'sessions' | 'tokens' | 'audit' | 'passwordless' | 'mailQueue'>, clock: Clock, retention: MaintenanceRetention, totp: Pick<Totp, 'deleteExpiredCodes'>, onError: (err: unknown) => void) {

        this.#storage = storage;
        this.#clock = clock;
        this.#auditRetentionMs = retention.auditRetentionDays * dayMs;
        this.#codeLifetimeMs = retention.passwordlessCodeLifetime;
        this.#mailRetentionMs = mailRetentionDays * dayMs;
        this.#totp = totp;
        this.#onError = onError;
    }

    /** Deletes what has expired by now; bound, so that it can be handed to a timer as is. */
    readonly cleanUp = async (): Promise<void> => {

        const now = this.#clock();
        try {
            await Promise.all([
                this.#storage.sessions.deleteExpiredSessions(now),
                this.#storage.tokens.deleteExpiredTokens(now),
                this.#storage.audit.deleteOlderThan(now - this.#auditRetentionMs),
                this.#totp.deleteExpiredCodes(now),
                this.#storage.passwordless.deleteExpiredDevices(now - this.#codeLifetimeMs),
                this.#storage.mailQueue.deleteFinishedBefore(now - this.#mailRetentionMs)
            ]);
        }
        catch (err) {
            this.#onError(err);
        }
    };
}
