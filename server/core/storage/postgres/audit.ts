import type { Pool } from 'pg';

import type { AuditQuery, AuditStore } from '..';
import { toAuditEvent, type AuditRow } from '../rows';
import type { AuditEvent } from '..';


/** An event's values for the columns (app_id, time, event, user_id, ip, user_agent, actor_id, details), in that order. */
export const auditEventValues = (event: AuditEvent) => [
    event.appId, event.time, event.event, event.userId ?? null, event.ip ?? null, event.userAgent ?? null, event.actorId ?? null, JSON.stringify(event.details)
];


const filters = (appId: string, query: Omit<AuditQuery, 'limit'>) => {

    const values: unknown[] = [appId];
    const conditions = ['app_id = $1'];
    const add = (condition: string, value: unknown) => {

        if (value !== undefined) {
            values.push(value);
            conditions.push(`${condition} $${values.length}`);
        }
    };

    add('user_id =', query.userId);
    if (query.email !== undefined) {
        values.push(query.email);
        const email = `$${values.length}`;
        // Two index searches (audit_events_user, audit_events_details_email) whose ids are united, as on SQLite.
        conditions.push(`id IN (SELECT id FROM audit_events WHERE app_id = $1 AND user_id IN (SELECT user_id FROM users WHERE app_id = $1 AND email = ${email})
                         UNION ALL SELECT id FROM audit_events WHERE app_id = $1 AND (details::jsonb ->> 'email') = ${email})`);
    }

    add('event =', query.event);
    add('time >=', query.from);
    add('time <', query.to);
    add('id <', query.beforeId);
    return { where: conditions.join(' AND '), values };
};


export const createAuditStore = (pool: Pool): AuditStore => {

    return {
        append: async (event) => {

            await pool.query(`INSERT INTO audit_events (app_id, time, event, user_id, ip, user_agent, actor_id, details)
                              VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            auditEventValues(event));
        },

        query: async (appId, query) => {

            const { where, values } = filters(appId, query);
            const { rows } = await pool.query<AuditRow>(`SELECT * FROM audit_events WHERE ${where} ORDER BY id DESC LIMIT $${values.length + 1}`, [...values, query.limit]);
            return rows.map(toAuditEvent);
        },

        count: async (appId, query) => {

            const { where, values } = filters(appId, query);
            const { rows: [row] } = await pool.query<{ count: number }>(`SELECT COUNT(*) AS count FROM audit_events WHERE ${where}`, values);
            return row!.count;
        },

        deleteOlderThan: async (time) => {

            const deleted = await pool.query('DELETE FROM audit_events WHERE time < $1', [time]);
            return deleted.rowCount!;
        }
    };
};
