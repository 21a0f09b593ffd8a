/*
 * At most `limit` tasks run at once; the others wait their turn in arrival order. Used to keep CPU-bound work
 * handed to libuv's thread pool (password hashing) from taking every core and every pool thread at once.
 */

export class ConcurrencyLimit {

    readonly limit: number;
    #running = 0;
    readonly #waiting: (() => void)[] = [];

    constructor(limit: number) {

        if (!Number.isInteger(limit) || limit < 1) {
            throw new RangeError(`a concurrency limit must be a positive integer, not ${limit}`);
        }

        this.limit = limit;
    }

    /** Tasks started and not yet finished, and tasks waiting for a turn. */
    get running(): number {

        return this.#running;
    }

    get waiting(): number {

        return this.#waiting.length;
    }

    async run<T>(task: () => Promise<T>): Promise<T> {

        if (this.#running >= this.limit) {
            // The finishing task hands its slot over directly (#running stays the same), so no newcomer overtakes.
            await new Promise<void>((resolve) => this.#waiting.push(resolve));
        }
        else {
            ++this.#running;
        }

        try {
            return await task();
        }
        finally {
            const next = this.#waiting.shift();
            if (next) {
                next();
            }
            else {
                --this.#running;
            }
        }
    }
}
