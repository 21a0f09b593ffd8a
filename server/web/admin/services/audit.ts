/*
 * The audit trail as the admin pages show it: the core's events (GET /staffgate/audit) with readable names and
 * details (audit-descriptions.ts), the emails of the users and acting admins they name (looked up once per id), and
 * the user agent as "Chrome on macOS". Also the pages of the CSV export, read from the core a batch at a time.
 */

import SuperTokens from 'supertokens-node';

import type { AuditEventView, AuditFilter, CoreExtensions } from '../../core-extensions';
import { describeTime, type TimeView } from '../../pages/dates';
import { describeUserAgent, type UserAgentView } from '../../pages/user-agent';
import { describeAuditEvent } from '../audit-descriptions';
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
    /** The event's name as stored (`role_granted`). */
    readonly event: string;
    /** "Role granted". */
    readonly title: string;
    readonly user: PersonView | undefined;
    readonly actor: PersonView | undefined;
    readonly ip: string | undefined;
    readonly userAgent: UserAgentView | undefined;
    /** The details as text ("role: admin"; '' when there is nothing to add). */
    readonly details: string;
    /**
     * The same, phrase by phrase; `short` ones (and addresses, which would break at their hyphens) are kept on one
     * line, longer ones (a list of permissions, a ban's reason) wrap between words.
     */
    readonly detailParts: readonly { readonly text: string; readonly short: boolean }[];
    /** The details as stored, for the export. */
    readonly rawDetails: Record<string, unknown>;
}

type EmailCache = Map<string, string | undefined>;

/** Characters of a detail phrase shown unbroken; an address is never broken (at its hyphens). */
const maxUnbrokenPart = 24;

/** Emails of these user ids (each looked up once, in parallel), added to `known`. */
export const emailsOf = async (ids: Iterable<string>, known: EmailCache = new Map()): Promise<EmailCache> => {

    const unknown = [...new Set(ids)].filter((id) => !known.has(id));
    const users = await Promise.all(unknown.map((id) => SuperTokens.getUser(id)));
    unknown.forEach((id, index) => known.set(id, users[index]?.emails[0]));
    return known;
};

export const describeEvents = async (events: readonly AuditEventView[], known?: EmailCache): Promise<AuditRow[]> => {

    const emails = await emailsOf(events.flatMap((event) => [event.userId, event.actorId].filter((id): id is string => id !== undefined)), known);
    const person = (id: string | undefined): PersonView | undefined => (id === undefined ? undefined : { id, path: userPath(id), email: emails.get(id) });
    return events.map((event) => {

        const readable = describeAuditEvent(event.event, event.details);
        return {
            id: event.id,
            time: describeTime(event.time),
            event: event.event,
            title: readable.title,
            user: person(event.userId),
            actor: person(event.actorId),
            ip: event.ip,
            userAgent: event.userAgent === undefined ? undefined : describeUserAgent(event.userAgent),
            details: readable.details,
            detailParts: readable.parts.map((text) => ({ text, short: text.includes('@') || text.length <= maxUnbrokenPart })),
            rawDetails: event.details
        };
    });
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

/** The core's largest page. */
const batchSize = 500;

/** Emails remembered across batches of one export, up to this many ids (then forgotten, to bound memory). */
const maxRememberedEmails = 5000;

/** Every matching event, newest first, one batch from the core at a time (each asked for only when the reader wants it). */
export const auditBatches = async function* (extensions: CoreExtensions, filter: AuditFilter, size = batchSize): AsyncGenerator<AuditRow[]> {

    const emails: EmailCache = new Map();
    let cursor: string | undefined;
    do {
        if (emails.size > maxRememberedEmails) {
            emails.clear();
        }

        const page = await extensions.listAudit({ ...filter, limit: size, ...(cursor ? { cursor } : {}) });
        yield await describeEvents(page.events, emails);
        cursor = page.nextCursor;
    } while (cursor);
};
