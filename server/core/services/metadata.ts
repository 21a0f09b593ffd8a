/*
 * User metadata: one JSON object per user, merged shallowly (a null top-level value deletes the key). As the
 * official core, the user's existence is not checked.
 */

import type { MetadataStore } from '../storage';
import type { AuditTrail } from './audit';
import type { Caller } from './caller';
import type { Clock } from './clock';


export class Metadata {

    readonly #appId: string;
    readonly #store: MetadataStore;
    readonly #clock: Clock;
    readonly #audit: AuditTrail;

    constructor(appId: string, store: MetadataStore, clock: Clock, audit: AuditTrail) {

        this.#appId = appId;
        this.#store = store;
        this.#clock = clock;
        this.#audit = audit;
    }

    async get(userId: string) {

        return { status: 'OK', metadata: await this.#store.getMetadata(this.#appId, userId) };
    }

    async update(caller: Caller, userId: string, update: Record<string, unknown>) {

        const metadata = await this.#store.mergeMetadata(this.#appId, userId, update, this.#clock());
        await this.#audit.record(caller, 'metadata_updated', userId, { keys: Object.keys(update) });
        return { status: 'OK', metadata };
    }

    async remove(caller: Caller, userId: string) {

        await this.#store.deleteMetadata(this.#appId, userId);
        await this.#audit.record(caller, 'metadata_updated', userId, { cleared: true });
        return { status: 'OK' };
    }
}
