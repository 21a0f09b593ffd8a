/*
 * Background clean-up: sessions, reset and email-verification tokens past their expiry and audit events past their
 * retention are deleted, hourly, by a timer of the core (index.ts). Nobody waits for it, so a failure is reported
 * to `onError` (the log), not thrown.
 */

import type { Storage } from '../storage';
import type { Clock } from './clock';


const dayMs = 86_400_000;

export class Maintenance {

    readonly #storage: Pick<Storage, 'sessions' | 'tokens' | 'audit'>;
    readonly #clock: Clock;
    readonly #auditRetentionMs: number;
    readonly #onError: (err: unknown) => void;

    constructor(storage: Pick<Storage, 'sessions' | 'tokens' | 'audit'>, clock: Clock, auditRetentionDays: number, onError: (err: unknown) => void) {

        this.#storage = storage;
        this.#clock = clock;
        this.#auditRetentionMs = auditRetentionDays * dayMs;
        this.#onError = onError;
    }

    /** Deletes what has expired by now; bound, so that it can be handed to a timer as is. */
    readonly cleanUp = async (): Promise<void> => {

        const now = this.#clock();
        try {
            await Promise.all([
                this.#storage.sessions.deleteExpiredSessions(now),
                this.#storage.tokens.deleteExpiredTokens(now),
                this.#storage.audit.deleteOlderThan(now - this.#auditRetentionMs)
            ]);
        }
        catch (err) {
            this.#onError(err);
        }
    };
}
