/*
 * The admin's pasted list of addresses: separated by commas, semicolons or new lines, each in the normal form the
 * core uses (email-addresses.ts: NFC, lower case, Unicode domain), repeats dropped; what is not an email address,
 * or mixes look-alike scripts, is set apart so the page can say so for each.
 */

import Joi from 'joi';

import { mixesScripts, normaliseEmail } from '../../email-addresses';


const emailSchema = Joi.string().email({ tlds: false }).max(256);

/** At most this many addresses in one go: each is one core call and one email. */
export const maxAddresses = 200;

export interface ParsedAddresses {
    readonly valid: string[];
    readonly invalid: string[];
}

export const parseAddresses = (text: string): ParsedAddresses => {

    const entries = [...new Set(text.split(/[\n,;]/).map((entry) => normaliseEmail(entry)).filter(Boolean))];
    const valid: string[] = [];
    const invalid: string[] = [];
    for (const entry of entries) {
        (emailSchema.validate(entry).error || mixesScripts(entry) ? invalid : valid).push(entry);
    }

    return { valid, invalid };
};
