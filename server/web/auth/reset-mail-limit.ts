/*
 * At most a few password-reset emails (and sign-in link emails, auth/sign-in-link.ts) per address in a window,
 * whoever asks.
 *
 * Threat: the per-IP rate limit (plugins/rate-limits.ts) does not stop someone with many addresses from flooding one
 * person's inbox with reset emails (20 in 3 s from 20 IPs). Over the limit the request still answers OK, as for
 * any address (anti-enumeration), and simply sends nothing; the log says so with a masked address.
 * Counted in the app's LimiterStore (../limits): per process, or with REDIS_URL across every instance, keyed by a
 * hash of the address (Redis holds no address book). With Redis unreachable the throttle fails closed: no email,
 * and the log says why.
 */

import * as Crypto from 'crypto';

import { LimiterUnavailableError, type LimiterStore } from '../limits';
import { memoryLimiterStore } from '../limits/memory';
import { mailLog, maskEmail, type MailDelivery } from './mail';


export interface AddressLimitOptions {
    /** Mails per address per window. */
    readonly max: number;
    readonly windowMs: number;
    /** For tests of the memory store. */
    readonly now?: () => number;
    /** Addresses remembered at most by the memory store; the least recently used go first. */
    readonly maxAddresses?: number;
}

export const resetMailLimit: AddressLimitOptions = { max: 3, windowMs: 15 * 60 * 1000 };

/** Why an email was not sent, for the log line. */
export type AddressRefusal = 'over-limit' | 'unavailable';

export const addressKey = (address: string): string => Crypto.createHash('sha256').update(address.trim().toLowerCase()).digest('base64url');


/**
 * Returns `allow(address)`: resolves 'ok', and counted, while the address is under the limit, else why not.
 * `id` names the counts in `store` (the same id shares them); without a store, this process's memory.
 */
export const addressLimiter = (options: AddressLimitOptions, store?: LimiterStore, id = 'mail:address'): ((address: string) => Promise<'ok' | AddressRefusal>) => {

    const limiter = (store ?? memoryLimiterStore({ now: options.now, maxKeys: options.maxAddresses }))
        .limiter(id, { limit: options.max, windowMs: options.windowMs }, 'refuse');

    return async (address) => {

        try {
            return await limiter.hit(addressKey(address)) === 0 ? 'ok' : 'over-limit';
        }
        catch (err) {
            if (err instanceof LimiterUnavailableError) {
                return 'unavailable';
            }

            throw err;
        }
    };
};

/** The log line for an email not sent, with a masked address. */
export const refusalLine = (what: string, email: string, refusal: AddressRefusal, options: AddressLimitOptions = resetMailLimit): string => {

    return refusal === 'over-limit' ?
        `[mail] ${what} to ${maskEmail(email)} not sent: ${options.max} already sent in ${options.windowMs / 60_000} min` :
        `[mail] ${what} to ${maskEmail(email)} not sent: the rate-limit store is unreachable`;
};

/** The delivery with reset emails limited per address, counted in `store`. */
export const withResetMailLimit = (delivery: MailDelivery, store?: LimiterStore, options: AddressLimitOptions = resetMailLimit): MailDelivery => {

    const allow = addressLimiter(options, store, 'mail:reset');
    const service = delivery.passwordReset.service;
    return {
        ...delivery,
        passwordReset: {
            service: {
                sendEmail: async (input) => {

                    const verdict = await allow(input.user.email);
                    if (verdict === 'ok') {
                        return service.sendEmail(input);
                    }

                    mailLog.sink(refusalLine('reset email', input.user.email, verdict, options));
                }
            }
        }
    };
};
