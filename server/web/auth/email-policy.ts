/*
 * The email field of the SDK's forms (sign-up; the SDK uses the same validator for sign-in and reset requests, and
 * the sign-in link's): at most 254 characters (the longest address SMTP can deliver, RFC 5321), then the syntax.
 * Setting a validator replaces the SDK's own, so the syntax check is here too.
 *
 * Internationalised addresses (RFC 6531) are accepted: UTF-8 in the local part, and a domain of Unicode labels
 * (IDNA), checked through its ASCII (punycode) form. A local part or domain label that mixes look-alike scripts
 * (Latin and Cyrillic letters, say) is refused: see email-addresses.ts and docs/security.md.
 */

import * as Url from 'url';

import { mixesScripts, normaliseEmail } from '../../email-addresses';


export const maxEmailLength = 254;

export const emailTooLongMessage = `Use an email address of at most ${maxEmailLength} characters`;
export const emailInvalidMessage = 'Email is invalid';
export const emailMixedScriptsMessage = 'This address mixes letters of different alphabets that look alike (such as Latin and Cyrillic): check how it is spelled';

// A local part without spaces, control characters, quotes or brackets (any other Unicode is allowed), or a quoted one.
const localPart = /^(?:[^\s\p{Cc}@"<>()[\]\\,;:]+|"[^"\r\n]+")$/u;
// The domain's ASCII form: labels of letters, digits and hyphens, a top-level domain of letters or an A-label.
const asciiDomain = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** undefined when acceptable, else the message shown next to the field. */
export const validateEmail = async (value: unknown): Promise<string | undefined> => {

    if (typeof value !== 'string') {
        return 'Enter an email address';
    }

    const email = value.trim();
    if (email.length > maxEmailLength) {
        return emailTooLongMessage;
    }

    const at = email.lastIndexOf('@');
    const domain = Url.domainToASCII(email.slice(at + 1));
    if (at < 1 || !localPart.test(email.slice(0, at)) || domain.length > 253 || !asciiDomain.test(domain)) {
        return emailInvalidMessage;
    }

    return mixesScripts(normaliseEmail(email)) ? emailMixedScriptsMessage : undefined;
};
