/*
 * RFC 6238 codes computed by the tests themselves (HMAC-SHA1, 6 digits), written apart from the core's own code
 * so that a mistake in either shows up as a failing test. Checked against the RFC's test vectors.
 */

import * as Crypto from 'crypto';


const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

const base32ToBuffer = (secret: string): Buffer => {

    const bits = [...secret.toUpperCase()].map((char) => {

        const index = alphabet.indexOf(char);
        if (index < 0) {
            throw new Error(`not Base32: ${char}`);
        }

        return index.toString(2).padStart(5, '0');
    }).join('');

    const bytes = bits.match(/.{8}/g) ?? [];
    return Buffer.from(bytes.map((byte) => parseInt(byte, 2)));
};

/** The code of `key` (raw bytes) for a counter. */
export const hotpOf = (key: Buffer, counter: number): string => {

    const message = Buffer.from(counter.toString(16).padStart(16, '0'), 'hex');
    const hmac = Crypto.createHmac('sha1', key).update(message).digest();
    const offset = hmac[19]! & 0xf;
    const value = ((hmac[offset]! & 0x7f) << 24) | (hmac[offset + 1]! << 16) | (hmac[offset + 2]! << 8) | hmac[offset + 3]!;
    return (value % 1_000_000).toString().padStart(6, '0');
};

/** The code of a Base32 secret at `timeMs`, for a period in seconds (30 by default). */
export const totpCode = (secret: string, timeMs: number, period = 30): string => hotpOf(base32ToBuffer(secret), Math.floor(timeMs / 1000 / period));

/** A 6-digit code that is not the device's code for any period within `skew` of `timeMs`. */
export const wrongCode = (secret: string, timeMs: number, period = 30, skew = 1): string => {

    const valid = new Set<string>();
    for (let i = -skew; i <= skew; ++i) {
        valid.add(totpCode(secret, timeMs + i * period * 1000, period));
    }

    for (let i = 0; ; ++i) {
        const candidate = String(i).padStart(6, '0');
        if (!valid.has(candidate)) {
            return candidate;
        }
    }
};

/** A clock the test moves by hand. */
export const manualClock = (start = Date.UTC(2026, 0, 1, 12, 0, 0)) => {

    let now = start;
    const clock = () => now;
    clock.advance = (ms: number) => {

        now += ms;
    };

    clock.set = (ms: number) => {

        now = ms;
    };

    return clock;
};
