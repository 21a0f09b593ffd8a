import type { Database } from 'better-sqlite3';

import type { LockoutStore } from '..';
import { toLockoutState, type LockoutRow } from '../rows';


export const createLockoutStore = (db: Database): LockoutStore => {

    // One statement claims the attempt: a stale counter restarts at 1; otherwise the counter goes up only while it
    // is below the threshold, or once the lock has run out. While the verdict on an attempt at the threshold is
    // pending, locked_until is NULL and further attempts are refused until lockUntil() or clear() runs.
    const claim = db.prepare(`
        INSERT INTO sign_in_lockouts (app_id, user_id, failures, last_failure_at, locked_until)
        VALUES (@appId, @userId, 1, @now, NULL)
        ON CONFLICT (app_id, user_id) DO UPDATE SET
            failures = CASE WHEN sign_in_lockouts.last_failure_at <= @now - @resetAfter THEN 1 ELSE sign_in_lockouts.failures + 1 END,
            last_failure_at = @now,
            locked_until = NULL
        WHERE sign_in_lockouts.last_failure_at <= @now - @resetAfter
           OR (sign_in_lockouts.failures < @threshold AND sign_in_lockouts.locked_until IS NULL)
           OR sign_in_lockouts.locked_until <= @now
        RETURNING failures`);

    const statements = {
        lock: db.prepare('UPDATE sign_in_lockouts SET locked_until = ? WHERE app_id = ? AND user_id = ? AND failures = ?'),
        get: db.prepare('SELECT * FROM sign_in_lockouts WHERE app_id = ? AND user_id = ?'),
        locked: db.prepare('SELECT * FROM sign_in_lockouts WHERE app_id = ? AND failures >= ? AND (locked_until IS NULL OR locked_until > ?) ORDER BY last_failure_at DESC'),
        clear: db.prepare('DELETE FROM sign_in_lockouts WHERE app_id = ? AND user_id = ?'),
        trust: db.prepare(`INSERT INTO sign_in_trusted_sources (app_id, user_id, source, trusted_at, failures) VALUES (?, ?, ?, ?, 0)
                           ON CONFLICT (app_id, user_id, source) DO UPDATE SET trusted_at = excluded.trusted_at, failures = 0`),
        claimTrusted: db.prepare(`UPDATE sign_in_trusted_sources SET failures = failures + 1
                                  WHERE app_id = ? AND user_id = ? AND source = ? AND trusted_at >= ? AND failures < ? RETURNING failures`)
    };

    return {
        claimAttempt: async (appId, userId, now, policy) => {

            return claim.get({ appId, userId, now, resetAfter: policy.resetAfter, threshold: policy.threshold }) !== undefined;
        },

        lockUntil: async (appId, userId, failures, until) => {

            statements.lock.run(until, appId, userId, failures);
        },

        getState: async (appId, userId) => {

            const row = statements.get.get(appId, userId) as LockoutRow | undefined;
            return row && toLockoutState(row);
        },

        listLocked: async (appId, now, threshold) => (statements.locked.all(appId, threshold, now) as LockoutRow[]).map(toLockoutState),

        clear: async (appId, userId) => {

            statements.clear.run(appId, userId);
        },

        trustSource: async (appId, userId, source, now) => {

            statements.trust.run(appId, userId, source, now);
        },

        claimTrustedAttempt: async (appId, userId, source, since, maxFailures) => statements.claimTrusted.get(appId, userId, source, since, maxFailures) !== undefined
    };
};
