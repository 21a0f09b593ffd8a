import type { Database } from 'better-sqlite3';

import type { AuditEvent, AuditQuery, AuditStore } from '..';
import { toAuditEvent, type AuditRow } from '../rows';


const filters = (appId: string, query: Omit<AuditQuery, 'limit'>) => {

    // With an email, the matching ids come from two index searches (below); `+app_id` keeps SQLite from reading
    // every event of the app through an index on app_id instead.
    const conditions = [query.email === undefined ? 'app_id = @appId' : '+app_id = @appId'];
    const params: Record<string, unknown> = { appId };
    const add = (condition: string, name: string, value: unknown) => {

        if (value !== undefined) {
            conditions.push(condition);
            params[name] = value;
        }
    };

    add('user_id = @userId', 'userId', query.userId);
    // Two index searches (audit_events_user, audit_events_details_email) whose ids are united: an OR would walk
    // every event. INDEXED BY: users_email holds the email (the planner otherwise reads each user's row).
    add(`id IN (SELECT id FROM audit_events WHERE app_id = @appId AND user_id IN (SELECT user_id FROM users INDEXED BY users_email WHERE app_id = @appId AND email = @email)
                UNION ALL SELECT id FROM audit_events WHERE app_id = @appId AND json_extract(details, '$.email') = @email)`, 'email', query.email);
    add('event = @event', 'event', query.event);
    add('time >= @from', 'from', query.from);
    add('time < @to', 'to', query.to);
    add('id < @beforeId', 'beforeId', query.beforeId);
    return { where: conditions.join(' AND '), params };
};


/** Appends one event, synchronously (so that it can be part of another store's transaction). */
export const auditAppender = (db: Database) => {

    const insert = db.prepare(`INSERT INTO audit_events (app_id, time, event, user_id, ip, user_agent, actor_id, details)
                               VALUES (@appId, @time, @event, @userId, @ip, @userAgent, @actorId, @details)`);

    return (event: AuditEvent): void => {

        insert.run({ userId: null, ip: null, userAgent: null, actorId: null, ...event, details: JSON.stringify(event.details) });
    };
};


export const createAuditStore = (db: Database): AuditStore => {

    const append = auditAppender(db);

    return {
        append: async (event) => append(event),

        query: async (appId, query) => {

            const { where, params } = filters(appId, query);
            const rows = db.prepare(`SELECT * FROM audit_events WHERE ${where} ORDER BY id DESC LIMIT @limit`).all({ ...params, limit: query.limit }) as AuditRow[];
            return rows.map(toAuditEvent);
        },

        count: async (appId, query) => {

            const { where, params } = filters(appId, query);
            return db.prepare(`SELECT COUNT(*) FROM audit_events WHERE ${where}`).pluck().get(params) as number;
        },

        deleteOlderThan: async (time) => db.prepare('DELETE FROM audit_events WHERE time < ?').run(time).changes
    };
};
