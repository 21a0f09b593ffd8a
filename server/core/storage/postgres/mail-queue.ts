import type { Pool } from 'pg';

import type { MailLease, MailQueueStore, NewQueuedMail } from '..';
import { toQueuedMail, type MailRow } from '../rows';
import { withTransaction } from './transaction';


const insert = `INSERT INTO mail_queue (app_id, id, recipient, subject, body, state, attempts, created_at, next_attempt_at, claimed_until, lease_token)
                VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $7, $8, $9) RETURNING *`;

const insertValues = (appId: string, mail: NewQueuedMail, lease?: MailLease) => {

    return [appId, mail.id, mail.to, mail.subject, mail.text, lease ? 1 : 0, mail.createdAt, lease?.until ?? null, lease?.token ?? null];
};


export const createMailQueueStore = (pool: Pool): MailQueueStore => ({

    enqueue: async (appId, mail, lease) => toQueuedMail((await pool.query<MailRow>(insert, insertValues(appId, mail, lease))).rows[0]!),

    enqueueDiscarded: async (appId, mail) => {

        await withTransaction(pool, async (client) => {

            await client.query(insert, insertValues(appId, mail));
            await client.query('DELETE FROM mail_queue WHERE app_id = $1 AND id = $2', [appId, mail.id]);
        });
    },

    claim: async (appId, now, lease, limit) => {

        // SKIP LOCKED: a concurrent claim passes over the rows this one is taking instead of waiting for them, and
        // the outer UPDATE re-checks nothing it has not locked, so no two claims get one message.
        const { rows } = await pool.query<MailRow>(`UPDATE mail_queue SET claimed_until = $3, lease_token = $4, attempts = attempts + 1
                                                    WHERE app_id = $1 AND id IN (
                                                        SELECT id FROM mail_queue
                                                        WHERE app_id = $1 AND state = 'pending' AND next_attempt_at <= $2 AND (claimed_until IS NULL OR claimed_until <= $2)
                                                        ORDER BY next_attempt_at, created_at LIMIT $5
                                                        FOR UPDATE SKIP LOCKED)
                                                    RETURNING *`,
        [appId, now, lease.until, lease.token, limit]);
        return rows.map(toQueuedMail);
    },

    get: async (appId, id) => {

        const { rows: [found] } = await pool.query<MailRow>('SELECT * FROM mail_queue WHERE app_id = $1 AND id = $2', [appId, id]);
        return found && toQueuedMail(found);
    },

    markSent: async (appId, id, now) => {

        const { rows } = await pool.query<{ state: string }>(`WITH marked AS (
                                                                  UPDATE mail_queue SET state = 'sent', body = '', finished_at = $3, claimed_until = NULL, lease_token = NULL
                                                                  WHERE app_id = $1 AND id = $2 AND state <> 'sent' RETURNING id)
                                                              SELECT 1 AS found FROM marked UNION ALL SELECT 1 FROM mail_queue WHERE app_id = $1 AND id = $2`,
        [appId, id, now]);
        return rows.length > 0;
    },

    markFailed: async (appId, id, leaseToken, failure) => {

        const { rows } = failure.retryAt === undefined ?
            await pool.query<MailRow>(`UPDATE mail_queue SET state = 'failed', body = '', finished_at = $4, claimed_until = NULL, lease_token = NULL, last_error = $5, last_error_at = $4
                                       WHERE app_id = $1 AND id = $2 AND lease_token = $3 AND state = 'pending' RETURNING *`,
            [appId, id, leaseToken, failure.now, failure.error]) :
            await pool.query<MailRow>(`UPDATE mail_queue SET next_attempt_at = $6, claimed_until = NULL, lease_token = NULL, last_error = $5, last_error_at = $4
                                       WHERE app_id = $1 AND id = $2 AND lease_token = $3 AND state = 'pending' RETURNING *`,
            [appId, id, leaseToken, failure.now, failure.error, failure.retryAt]);
        return rows[0] === undefined ? undefined : toQueuedMail(rows[0]);
    },

    counts: async (appId) => {

        const { rows: [row] } = await pool.query<{ pending: number; failed: number }>(`SELECT COUNT(*) FILTER (WHERE state = 'pending') AS pending, COUNT(*) FILTER (WHERE state = 'failed') AS failed
                                                                                       FROM mail_queue WHERE app_id = $1 AND state <> 'sent'`, [appId]);
        return row!;
    },

    recentErrors: async (appId, limit) => {

        const { rows } = await pool.query<MailRow>('SELECT * FROM mail_queue WHERE app_id = $1 AND state <> \'sent\' AND last_error IS NOT NULL ORDER BY last_error_at DESC, id LIMIT $2', [appId, limit]);
        return rows.map(toQueuedMail);
    },

    deleteFinishedBefore: async (time) => (await pool.query('DELETE FROM mail_queue WHERE state IN (\'sent\', \'failed\') AND finished_at < $1', [time])).rowCount!
});
