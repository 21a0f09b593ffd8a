/*
 * Limits counted in Redis (REDIS_URL), so that every instance of the app counts against one limit:
 * rate-limiter-flexible's RateLimiterRedis over one ioredis connection per process. Its windows are fixed (they
 * start with a key's first hit and last the rule's window, rounded up to a second): a client may get up to twice the
 * limit across a window's edge, never more; refused hits count but do not lengthen the window.
 *
 * Redis unreachable: no request waits for it. Commands fail at once while the connection is down
 * (`enableOfflineQueue: false`, `rejectIfRedisNotReady`) and after `commandTimeout` when Redis stops answering on
 * a live connection; ioredis keeps reconnecting in the background. The log says once that Redis is unreachable and
 * once that it is back (the address without its password), through `limitsLog`.
 */

import Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

import type { RedisSettings } from '../../config';
import type { Logger } from '../../observability/logger';
import { LimiterUnavailableError, type Limiter, type LimiterStore } from './limiter';
import { SlidingWindowLimiter } from './memory';


/** Where the limits' log lines go: the app's logger once createWebServer sets it, else the console; tests swap the sink. */
export const limitsLog = {
    logger: undefined as Pick<Logger, 'warn'> | undefined,
    sink: (line: string): void => {

        if (limitsLog.logger) {
            limitsLog.logger.warn({ tags: ['rate-limits'] }, line);
        }
        else {
            console.warn(line);
        }
    }
};

/** redis://user:secret@host:6379/2 → redis://host:6379/2: a Redis URL fit for a log line. */
export const redisAddress = (redisUrl: string): string => {

    const url = new URL(redisUrl);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
};


/** ms a Redis command may take before the hit is treated as "Redis unreachable". */
const commandTimeoutMs = 1000;

/** Up or down, logged on each change only. */
class Reachability {

    #down = false;
    readonly #address: string;

    constructor(address: string) {

        this.#address = address;
    }

    up(): void {

        if (this.#down) {
            this.#down = false;
            limitsLog.sink(`[rate-limits] Redis at ${this.#address} is reachable again: limits are shared again`);
        }
    }

    down(err: Error): void {

        if (!this.#down) {
            this.#down = true;
            limitsLog.sink(`[rate-limits] Redis at ${this.#address} is unreachable (${err.message}): sign-in and password reset are refused, sign-up is limited per instance, until it is back`);
        }
    }
}


export const redisLimiterStore = async (settings: RedisSettings): Promise<LimiterStore> => {

    const address = redisAddress(settings.url);
    const reachability = new Reachability(address);
    const client = new Redis(settings.url, {
        lazyConnect: true,
        connectionName: `staffgate-limits:${settings.keyPrefix}`,          // CLIENT LIST shows who holds the connections
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        commandTimeout: commandTimeoutMs,
        connectTimeout: 2000,
        retryStrategy: (attempt) => Math.min(attempt * 200, 2000)          // forever, at most every 2 s
    });

    client.on('error', (err: Error) => reachability.down(err));            // without a listener ioredis prints each one
    client.on('ready', () => reachability.up());
    try {
        await client.connect();
    }
    catch (err) {
        reachability.down(err as Error);                                    // the app starts; the limits refuse until Redis answers
    }

    return {
        limiter: (id, rule, whenUnavailable): Limiter => {

            const shared = new RateLimiterRedis({
                storeClient: client,
                keyPrefix: `${settings.keyPrefix}${id}`,
                points: rule.limit,
                duration: Math.max(1, Math.ceil(rule.windowMs / 1000)),
                rejectIfRedisNotReady: true
            });

            const local = whenUnavailable === 'per-instance' ? new SlidingWindowLimiter() : undefined;
            return {
                hit: async (key) => {

                    try {
                        await shared.consume(key);
                        reachability.up();
                        return 0;
                    }
                    catch (err) {
                        if (err instanceof RateLimiterRes) {
                            reachability.up();
                            return Math.max(1, err.msBeforeNext);
                        }

                        reachability.down(err as Error);
                        if (local) {
                            return local.hit(key, rule);
                        }

                        throw new LimiterUnavailableError();
                    }
                }
            };
        },
        close: async () => {

            client.removeAllListeners('error');
            client.on('error', () => {});
            try {
                await client.quit();
            }
            catch {
                client.disconnect();                                        // not connected: stop reconnecting
            }
        }
    };
};
