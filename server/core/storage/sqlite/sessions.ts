import type { Database } from 'better-sqlite3';

import type { AuditEvent, RevokedSession, SessionStore } from '..';
import { auditAppender } from './audit';
import { groupCommit } from './group-commit';
import { toSessionRecord, type SessionRow } from '../rows';


/** The session policy's new expiry (see SessionStore.promoteRefreshToken): SQLite's MIN() is NULL when an argument is. */
const policyExpiry = 'IFNULL(MIN(IFNULL(@now + idle_limit, @expiresAt), absolute_end), IFNULL(@now + idle_limit, @expiresAt))';


export const createSessionStore = (db: Database): SessionStore => {

    const statements = {
        insert: db.prepare(`INSERT INTO sessions (app_id, tenant_id, session_handle, user_id, refresh_token_hash_2, session_data, jwt_payload, expires_at, created_at, use_static_key, idle_limit, absolute_end)
                            VALUES (@appId, @tenantId, @sessionHandle, @userId, @refreshTokenHash2, @sessionData, @jwtPayload, @expiresAt, @createdAt, @useStaticKey, @idleLimit, @absoluteEnd)`),
        get: db.prepare('SELECT * FROM sessions WHERE app_id = ? AND session_handle = ?'),
        promote: db.prepare(`UPDATE sessions SET refresh_token_hash_2 = @toHash2, expires_at = ${policyExpiry}, use_static_key = @useStaticKey
                             WHERE app_id = @appId AND session_handle = @sessionHandle AND refresh_token_hash_2 = @fromHash2 AND expires_at > @now`),
        rotate: db.prepare(`UPDATE sessions SET refresh_token_hash_2 = @toHash2, expires_at = ${policyExpiry}, use_static_key = @useStaticKey
                            WHERE app_id = @appId AND session_handle = @sessionHandle AND refresh_token_hash_2 = @fromHash2 AND expires_at > @now
                              AND NOT EXISTS (SELECT 1 FROM user_bans WHERE user_bans.app_id = sessions.app_id AND user_bans.user_id = sessions.user_id)
                            RETURNING *`),
        setStatic: db.prepare('UPDATE sessions SET use_static_key = ? WHERE app_id = ? AND session_handle = ?'),
        setData: db.prepare('UPDATE sessions SET session_data = ? WHERE app_id = ? AND session_handle = ? AND expires_at > ?'),
        setPayload: db.prepare('UPDATE sessions SET jwt_payload = ? WHERE app_id = ? AND session_handle = ? AND expires_at > ?'),
        deleteOne: db.prepare('DELETE FROM sessions WHERE app_id = ? AND session_handle = ? RETURNING session_handle AS sessionHandle, user_id AS userId'),
        deleteOfUser: db.prepare('DELETE FROM sessions WHERE app_id = ? AND user_id = ? RETURNING session_handle').pluck(),
        deleteOfUserInTenant: db.prepare('DELETE FROM sessions WHERE app_id = ? AND user_id = ? AND tenant_id = ? RETURNING session_handle').pluck(),
        listOfUser: db.prepare('SELECT session_handle FROM sessions WHERE app_id = ? AND user_id = ? AND expires_at > ? ORDER BY created_at').pluck(),
        listOfUserInTenant: db.prepare('SELECT session_handle FROM sessions WHERE app_id = ? AND user_id = ? AND expires_at > ? AND tenant_id = ? ORDER BY created_at').pluck(),
        deleteExpired: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
        countLive: db.prepare('SELECT COUNT(*) FROM sessions WHERE app_id = ? AND expires_at > ?').pluck()
    };

    const appendAudit = auditAppender(db);
    // Rotations are the hot write of a refresh load: those of one event-loop turn share a commit (group-commit.ts).
    const rotate = groupCommit(db, (params: Record<string, unknown>, event: AuditEvent) => {

        const row = statements.rotate.get(params) as SessionRow | undefined;
        if (row) {
            appendAudit(event);
        }

        return row;
    });

    const deleteSessions = db.transaction((appId: string, handles: readonly string[]) => {

        return handles.flatMap((handle) => statements.deleteOne.all(appId, handle) as RevokedSession[]);
    });

    return {
        createSession: async (session) => {

            statements.insert.run({
                ...session,
                sessionData: JSON.stringify(session.sessionData),
                jwtPayload: JSON.stringify(session.jwtPayload),
                useStaticKey: session.useStaticKey ? 1 : 0,
                idleLimit: session.idleLimit ?? null,
                absoluteEnd: session.absoluteEnd ?? null
            });
        },

        getSession: async (appId, sessionHandle) => {

            const row = statements.get.get(appId, sessionHandle) as SessionRow | undefined;
            return row && toSessionRecord(row);
        },

        promoteRefreshToken: async (appId, sessionHandle, change) => {

            const params = { appId, sessionHandle, ...change, useStaticKey: change.useStaticKey ? 1 : 0 };
            return statements.promote.run(params).changes === 1;
        },

        rotateRefreshToken: async (appId, sessionHandle, change, event) => {

            const row = await rotate({ appId, sessionHandle, ...change, useStaticKey: change.useStaticKey ? 1 : 0 }, event);
            return row && toSessionRecord(row);
        },

        setUseStaticKey: async (appId, sessionHandle, useStaticKey) => {

            statements.setStatic.run(useStaticKey ? 1 : 0, appId, sessionHandle);
        },

        updateSessionData: async (appId, sessionHandle, sessionData, now) => {

            return statements.setData.run(JSON.stringify(sessionData), appId, sessionHandle, now).changes === 1;
        },

        updateJwtPayload: async (appId, sessionHandle, jwtPayload, now) => {

            return statements.setPayload.run(JSON.stringify(jwtPayload), appId, sessionHandle, now).changes === 1;
        },

        deleteSessions: async (appId, handles) => deleteSessions.immediate(appId, handles),

        deleteSessionsOfUser: async (appId, userId, tenantId) => {

            return (tenantId === undefined ?
                statements.deleteOfUser.all(appId, userId) :
                statements.deleteOfUserInTenant.all(appId, userId, tenantId)) as string[];
        },

        listSessionHandles: async (appId, userId, now, tenantId) => {

            return (tenantId === undefined ?
                statements.listOfUser.all(appId, userId, now) :
                statements.listOfUserInTenant.all(appId, userId, now, tenantId)) as string[];
        },

        deleteExpiredSessions: async (now) => statements.deleteExpired.run(now).changes,
        countLiveSessions: async (appId, now) => statements.countLive.get(appId, now) as number
    };
};
