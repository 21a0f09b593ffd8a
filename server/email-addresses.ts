/*
 * Email addresses, internationalised (RFC 6531: UTF-8 in the local part and the domain), normalised and checked
 * the same way by the web app and the core, so that one person has one account however the address is typed.
 *
 * The normal form: trimmed, Unicode NFC, lower-cased (the whole address, as Staffgate always did), and the domain
 * as Unicode (U-labels): `JÜRGEN.müller@BÜCHER.example`, `jürgen.müller@xn--bcher-kva.example` and the NFD
 * spelling all become `jürgen.müller@bücher.example`. The domain goes back to punycode only on the wire, when the
 * SMTP server does not speak SMTPUTF8 (nodemailer does that).
 *
 * Homographs: a part of the address (the local part, or one label of the domain) may not mix letters of scripts
 * that look alike (Latin with Cyrillic or Greek, say `pаypal` with a Cyrillic а). The combinations real names use
 * are allowed: Latin with Han, Hiragana and Katakana (Japanese), with Han and Bopomofo (Chinese), with Han and
 * Hangul (Korean) — the "highly restrictive" profile of Unicode's UTS #39. An address wholly in one other script
 * that imitates a Latin one (all-Cyrillic `аррӏе`) is not detectable this way; docs/security.md says what that means.
 */

import * as Url from 'url';


/** The normal form (see above); an address without `@` or with a domain that is not a valid IDN keeps its lower-cased NFC form. */
export const normaliseEmail = (email: string): string => {

    const folded = email.trim().normalize('NFC').toLowerCase().normalize('NFC');
    const at = folded.lastIndexOf('@');
    if (at < 0) {
        return folded;
    }

    const domain = folded.slice(at + 1);
    return `${folded.slice(0, at)}@${Url.domainToUnicode(domain) || domain}`;
};


const scripts = ['Latin', 'Cyrillic', 'Greek', 'Armenian', 'Georgian', 'Hebrew', 'Arabic', 'Han', 'Hiragana', 'Katakana', 'Bopomofo', 'Hangul', 'Thai', 'Devanagari', 'Cherokee'] as const;
type Script = (typeof scripts)[number] | 'Other';

const scriptTests = scripts.map((script) => [script, new RegExp(`\\p{Script=${script}}`, 'u')] as const);

const scriptOf = (letter: string): Script => scriptTests.find(([, test]) => test.test(letter))?.[0] ?? 'Other';

/** Script sets a single part may have beyond one script (UTS #39, highly restrictive). */
const allowedMixes: ReadonlySet<Script>[] = [
    new Set(['Latin', 'Han', 'Hiragana', 'Katakana']),
    new Set(['Latin', 'Han', 'Bopomofo']),
    new Set(['Latin', 'Han', 'Hangul'])
];

/** Whether `part` uses letters of one script, or of one of the allowed mixes. Digits, punctuation and marks do not count. */
export const isSingleScript = (part: string): boolean => {

    const used = new Set([...part].filter((char) => /\p{L}/u.test(char)).map(scriptOf));
    return used.size <= 1 || allowedMixes.some((mix) => [...used].every((script) => mix.has(script)));
};

/** Whether the address mixes look-alike scripts in its local part or in one of its domain labels. */
export const mixesScripts = (email: string): boolean => {

    const at = email.lastIndexOf('@');
    const parts = [email.slice(0, at), ...email.slice(at + 1).split('.')];
    return !parts.every(isSingleScript);
};
