/*
 * The audit trail: services record what happened, with the caller's context; admins read it back. Recording
 * never fails the operation it describes: a failed write is reported to `onError` (the server log) and dropped,
 * because refusing a sign-in for want of an audit row would turn a logging fault into an outage.
 */

import type { AuditEvent, AuditQuery, AuditStore, StoredAuditEvent } from '../storage';
import type { AuditEventName } from './audit-events';
import type { Caller } from './caller';
import type { Clock } from './clock';


export type AuditFilter = Omit<AuditQuery, 'limit' | 'beforeId'>;

export interface AuditPageQuery extends AuditFilter {
    readonly limit: number;
    /** The `nextCursor` of the previous page. */
    readonly beforeId?: number;
}

export class AuditTrail {

    readonly #appId: string;
    readonly #store: AuditStore;
    readonly #clock: Clock;
    readonly #onError: (err: unknown) => void;

    constructor(appId: string, store: AuditStore, clock: Clock, onError: (err: unknown) => void) {

        this.#appId = appId;
        this.#store = store;
        this.#clock = clock;
        this.#onError = onError;
    }

    /** The row `record` appends, for a store that writes it inside its own transaction (a refresh's rotation). */
    entry(caller: Caller, event: AuditEventName, userId?: string, details: Record<string, unknown> = {}, time = this.#clock()): AuditEvent {

        return {
            appId: this.#appId,
            time,
            event,
            ...(userId === undefined ? {} : { userId }),
            ...caller,
            details
        };
    }

    /** Appends an event about `userId` (when there is one); never throws. */
    async record(caller: Caller, event: AuditEventName, userId?: string, details: Record<string, unknown> = {}): Promise<void> {

        try {
            await this.#store.append(this.entry(caller, event, userId, details));
        }
        catch (err) {
            this.#onError(err);
        }
    }

    /** An event the web app reports (POST /staffgate/audit). */
    async append(caller: Caller, event: AuditEventName, userId: string | undefined, details: Record<string, unknown>) {

        await this.record(caller, event, userId, details);
        return { status: 'OK' };
    }

    /** A page of matching events, newest first, with the cursor of the next page when there is one. */
    async list(query: AuditPageQuery) {

        const page = await this.#store.query(this.#appId, { ...query, limit: query.limit + 1 });
        const events = page.slice(0, query.limit).map(withoutAppId);
        const next = page.length > query.limit ? events[events.length - 1] : undefined;
        return { status: 'OK', events, ...(next ? { nextCursor: String(next.id) } : {}) };
    }

    async count(filter: AuditFilter) {

        return { status: 'OK', count: await this.#store.count(this.#appId, filter) };
    }
}


const withoutAppId = ({ appId: _appId, ...event }: StoredAuditEvent) => event;
