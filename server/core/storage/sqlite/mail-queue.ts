import type { Database } from 'better-sqlite3';

import type { MailLease, MailQueueStore, NewQueuedMail } from '..';
import { toQueuedMail, type MailRow } from '../rows';


export const createMailQueueStore = (db: Database): MailQueueStore => {

    const statements = {
        insert: db.prepare(`INSERT INTO mail_queue (app_id, id, recipient, subject, body, state, attempts, created_at, next_attempt_at, claimed_until, lease_token)
                            VALUES (@appId, @id, @to, @subject, @text, 'pending', @attempts, @createdAt, @createdAt, @claimedUntil, @leaseToken) RETURNING *`),
        delete: db.prepare('DELETE FROM mail_queue WHERE app_id = ? AND id = ?'),
        // One statement: better-sqlite3 runs it to completion, and other processes wait for the write lock.
        claim: db.prepare(`UPDATE mail_queue SET claimed_until = @until, lease_token = @token, attempts = attempts + 1
                           WHERE app_id = @appId AND id IN (
                               SELECT id FROM mail_queue
                               WHERE app_id = @appId AND state = 'pending' AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until <= @now)
                               ORDER BY next_attempt_at, created_at LIMIT @limit)
                           RETURNING *`),
        markSent: db.prepare(`UPDATE mail_queue SET state = 'sent', body = '', finished_at = @now, claimed_until = NULL, lease_token = NULL
                              WHERE app_id = @appId AND id = @id AND state <> 'sent' RETURNING id`),
        get: db.prepare('SELECT * FROM mail_queue WHERE app_id = ? AND id = ?'),
        retry: db.prepare(`UPDATE mail_queue SET next_attempt_at = @retryAt, claimed_until = NULL, lease_token = NULL, last_error = @error, last_error_at = @now
                           WHERE app_id = @appId AND id = @id AND lease_token = @token AND state = 'pending' RETURNING *`),
        fail: db.prepare(`UPDATE mail_queue SET state = 'failed', body = '', finished_at = @now, claimed_until = NULL, lease_token = NULL, last_error = @error, last_error_at = @now
                          WHERE app_id = @appId AND id = @id AND lease_token = @token AND state = 'pending' RETURNING *`),
        counts: db.prepare(`SELECT COALESCE(SUM(state = 'pending'), 0) AS pending, COALESCE(SUM(state = 'failed'), 0) AS failed
                            FROM mail_queue WHERE app_id = ? AND state <> 'sent'`),
        recentErrors: db.prepare('SELECT * FROM mail_queue WHERE app_id = ? AND state <> \'sent\' AND last_error IS NOT NULL ORDER BY last_error_at DESC, id LIMIT ?'),
        deleteFinished: db.prepare('DELETE FROM mail_queue WHERE state IN (\'sent\', \'failed\') AND finished_at < ?')
    };

    const row = (appId: string, mail: NewQueuedMail, lease?: MailLease) => ({
        appId,
        ...mail,
        attempts: lease ? 1 : 0,
        claimedUntil: lease?.until ?? null,
        leaseToken: lease?.token ?? null
    });

    const enqueueDiscarded = db.transaction((appId: string, mail: NewQueuedMail) => {

        statements.insert.run(row(appId, mail));
        statements.delete.run(appId, mail.id);
    });

    return {
        enqueue: async (appId, mail, lease) => toQueuedMail(statements.insert.get(row(appId, mail, lease)) as MailRow),
        enqueueDiscarded: async (appId, mail) => enqueueDiscarded.immediate(appId, mail),
        claim: async (appId, now, lease, limit) => (statements.claim.all({ appId, now, until: lease.until, token: lease.token, limit }) as MailRow[]).map(toQueuedMail),
        get: async (appId, id) => {

            const found = statements.get.get(appId, id) as MailRow | undefined;
            return found && toQueuedMail(found);
        },
        markSent: async (appId, id, now) => {

            return statements.markSent.get({ appId, id, now }) !== undefined || statements.get.get(appId, id) !== undefined;
        },
        markFailed: async (appId, id, leaseToken, failure) => {

            const values = { appId, id, token: leaseToken, error: failure.error, now: failure.now, retryAt: failure.retryAt };
            const changed = failure.retryAt === undefined ? statements.fail.get(values) : statements.retry.get(values);
            return changed === undefined ? undefined : toQueuedMail(changed as MailRow);
        },
        counts: async (appId) => statements.counts.get(appId) as { pending: number; failed: number },
        recentErrors: async (appId, limit) => (statements.recentErrors.all(appId, limit) as MailRow[]).map(toQueuedMail),
        deleteFinishedBefore: async (time) => statements.deleteFinished.run(time).changes
    };
};
