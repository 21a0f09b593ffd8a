/*
 * Small tools for the SDK-driven core tests: read a JWT without verifying it, see which requests reached a core,
 * and wait for the clock without wasting time.
 */

import { setTimeout as sleep } from 'timers/promises';

import type { Server } from '@hapi/hapi';


export { sleep };

export interface DecodedJwt {
    readonly header: { readonly kid: string; readonly [name: string]: any };
    readonly payload: { readonly iat: number; readonly exp: number; readonly [name: string]: any };
}


/** The header and payload of a JWT, unverified. */
export const decodeJwt = (token: string): DecodedJwt => {

    const [header, payload] = token.split('.');
    return {
        header: JSON.parse(Buffer.from(header ?? '', 'base64url').toString('utf8')),
        payload: JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'))
    };
};

/**
 * Records "METHOD /path" of every request that reaches the core from now on (tenant prefixes already stripped).
 * Empty the returned array (`length = 0`) to start over.
 */
export const recordRequests = (core: { readonly server: Server }): string[] => {

    const requests: string[] = [];
    core.server.ext('onRequest', (request, h) => {

        requests.push(`${request.method.toUpperCase()} ${request.path}`);
        return h.continue;
    });

    return requests;
};

/**
 * Access tokens carry whole seconds (`exp = floor(now) + validity`), so a 1 s token made late in a second lives only
 * milliseconds. Waits, when needed, until at least `minMs` are left in the current second.
 */
export const untilFreshSecond = async (minMs = 600): Promise<void> => {

    const left = 1000 - (Date.now() % 1000);
    if (left < minMs) {
        await sleep(left + 10);
    }
};

/** Waits until `time` (ms since the epoch) has passed by `marginMs`. */
export const until = async (time: number, marginMs = 50): Promise<void> => {

    const wait = time + marginMs - Date.now();
    if (wait > 0) {
        await sleep(wait);
    }
};
