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
import type { LimiterStore } from './limiter';
import { memoryLimiterStore } from './memory';
import { redisLimiterStore } from './redis';


export { LimiterUnavailableError, type Limiter, type LimiterStore, type LimitRule, type WhenUnavailable } from './limiter';


/** Redis when `redis` is set, else memory; resolves once a Redis store has tried its first connection. */
export const createLimiterStore = async (redis: RedisSettings | undefined): Promise<LimiterStore> => {

    return redis ? await redisLimiterStore(redis) : memoryLimiterStore();
};
