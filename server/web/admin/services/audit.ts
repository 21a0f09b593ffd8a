/*
 * The audit trail as the admin pages show it: the core's events (GET /staffgate/audit) with the emails of the
 * users and acting admins they name, looked up once per id.
 */

import SuperTokens from 'supertokens-node';

import type { AuditEventView, AuditFilter, CoreExtensions } from '../../core-extensions';
import { describeTime, type TimeView } from '../../pages/dates';
import { userPath } from '../paths';


export interface PersonView {
    readonly id: string;
    /** Their admin page. */
    readonly path: string;
    /** Undefined when the user is gone (events outlive their users) or has no email. */
    readonly email: string | undefined;
}

export interface AuditRow {
    readonly id: number;
    readonly time: TimeView;
    readonly event: string;
    readonly user: PersonView | undefined;
    readonly actor: PersonView | undefined;
    readonly ip: string | undefined;
    readonly userAgent: string | undefined;
    /** The details as compact JSON ('' when empty), shown as text. */
    readonly details: string;
}

/** Emails of these user ids (each looked up once, in parallel). */
export const emailsOf = async (ids: Iterable<string>): Promise<Map<string, string | undefined>> => {

    const unique = [...new Set(ids)];
    const users = await Promise.all(unique.map((id) => SuperTokens.getUser(id)));
    return new Map(unique.map((id, index) => [id, users[index]?.emails[0]]));
};

export const describeEvents = async (events: readonly AuditEventView[]): Promise<AuditRow[]> => {

    const emails = await emailsOf(events.flatMap((event) => [event.userId, event.actorId].filter((id): id is string => id !== undefined)));
    const person = (id: string | undefined): PersonView | undefined => (id === undefined ? undefined : { id, path: userPath(id), email: emails.get(id) });
    return events.map((event) => ({
        id: event.id,
        time: describeTime(event.time),
        event: event.event,
        user: person(event.userId),
        actor: person(event.actorId),
        ip: event.ip,
        userAgent: event.userAgent,
        details: Object.keys(event.details).length ? JSON.stringify(event.details) : ''
    }));
};

export interface AuditPage {
    readonly rows: AuditRow[];
    /** The core's cursor for the next (older) page, when there is one. */
    readonly nextCursor: string | undefined;
}

export const auditPage = async (extensions: CoreExtensions, filter: AuditFilter, options: { limit: number; cursor?: string }): Promise<AuditPage> => {

    const { events, nextCursor } = await extensions.listAudit({ ...filter, ...options });
    return { rows: await describeEvents(events), nextCursor };
};
