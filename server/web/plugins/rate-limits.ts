/*
 * Per-IP rate limits on the SDK endpoints that check passwords or send email:
 *
 *   POST /auth/signin, /auth/signup                         RATE_LIMIT_SIGNIN, RATE_LIMIT_SIGNUP a minute per IP
 *   POST /auth/user/password/reset/token (send the email)     RATE_LIMIT_RESET_EMAIL a minute per IP
 *   POST /auth/user/password/reset (use the token)            RATE_LIMIT_RESET a minute per IP
 *   POST /auth/signinup/code, …/code/resend (sign-in link)    5 a minute per IP, each
 *   POST /auth/signinup/code/consume (link or code)          10 a minute per IP
 *
 * A request over the limit gets 429 with `Retry-After` (seconds until one would be allowed) and a JSON message,
 * before the SDK sees it. The counts live in the app's LimiterStore (../limits): this process's memory (a sliding
 * window; refused requests do not count, so a client that waits as told gets through; each process allows the
 * limit), or with REDIS_URL in Redis, shared by every instance.
 *
 * Redis unreachable: sign-in (password, link and code) and password reset fail closed, 503 with `Retry-After` and a
 * JSON message, so that N instances never turn into N times the limit on the endpoints that guess passwords or
 * tokens; sign-up fails open to a per-instance limit in memory (an account made still follows the sign-up policy and
 * the other instances' limits; refusing every sign-up during an outage would protect nothing more).
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
import { LimiterUnavailableError, type LimiterStore, type LimitRule, type WhenUnavailable } from '../limits';
import { memoryLimiterStore } from '../limits/memory';


export { SlidingWindowLimiter } from '../limits/memory';


export interface RateLimitRule extends LimitRule {
    /** With the shared store unreachable: refuse (sign-in, reset) or count per instance (sign-up). */
    readonly whenUnavailable: WhenUnavailable;
}

/** The rules, by endpoint, for these limits a minute (the sign-in link's are fixed). */
export const rulesFor = (perMinute: RateLimitSettings): Record<string, RateLimitRule> => ({
    signin: { name: 'sign-in', limit: perMinute.signin, windowMs: 60_000, whenUnavailable: 'refuse' },
    signup: { name: 'sign-up', limit: perMinute.signup, windowMs: 60_000, whenUnavailable: 'per-instance' },
    'user/password/reset/token': { name: 'password reset email', limit: perMinute.resetEmail, windowMs: 60_000, whenUnavailable: 'refuse' },
    'user/password/reset': { name: 'password reset', limit: perMinute.reset, windowMs: 60_000, whenUnavailable: 'refuse' },
    'signinup/code': { name: 'sign-in link email', limit: 5, windowMs: 60_000, whenUnavailable: 'refuse' },
    'signinup/code/resend': { name: 'sign-in link email', limit: 5, windowMs: 60_000, whenUnavailable: 'refuse' },
    'signinup/code/consume': { name: 'sign-in code', limit: 10, windowMs: 60_000, whenUnavailable: 'refuse' }
});

export const defaultRules = rulesFor(defaultRateLimits);

export interface RateLimitsOptions {
    readonly enabled: boolean;
    /** Requests a minute per client address (config.ts: RATE_LIMIT_*). */
    readonly perMinute: RateLimitSettings;
    /** Where the counts live (default: this process's memory); its owner closes it. */
    readonly store?: LimiterStore;
}


export const rateLimitMessage = (rule: Pick<RateLimitRule, 'name'>, seconds: number): string => {

    return `Too many ${rule.name} attempts from your network. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
};

/** Seconds a client should wait when the limits cannot be checked. */
export const unavailableRetryAfterSeconds = 10;

export const limitsUnavailableMessage = (rule: Pick<RateLimitRule, 'name'>): string => {

    return `${rule.name[0]!.toUpperCase()}${rule.name.slice(1)} is unavailable for a moment: the server cannot check its limits. Try again in a minute.`;
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

        const store = options.store ?? memoryLimiterStore();
        const rules = rulesFor(options.perMinute);
        const limiters = new Map(Object.entries(rules).map(([endpoint, rule]) => [endpoint, store.limiter(`ip:${endpoint}`, rule, rule.whenUnavailable)]));

        // onPreAuth: after routing (so CORS headers apply to the 429), before the payload is read and the SDK runs.
        server.ext('onPreAuth', async (request, h) => {

            if (request.method !== 'post') {
                return h.continue;
            }

            const endpoint = endpointOf(request, apiBasePath, rules);
            if (endpoint === undefined) {
                return h.continue;
            }

            const rule = rules[endpoint]!;
            let waitMs: number;
            try {
                waitMs = await limiters.get(endpoint)!.hit(rateLimitKey(clientIp(request)));
            }
            catch (err) {
                if (!(err instanceof LimiterUnavailableError)) {
                    throw err;
                }

                // Fail closed; the store logs the outage once.
                return h.response({ status: 'RATE_LIMIT_UNAVAILABLE', message: limitsUnavailableMessage(rule) })
                    .code(503)
                    .header('retry-after', String(unavailableRetryAfterSeconds))
                    .takeover();
            }

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
