import type { Pool } from 'pg';

import type { LockoutStore } from '..';
import { toLockoutState, type LockoutRow } from '../rows';


// One statement claims the attempt: a stale counter restarts at 1; otherwise the counter goes up only while it is
// below the threshold, or once the lock has run out. While the verdict on an attempt at the threshold is pending,
// locked_until is NULL and further attempts are refused until lockUntil() or clear() runs. Racing claims queue on
// the row lock and each re-evaluates the WHERE on the row its predecessor left, so at most `threshold` get through.
const claim = `
    INSERT INTO sign_in_lockouts (app_id, user_id, failures, last_failure_at, locked_until)
    VALUES ($1, $2, 1, $3, NULL)
    ON CONFLICT (app_id, user_id) DO UPDATE SET
        failures = CASE WHEN sign_in_lockouts.last_failure_at <= $3::bigint - $4::bigint THEN 1 ELSE sign_in_lockouts.failures + 1 END,
        last_failure_at = $3,
        locked_until = NULL
    WHERE sign_in_lockouts.last_failure_at <= $3::bigint - $4::bigint
       OR (sign_in_lockouts.failures < $5 AND sign_in_lockouts.locked_until IS NULL)
       OR sign_in_lockouts.locked_until <= $3
    RETURNING failures`;


export const createLockoutStore = (pool: Pool): LockoutStore => {

    return {
        claimAttempt: async (appId, userId, now, policy) => {

            const claimed = await pool.query(claim, [appId, userId, now, policy.resetAfter, policy.threshold]);
            return claimed.rowCount === 1;
        },

        lockUntil: async (appId, userId, failures, until) => {

            await pool.query('UPDATE sign_in_lockouts SET locked_until = $1 WHERE app_id = $2 AND user_id = $3 AND failures = $4', [until, appId, userId, failures]);
        },

        getState: async (appId, userId) => {

            const { rows: [row] } = await pool.query<LockoutRow>('SELECT * FROM sign_in_lockouts WHERE app_id = $1 AND user_id = $2', [appId, userId]);
            return row && toLockoutState(row);
        },

        listLocked: async (appId, now, threshold) => {

            const { rows } = await pool.query<LockoutRow>('SELECT * FROM sign_in_lockouts WHERE app_id = $1 AND failures >= $2 AND (locked_until IS NULL OR locked_until > $3) ORDER BY last_failure_at DESC', [appId, threshold, now]);
            return rows.map(toLockoutState);
        },

        clear: async (appId, userId) => {

            await pool.query('DELETE FROM sign_in_lockouts WHERE app_id = $1 AND user_id = $2', [appId, userId]);
        },

        trustSource: async (appId, userId, source, now) => {

            await pool.query(`INSERT INTO sign_in_trusted_sources (app_id, user_id, source, trusted_at, failures) VALUES ($1, $2, $3, $4, 0)
                              ON CONFLICT (app_id, user_id, source) DO UPDATE SET trusted_at = excluded.trusted_at, failures = 0`, [appId, userId, source, now]);
        },

        // One statement: racing attempts queue on the row lock, so at most `maxFailures` get through.
        claimTrustedAttempt: async (appId, userId, source, since, maxFailures) => {

            const claimed = await pool.query(`UPDATE sign_in_trusted_sources SET failures = failures + 1
                                              WHERE app_id = $1 AND user_id = $2 AND source = $3 AND trusted_at >= $4 AND failures < $5`, [appId, userId, source, since, maxFailures]);
            return claimed.rowCount === 1;
        }
    };
};
