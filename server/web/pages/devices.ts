/*
 * The signed-in user's sessions as people think of them: devices. Each with its browser and system ("Chrome on
 * macOS", user-agent.ts), the IP address it signed in from (both kept in the session's data, auth/session-context.ts),
 * when it signed in, when it was last active, and when it ends. This device first, then the others, newest first.
 *
 * "Last active" is the session's latest refresh in the core's audit trail (the Staffgate core; an official core has
 * none, and then it is the sign-in time), read when the page opens rather than written on every refresh.
 */

import Session, { type SessionContainer, type SessionInformation } from 'supertokens-node/recipe/session';

import { sessionClientOf } from '../auth/session-context';
import type { AuditEventView, CoreExtensions } from '../core-extensions';
import { describeTime, type TimeView } from './dates';
import { sessionEndsOf, type AbsoluteEnds, type SessionEnds } from './session-ends';
import { describeUserAgent, type UserAgentView } from './user-agent';


export interface DeviceView extends SessionEnds {
    readonly handle: string;
    readonly device: UserAgentView;
    readonly ip: string | undefined;
    readonly signedIn: TimeView;
    /** The latest refresh, else the sign-in; undefined for this device (it is active now). */
    readonly lastActive: TimeView | undefined;
    readonly current: boolean;
}

/** How many of the user's latest refresh events are read to date each session's last activity. */
export const refreshEventsRead = 500;

/** Session handle → time of its latest refresh, from `refresh` audit events (newest first, as the core lists them). */
export const latestRefreshes = (events: readonly AuditEventView[]): Map<string, number> => {

    const latest = new Map<string, number>();
    for (const event of events) {                   // newest first: the first time a handle appears is its latest
        const handle = event.details.sessionHandle;
        if (typeof handle === 'string' && !latest.has(handle)) {
            latest.set(handle, event.time);
        }
    }

    return latest;
};

/** Session handle → time of its latest refresh, from the audit trail; empty against an official core. */
export const lastRefreshes = async (extensions: CoreExtensions, userId: string): Promise<Map<string, number>> => {

    if (!await extensions.available()) {
        return new Map();
    }

    return latestRefreshes((await extensions.listAudit({ userId, event: 'refresh', limit: refreshEventsRead })).events);
};

/** The user's live sessions as the SDK describes them (a session that ends while they are read is left out). */
export const liveSessionsOf = async (userId: string): Promise<SessionInformation[]> => {

    const handles = await Session.getAllSessionHandlesForUser(userId);
    const infos = await Promise.all(handles.map((handle) => Session.getSessionInformation(handle)));
    return infos.filter((info) => info !== undefined);
};

/** The user's live sessions as devices: this one first, then the others, newest first. */
export const devicesOf = async (session: SessionContainer, extensions: CoreExtensions, absoluteEnds: AbsoluteEnds): Promise<DeviceView[]> => {

    const [infos, refreshes] = await Promise.all([liveSessionsOf(session.getUserId()), lastRefreshes(extensions, session.getUserId())]);
    const current = session.getHandle();
    return infos
        .sort((a, b) => Number(b.sessionHandle === current) - Number(a.sessionHandle === current) || b.timeCreated - a.timeCreated)
        .map((info) => {

            const client = sessionClientOf(info.sessionDataInDatabase);
            const isCurrent = info.sessionHandle === current;
            return {
                handle: info.sessionHandle,
                device: describeUserAgent(client.userAgent),
                ip: client.ip,
                signedIn: describeTime(info.timeCreated),
                lastActive: isCurrent ? undefined : describeTime(refreshes.get(info.sessionHandle) ?? info.timeCreated),
                current: isCurrent,
                ...sessionEndsOf(info, absoluteEnds)
            };
        });
};
