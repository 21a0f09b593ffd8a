/*
 * A session's user agent as people read it: "Chrome on macOS", with the raw string kept for a `title` (hover).
 * ua-parser-js 1.x (MIT; 2.x is AGPL) does the parsing. Shared by the staff dashboard and the admin tables.
 */

import UAParser from 'ua-parser-js';


export interface UserAgentView {
    /** "Chrome on macOS", "Firefox", "macOS", or "Unknown browser" when nothing is recognised. */
    readonly label: string;
    /** The user agent string as the browser sent it ('' when there was none), for a `title`. */
    readonly raw: string;
}

/** Longer strings are not a browser's: they are not parsed (and are cut for display). */
const maxLength = 512;

export const describeUserAgent = (ua: string | null | undefined): UserAgentView => {

    const raw = typeof ua === 'string' ? ua.slice(0, maxLength) : '';
    if (!raw.trim()) {
        return { raw, label: 'Unknown browser' };
    }

    const parsed = new UAParser(raw).getResult();
    const browser = parsed.browser.name;
    const os = parsed.os.name ? (parsed.os.name === 'Mac OS' ? 'macOS' : parsed.os.name) : undefined;
    const label = browser && os ? `${browser} on ${os}` : browser ?? os ?? 'Unknown browser';
    return { label, raw };
};
