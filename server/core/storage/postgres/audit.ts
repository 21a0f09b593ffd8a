import type { Pool } from 'pg';

import type { AuditQuery, AuditStore, StoredAuditEvent } from '..';


interface AuditRow {
    id: number | string;
    app_id: string;
    time: number;
    event: string;
    user_id: string | null;
    ip: string | null;
    user_agent: string | null;
    actor_id: string | null;
    details: string;
}

const toEvent = (row: AuditRow): StoredAuditEvent => ({
    id: Number(row.id),                                 // BIGSERIAL: a number, safe below 2^53
    appId: row.app_id,
    time: row.time,
    event: row.event,
    ...(row.user_id === null ? {} : { userId: row.user_id }),
    ...(row.ip === null ? {} : { ip: row.ip }),
    ...(row.user_agent === null ? {} : { userAgent: row.user_agent }),
    ...(row.actor_id === null ? {} : { actorId: row.actor_id }),
    details: JSON.parse(row.details)
});

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
            [event.appId, event.time, event.event, event.userId ?? null, event.ip ?? null, event.userAgent ?? null, event.actorId ?? null, JSON.stringify(event.details)]);
        },

        query: async (appId, query) => {

            const { where, values } = filters(appId, query);
            const { rows } = await pool.query<AuditRow>(`SELECT * FROM audit_events WHERE ${where} ORDER BY id DESC LIMIT $${values.length + 1}`, [...values, query.limit]);
            return rows.map(toEvent);
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
