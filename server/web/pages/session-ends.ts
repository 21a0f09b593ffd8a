/*
 * When a session ends, for the dashboard and the admin user page. The end if unused is the session's expiry, which
 * every CDI core gives (`getSessionInformation`). The end however it is used (CORE_SESSION_MAX_HOURS, or
 * SESSION_REMEMBER_DAYS for a "keep me signed in" session) is a Staffgate core extension, read from
 * /staffgate/sessions/ends: an official core has no such end, and then none is shown.
 */

import { isRemembered } from '../auth/remember-me';
import type { CoreExtensions, SessionEndsView } from '../core-extensions';
import { describeTime, type TimeView } from './dates';


export interface SessionEnds {
    /** When the session ends unless it is used (each refresh moves it, up to the absolute end). */
    readonly expires: TimeView;
    /** When it ends however it is used; undefined when the core sets no such end. */
    readonly absoluteEnd: TimeView | undefined;
    /** Signed in with "Keep me signed in on this device". */
    readonly remembered: boolean;
}

/** Session handle → absolute end (ms), for the user's live sessions; empty against an official core. */
export type AbsoluteEnds = ReadonlyMap<string, number>;

export const absoluteEndsOf = async (extensions: CoreExtensions, userId: string): Promise<AbsoluteEnds> => {

    if (!await extensions.available()) {
        return new Map();
    }

    return absoluteEndsFrom(await extensions.sessionEnds(userId));
};

/** The absolute ends among the core's session ends (a session without one never ends on its own). */
export const absoluteEndsFrom = (sessions: readonly SessionEndsView[]): AbsoluteEnds => {

    return new Map(sessions.flatMap((session) => (session.absoluteEnd === undefined ? [] : [[session.sessionHandle, session.absoluteEnd] as const])));
};

/** The ends of one session, from the SDK's session information and the absolute ends of its user. */
export const sessionEndsOf = (info: { sessionHandle: string; expiry: number; sessionDataInDatabase: unknown }, absoluteEnds: AbsoluteEnds): SessionEnds => {

    const absoluteEnd = absoluteEnds.get(info.sessionHandle);
    return {
        expires: describeTime(info.expiry),
        absoluteEnd: absoluteEnd === undefined ? undefined : describeTime(absoluteEnd),
        remembered: isRemembered(info.sessionDataInDatabase)
    };
};
