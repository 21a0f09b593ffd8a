/*
 * One value, kept for a few seconds, per process: for figures that are costly to compute and fine to show a little
 * old (the admin overview's counts). Single-flight: requests that arrive while the value is being fetched share
 * that one fetch rather than each starting their own, so a burst of page loads costs one round of queries. A fetch
 * that fails is not kept: the next caller tries again. A max age of 0 fetches every time (still shared while in
 * flight).
 */

export interface Dated<T> {
    readonly value: T;
    /** When the fetch that produced it started (ms since the epoch): the value is at least this fresh. */
    readonly at: number;
}

export interface TtlCacheOptions {
    readonly maxAgeMs: number;
    readonly now?: () => number;
}

export class TtlCache<T> {

    readonly #fetch: () => Promise<T>;
    readonly #maxAgeMs: number;
    readonly #now: () => number;
    #current: Dated<T> | undefined;
    #inFlight: Promise<Dated<T>> | undefined;
    /** Fetches started, for tests and benchmarks. */
    fetches = 0;

    constructor(fetch: () => Promise<T>, options: TtlCacheOptions) {

        this.#fetch = fetch;
        this.#maxAgeMs = options.maxAgeMs;
        this.#now = options.now ?? Date.now;
    }

    get(): Promise<Dated<T>> {

        const now = this.#now();
        if (this.#current !== undefined && now - this.#current.at < this.#maxAgeMs) {
            return Promise.resolve(this.#current);
        }

        this.#inFlight ??= this.#load(now);
        return this.#inFlight;
    }

    async #load(at: number): Promise<Dated<T>> {

        ++this.fetches;
        try {
            const value = await this.#fetch();
            this.#current = { value, at };
            return this.#current;
        }
        finally {
            this.#inFlight = undefined;
        }
    }
}
