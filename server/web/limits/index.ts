/*
 * Counting hits against a limit, in one place for every rate limit and throttle of the web app (the per-IP limits of
 * plugins/rate-limits.ts, the per-address mail throttles of auth/reset-mail-limit.ts and auth/anti-enumeration.ts).
 *
 * A LimiterStore hands out one Limiter per rule. Without REDIS_URL the store is this process's memory
 * (memory.ts: a sliding window, per process). With REDIS_URL the counts live in Redis (redis.ts:
 * rate-limiter-flexible's fixed windows), so every instance of the app counts against one limit.
 *
 * When the shared store cannot answer, a limiter made with `whenUnavailable: 'refuse'` rejects with
 * LimiterUnavailableError (its caller refuses the request: the limit fails closed), and one made with
 * `'per-instance'` counts in this process's memory until the store is back (the limit fails open to N times the limit).
 */

import type { RedisSettings } from '../../config';
import { memoryLimiterStore } from './memory';
import { redisLimiterStore } from './redis';


export interface LimitRule {
    /** For messages: "Too many <name> attempts". */
    readonly name: string;
    /** Hits allowed per window. */
    readonly limit: number;
    readonly windowMs: number;
}

/** What a limiter does while the shared store cannot answer: refuse every hit, or count in this process. */
export type WhenUnavailable = 'refuse' | 'per-instance';

export interface Limiter {
    /**
     * Counts a hit for `key`: resolves 0 when it is allowed, else the milliseconds until one would be. Rejects with
     * LimiterUnavailableError when the shared store cannot answer and the limiter refuses then.
     */
    hit(key: string): Promise<number>;
}

export interface LimiterStore {
    /** A limiter for `rule`; `id` separates its counts from other limiters' (the same id shares the counts). */
    limiter(id: string, rule: Pick<LimitRule, 'limit' | 'windowMs'>, whenUnavailable: WhenUnavailable): Limiter;
    /** Releases the connection, if any. */
    close(): Promise<void>;
}

export class LimiterUnavailableError extends Error {

    constructor() {

        super('The rate-limit store cannot be reached');
        this.name = 'LimiterUnavailableError';
    }
}


/** Redis when `redis` is set, else memory; resolves once a Redis store has tried its first connection. */
export const createLimiterStore = async (redis: RedisSettings | undefined): Promise<LimiterStore> => {

    return redis ? await redisLimiterStore(redis) : memoryLimiterStore();
};
