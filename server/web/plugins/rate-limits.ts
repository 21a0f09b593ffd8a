/*
 * Per-IP rate limits on the SDK endpoints that check passwords or send email:
 *
 *   POST /auth/signin, /auth/signup                         RATE_LIMIT_SIGNIN, RATE_LIMIT_SIGNUP a minute per IP
 *   POST /auth/user/password/reset/token (send the email)     RATE_LIMIT_RESET_EMAIL a minute per IP
 *   POST /auth/user/password/reset (use the token)            RATE_LIMIT_RESET a minute per IP
 *   POST /auth/signinup/code, …/code/resend (sign-in link)    5 a minute per IP, each
 *   POST /auth/signinup/code/consume (link or code)          10 a minute per IP
 *
 * A sliding window kept in memory: for each (endpoint, IP) the times of the accepted requests in the last window,
 * never more than `limit` of them; a request when `limit` are in the window gets 429 with `Retry-After` (seconds
 * until the oldest leaves the window) and a JSON message, before the SDK sees it. Refused requests do not count,
 * so a client that waits as told gets through. Per process: several web processes each allow the limit.
 *
 * The SDK also answers these under a tenant prefix (/auth/public/signin) and with a trailing slash: both count
 * as the same endpoint. The IP is the client's (web/client-address.ts: the TCP peer, or behind a trusted proxy the
 * X-Forwarded-For client), counted by rateLimitKey: IPv4 as it is, IPv6 by its /64.
 *
 * Off when `web.rateLimits` is false (RATE_LIMITS=off, never in production).
 */

import type { Plugin, Request } from '@hapi/hapi';

import { rateLimitKey } from '../../addresses';
import { defaultRateLimits, type RateLimitSettings } from '../../config';
import { clientIp } from '../auth/audit-context';
import { apiBasePath } from '../auth/paths';


export interface RateLimitRule {
    readonly name: string;
    /** Requests allowed per window. */
    readonly limit: number;
    readonly windowMs: number;
}

/** The rules, by endpoint, for these limits a minute (the sign-in link's are fixed). */
export const rulesFor = (perMinute: RateLimitSettings): Record<string, RateLimitRule> => ({
    signin: { name: 'sign-in', limit: perMinute.signin, windowMs: 60_000 },
    signup: { name: 'sign-up', limit: perMinute.signup, windowMs: 60_000 },
    'user/password/reset/token': { name: 'password reset email', limit: perMinute.resetEmail, windowMs: 60_000 },
    'user/password/reset': { name: 'password reset', limit: perMinute.reset, windowMs: 60_000 },
    'signinup/code': { name: 'sign-in link email', limit: 5, windowMs: 60_000 },
    'signinup/code/resend': { name: 'sign-in link email', limit: 5, windowMs: 60_000 },
    'signinup/code/consume': { name: 'sign-in code', limit: 10, windowMs: 60_000 }
});

export const defaultRules = rulesFor(defaultRateLimits);

export interface RateLimitsOptions {
    readonly enabled: boolean;
    /** Requests a minute per client address (config.ts: RATE_LIMIT_*). */
    readonly perMinute: RateLimitSettings;
}


/** Sliding-window log: per key, the times of the accepted hits still in the window. */
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
    hit(key: string, rule: Pick<RateLimitRule, 'limit' | 'windowMs'>): number {

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


export const rateLimitMessage = (rule: RateLimitRule, seconds: number): string => {

    return `Too many ${rule.name} attempts from your network. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
};


/** The endpoint a request is for, as a key of the rules, or undefined. */
export const endpointOf = (request: Pick<Request, 'url'>, basePath: string, rules: Record<string, RateLimitRule>): string | undefined => {

    let path: string;
    try {
        path = decodeURIComponent(request.url.pathname);
    }
    catch {
        return undefined;
    }

    path = path.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
    if (!path.startsWith(`${basePath}/`)) {
        return undefined;
    }

    const rest = path.slice(basePath.length + 1);
    if (Object.hasOwn(rules, rest)) {
        return rest;
    }

    const afterTenant = rest.slice(rest.indexOf('/') + 1);           // /auth/<tenantId>/signin
    return rest.includes('/') && Object.hasOwn(rules, afterTenant) ? afterTenant : undefined;
};


export const rateLimits: Plugin<RateLimitsOptions> = {
    name: 'staffgate/rate-limits',
    register: (server, options) => {

        if (!options.enabled) {
            return;
        }

        const limiter = new SlidingWindowLimiter();
        const rules = rulesFor(options.perMinute);

        // onPreAuth: after routing (so CORS headers apply to the 429), before the payload is read and the SDK runs.
        server.ext('onPreAuth', (request, h) => {

            if (request.method !== 'post') {
                return h.continue;
            }

            const endpoint = endpointOf(request, apiBasePath, rules);
            if (endpoint === undefined) {
                return h.continue;
            }

            const rule = rules[endpoint]!;
            const waitMs = limiter.hit(`${endpoint} ${rateLimitKey(clientIp(request))}`, rule);
            if (waitMs === 0) {
                return h.continue;
            }

            const seconds = Math.ceil(waitMs / 1000);
            request.log(['warn', 'rate-limit'], `${rule.name}: ${clientIp(request)} is over ${rule.limit} per ${rule.windowMs / 1000} s`);
            return h.response({ status: 'RATE_LIMITED', message: rateLimitMessage(rule, seconds) })
                .code(429)
                .header('retry-after', String(seconds))
                .takeover();
        }, { before: ['staffgate/sdk-api-guards'] });                  // a refused request counts too
    }
};
