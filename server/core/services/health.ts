/*
 * Liveness and readiness for probes (GET /health/live, /health/ready). Readiness means the database answers and
 * accepts writes (Storage.ping). A failure says only that: the cause (host, driver message) goes to the log.
 */

import type { Storage } from '../storage';
import { UnavailableError } from './errors';


export class Health {

    readonly #storage: Pick<Storage, 'ping'>;

    constructor(storage: Pick<Storage, 'ping'>) {

        this.#storage = storage;
    }

    /** The process is up and serving requests. */
    live() {

        return { status: 'OK' };
    }

    async ready() {

        try {
            await this.#storage.ping();
        }
        catch (err) {
            throw new UnavailableError('Storage unavailable', { cause: err });
        }

        return { status: 'OK' };
    }
}
