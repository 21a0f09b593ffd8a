/*
 * RFC 6238 time-based one-time codes as the official core makes them: HMAC-SHA1, 6 digits, a 160-bit secret
 * written in RFC 4648 Base32 without padding. A code is accepted when it equals, as a string, the code of
 * `now + i·period` for some `i` in [-skew, +skew]. Comparisons run in constant time.
 */

import * as Crypto from 'crypto';

import { constantTimeEqual } from './crypto';


export const totpDigits = 6;

const base32Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';


/** RFC 4648 Base32, upper case, no padding. */
export const encodeBase32 = (bytes: Uint8Array): string => {

    let bits = 0;
    let value = 0;
    let text = '';
    for (const byte of bytes) {
        value = (value << 8) | byte;
        bits += 8;
        while (bits >= 5) {
            text += base32Alphabet[(value >>> (bits - 5)) & 31];
            bits -= 5;
        }
    }

    if (bits > 0) {
        text += base32Alphabet[(value << (5 - bits)) & 31];
    }

    return text;
};

export const decodeBase32 = (text: string): Buffer => {

    const bytes: number[] = [];
    let bits = 0;
    let value = 0;
    for (const char of text.replace(/=+$/, '').toUpperCase()) {
        const index = base32Alphabet.indexOf(char);
        if (index < 0) {
            throw new Error('Invalid Base32 character');
        }

        value = (value << 5) | index;
        bits += 5;
        if (bits >= 8) {
            bytes.push((value >>> (bits - 8)) & 255);
            bits -= 8;
        }
    }

    return Buffer.from(bytes);
};

/** A new secret: 20 random bytes (the size of an HMAC-SHA1 key), 32 Base32 characters. */
export const newTotpSecret = (): string => encodeBase32(Crypto.randomBytes(20));

/** The HOTP code (RFC 4226) of a counter, zero-padded. */
export const hotp = (key: Buffer, counter: number): string => {

    const message = Buffer.alloc(8);
    message.writeBigUInt64BE(BigInt(counter));
    const mac = Crypto.createHmac('sha1', key).update(message).digest();
    const offset = mac[mac.length - 1]! & 0x0f;
    const binary = mac.readUInt32BE(offset) & 0x7fff_ffff;
    return String(binary % 10 ** totpDigits).padStart(totpDigits, '0');
};

export interface TotpParameters {
    readonly secret: string;
    /** Seconds. */
    readonly period: number;
    /** Periods either side of now. */
    readonly skew: number;
}

/** The code of the device at `time` (ms). */
export const totpAt = (device: Pick<TotpParameters, 'secret' | 'period'>, time: number): string => {

    return hotp(decodeBase32(device.secret), Math.floor(time / 1000 / device.period));
};

/** Whether `code` is the device's code for any period within its skew of `now` (every candidate is compared). */
export const matchesTotp = (device: TotpParameters, code: string, now: number): boolean => {

    const key = decodeBase32(device.secret);
    const counter = Math.floor(now / 1000 / device.period);
    let matched = false;
    for (let i = -device.skew; i <= device.skew; ++i) {
        if (counter + i >= 0) {
            matched = constantTimeEqual(hotp(key, counter + i), code) || matched;
        }
    }

    return matched;
};

/** How long a used code blocks its replay: the whole window in which the device would accept it, ms. */
export const replayWindow = (device: Pick<TotpParameters, 'period' | 'skew'>): number => device.period * (2 * device.skew + 1) * 1000;
