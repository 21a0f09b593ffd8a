/*
 * Limits counted in this process's memory (no REDIS_URL): a sliding-window log per key. Several processes each
 * allow the whole limit.
 */

import type { Limiter, LimiterStore, LimitRule } from './limiter';


/** Sliding-window log: per key, the times of the accepted hits still in the window. Refused hits do not count. */
export class SlidingWindowLimiter {

    readonly #hits = new Map<string, number[]>();
    readonly #maxKeys: number;
    readonly #now: () => number;

    constructor(options: { maxKeys?: number; now?: () => number } = {}) {

        this.#maxKeys = options.maxKeys ?? 100_000;
        this.#now = options.now ?? Date.now;
    }

    get size(): number {

        return this.#hits.size;
    }

    /** Counts a hit for `key`; returns 0 when allowed, else the milliseconds until one would be. */
    hit(key: string, rule: Pick<LimitRule, 'limit' | 'windowMs'>): number {

        const now = this.#now();
        const times = (this.#hits.get(key) ?? []).filter((time) => now - time < rule.windowMs);
        this.#hits.delete(key);                                         // re-inserted below: most recent last
        if (times.length >= rule.limit) {
            this.#hits.set(key, times);
            return Math.max(1, times[0]! + rule.windowMs - now);
        }

        times.push(now);
        this.#hits.set(key, times);
        this.#evict(now, rule.windowMs);
        return 0;
    }

    #evict(now: number, windowMs: number): void {

        for (const [key, times] of this.#hits) {
            if (this.#hits.size <= this.#maxKeys && now - times[times.length - 1]! < windowMs) {
                return;
            }

            this.#hits.delete(key);
        }
    }
}


export interface MemoryStoreOptions {
    readonly now?: () => number;
    /** Keys remembered at most per limiter; the least recently used go first. */
    readonly maxKeys?: number;
}

/** One sliding window per limiter id: limiters asked for with the same id share their counts. */
export const memoryLimiterStore = (options: MemoryStoreOptions = {}): LimiterStore => {

    const windows = new Map<string, SlidingWindowLimiter>();
    return {
        limiter: (id, rule): Limiter => {

            let window = windows.get(id);
            if (!window) {
                window = new SlidingWindowLimiter(options);
                windows.set(id, window);
            }

            const counts = window;
            return { hit: async (key) => counts.hit(key, rule) };
        },
        close: async () => {}
    };
};
