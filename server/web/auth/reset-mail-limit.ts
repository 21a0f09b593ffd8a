/*
 * At most a few password-reset emails per address in a window, whoever asks.
 *
 * Threat: the per-IP rate limit (plugins/rate-limits.ts) does not stop someone with many addresses from flooding one
 * person's inbox with reset emails (20 in 3 s from 20 IPs). Over the limit the request still answers OK, as for
 * any address (anti-enumeration), and simply sends nothing; the log says so with a masked address.
 * In memory, per process.
 */

import type { MailDelivery } from './mail';


export interface AddressLimitOptions {
    /** Mails per address per window. */
    readonly max: number;
    readonly windowMs: number;
    readonly now?: () => number;
    /** Addresses remembered at most; the least recently used go first. */
    readonly maxAddresses?: number;
}

export const resetMailLimit: AddressLimitOptions = { max: 3, windowMs: 15 * 60 * 1000 };


/** Returns `allow(address)`: true, and counted, while the address is under the limit. */
export const addressLimiter = (options: AddressLimitOptions): ((address: string) => boolean) => {

    const now = options.now ?? Date.now;
    const maxAddresses = options.maxAddresses ?? 100_000;
    const sent = new Map<string, number[]>();

    return (address) => {

        const key = address.trim().toLowerCase();
        const time = now();
        const recent = (sent.get(key) ?? []).filter((at) => time - at < options.windowMs);
        sent.delete(key);                                       // Re-inserted below: the map stays in LRU order
        if (recent.length >= options.max) {
            sent.set(key, recent);
            return false;
        }

        sent.set(key, [...recent, time]);
        for (const oldest of sent.keys()) {
            if (sent.size <= maxAddresses) {
                break;
            }

            sent.delete(oldest);
        }

        return true;
    };
};

/** The delivery with reset emails limited per address; `refused` hears of each email not sent. */
export const withResetMailLimit = (delivery: MailDelivery, refused: (email: string) => void, options: AddressLimitOptions = resetMailLimit): MailDelivery => {

    const allow = addressLimiter(options);
    const service = delivery.passwordReset.service;
    return {
        ...delivery,
        passwordReset: {
            service: {
                sendEmail: async (input) => {

                    if (allow(input.user.email)) {
                        return service.sendEmail(input);
                    }

                    refused(input.user.email);
                }
            }
        }
    };
};
