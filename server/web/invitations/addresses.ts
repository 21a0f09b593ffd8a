/*
 * The admin's pasted list of addresses: separated by commas, semicolons or new lines, each trimmed and
 * lower-cased (as the core normalises them), repeats dropped; what is not an email address is set apart so the
 * page can say so for each.
 */

import Joi from 'joi';


const emailSchema = Joi.string().email({ tlds: false }).max(256);

/** At most this many addresses in one go: each is one core call and one email. */
export const maxAddresses = 200;

export interface ParsedAddresses {
    readonly valid: string[];
    readonly invalid: string[];
}

export const parseAddresses = (text: string): ParsedAddresses => {

    const entries = [...new Set(text.split(/[\n,;]/).map((entry) => entry.trim().toLowerCase()).filter(Boolean))];
    const valid: string[] = [];
    const invalid: string[] = [];
    for (const entry of entries) {
        (emailSchema.validate(entry).error ? invalid : valid).push(entry);
    }

    return { valid, invalid };
};
