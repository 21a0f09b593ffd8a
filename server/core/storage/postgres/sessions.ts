import type { Pool } from 'pg';

import type { RevokedSession, SessionStore } from '..';
import { toSessionRecord, type SessionRow } from '../rows';
import { auditEventValues } from './audit';


const handlesOf = (rows: readonly { session_handle: string }[]) => rows.map((row) => row.session_handle);


export const createSessionStore = (pool: Pool): SessionStore => {

    return {
        createSession: async (session) => {

            await pool.query(`INSERT INTO sessions (app_id, tenant_id, session_handle, user_id, refresh_token_hash_2, session_data, jwt_payload, expires_at, created_at, use_static_key, idle_limit, absolute_end)
                              VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
            [session.appId, session.tenantId, session.sessionHandle, session.userId, session.refreshTokenHash2, JSON.stringify(session.sessionData), JSON.stringify(session.jwtPayload), session.expiresAt, session.createdAt, session.useStaticKey,
                session.idleLimit ?? null, session.absoluteEnd ?? null]);
        },

        getSession: async (appId, sessionHandle) => {

            const { rows: [row] } = await pool.query<SessionRow>('SELECT * FROM sessions WHERE app_id = $1 AND session_handle = $2', [appId, sessionHandle]);
            return row && toSessionRecord(row);
        },

        promoteRefreshToken: async (appId, sessionHandle, change) => {

            // One UPDATE: a concurrent promotion waits for the row lock, then re-checks the hash on the new row and misses.
            // The session policy's new expiry (see SessionStore.promoteRefreshToken): LEAST() skips a NULL absolute_end.
            const updated = await pool.query(`UPDATE sessions SET refresh_token_hash_2 = $1, expires_at = LEAST(COALESCE($7 + idle_limit, $2), absolute_end), use_static_key = $3
                                              WHERE app_id = $4 AND session_handle = $5 AND refresh_token_hash_2 = $6 AND expires_at > $7`,
            [change.toHash2, change.expiresAt, change.useStaticKey, appId, sessionHandle, change.fromHash2, change.now]);
            return updated.rowCount === 1;
        },

        // One statement, so one transaction and one round trip: the UPDATE's compare-and-set and session policy as
        // above, and the audit row only if it changed the session.
        rotateRefreshToken: async (appId, sessionHandle, change, event) => {

            const { rows: [row] } = await pool.query<SessionRow>(`
                WITH rotated AS (
                    UPDATE sessions SET refresh_token_hash_2 = $1, expires_at = LEAST(COALESCE($7 + idle_limit, $2), absolute_end), use_static_key = $3
                    WHERE app_id = $4 AND session_handle = $5 AND refresh_token_hash_2 = $6 AND expires_at > $7
                      AND NOT EXISTS (SELECT 1 FROM user_bans WHERE user_bans.app_id = sessions.app_id AND user_bans.user_id = sessions.user_id)
                    RETURNING *
                ), logged AS (
                    INSERT INTO audit_events (app_id, time, event, user_id, ip, user_agent, actor_id, details)
                    SELECT $8, $9, $10, $11, $12, $13, $14, $15 FROM rotated
                )
                SELECT * FROM rotated`,
            [change.toHash2, change.expiresAt, change.useStaticKey, appId, sessionHandle, change.fromHash2, change.now, ...auditEventValues(event)]);
            return row && toSessionRecord(row);
        },

        setUseStaticKey: async (appId, sessionHandle, useStaticKey) => {

            await pool.query('UPDATE sessions SET use_static_key = $1 WHERE app_id = $2 AND session_handle = $3', [useStaticKey, appId, sessionHandle]);
        },

        updateSessionData: async (appId, sessionHandle, sessionData, now) => {

            const updated = await pool.query('UPDATE sessions SET session_data = $1 WHERE app_id = $2 AND session_handle = $3 AND expires_at > $4', [JSON.stringify(sessionData), appId, sessionHandle, now]);
            return updated.rowCount === 1;
        },

        updateJwtPayload: async (appId, sessionHandle, jwtPayload, now) => {

            const updated = await pool.query('UPDATE sessions SET jwt_payload = $1 WHERE app_id = $2 AND session_handle = $3 AND expires_at > $4', [JSON.stringify(jwtPayload), appId, sessionHandle, now]);
            return updated.rowCount === 1;
        },

        // One statement for every handle: atomic without a transaction.
        deleteSessions: async (appId, handles) => {

            if (!handles.length) {
                return [];
            }

            const { rows } = await pool.query<RevokedSession>('DELETE FROM sessions WHERE app_id = $1 AND session_handle = ANY ($2::text[]) RETURNING session_handle AS "sessionHandle", user_id AS "userId"', [appId, handles]);
            return rows;
        },

        deleteSessionsOfUser: async (appId, userId, tenantId) => {

            const { rows } = await (tenantId === undefined ?
                pool.query<{ session_handle: string }>('DELETE FROM sessions WHERE app_id = $1 AND user_id = $2 RETURNING session_handle', [appId, userId]) :
                pool.query<{ session_handle: string }>('DELETE FROM sessions WHERE app_id = $1 AND user_id = $2 AND tenant_id = $3 RETURNING session_handle', [appId, userId, tenantId]));
            return handlesOf(rows);
        },

        listSessionHandles: async (appId, userId, now, tenantId) => {

            const { rows } = await (tenantId === undefined ?
                pool.query<{ session_handle: string }>('SELECT session_handle FROM sessions WHERE app_id = $1 AND user_id = $2 AND expires_at > $3 ORDER BY created_at', [appId, userId, now]) :
                pool.query<{ session_handle: string }>('SELECT session_handle FROM sessions WHERE app_id = $1 AND user_id = $2 AND expires_at > $3 AND tenant_id = $4 ORDER BY created_at', [appId, userId, now, tenantId]));
            return handlesOf(rows);
        },

        deleteExpiredSessions: async (now) => {

            const deleted = await pool.query('DELETE FROM sessions WHERE expires_at <= $1', [now]);
            return deleted.rowCount!;
        },

        countLiveSessions: async (appId, now) => {

            const { rows: [row] } = await pool.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM sessions WHERE app_id = $1 AND expires_at > $2', [appId, now]);
            return row!.n;
        }
    };
};
