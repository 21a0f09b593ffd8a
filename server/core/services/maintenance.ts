/*
 * Background clean-up: sessions past their expiry, audit events past their retention and spent TOTP codes are
 * deleted, hourly, by a timer of the core (index.ts). Nobody waits for it, so a failure is reported to `onError` (the log), not thrown.
 */

import type { Storage } from '../storage';
import type { Clock } from './clock';
import type { Totp } from './totp';


const dayMs = 86_400_000;

export class Maintenance {

    readonly #storage: Pick<Storage, 'sessions' | 'audit'>;
    readonly #clock: Clock;
    readonly #auditRetentionMs: number;
    readonly #totp: Pick<Totp, 'deleteExpiredCodes'>;
    readonly #onError: (err: unknown) => void;

    constructor(storage: Pick<Storage, 'sessions' | 'audit'>, clock: Clock, auditRetentionDays: number, totp: Pick<Totp, 'deleteExpiredCodes'>, onError: (err: unknown) => void) {

        this.#storage = storage;
        this.#clock = clock;
        this.#auditRetentionMs = auditRetentionDays * dayMs;
        this.#totp = totp;
        this.#onError = onError;
    }

    /** Deletes what has expired by now; bound, so that it can be handed to a timer as is. */
    readonly cleanUp = async (): Promise<void> => {

        const now = this.#clock();
        try {
            await Promise.all([
                this.#storage.sessions.deleteExpiredSessions(now),
                this.#storage.audit.deleteOlderThan(now - this.#auditRetentionMs),
                this.#totp.deleteExpiredCodes(now)
            ]);
        }
        catch (err) {
            this.#onError(err);
        }
    };
}
