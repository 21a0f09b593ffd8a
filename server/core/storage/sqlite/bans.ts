import type { Database } from 'better-sqlite3';

import type { BanRecord, BanStore } from '..';
import { toBanRecord, type BanRow } from '../rows';


export const createBanStore = (db: Database): BanStore => {

    const statements = {
        upsert: db.prepare(`INSERT INTO user_bans (app_id, user_id, banned_at, banned_by, reason) VALUES (@appId, @userId, @bannedAt, @bannedBy, @reason)
                            ON CONFLICT (app_id, user_id) DO UPDATE SET banned_at = excluded.banned_at, banned_by = excluded.banned_by, reason = excluded.reason`),
        deleteSessions: db.prepare('DELETE FROM sessions WHERE app_id = ? AND user_id = ? RETURNING session_handle').pluck(),
        delete: db.prepare('DELETE FROM user_bans WHERE app_id = ? AND user_id = ?'),
        get: db.prepare('SELECT * FROM user_bans WHERE app_id = ? AND user_id = ?')
    };

    const ban = db.transaction((appId: string, record: BanRecord) => {

        statements.upsert.run({ appId, bannedBy: null, reason: null, ...record });
        return statements.deleteSessions.all(appId, record.userId) as string[];
    });

    return {
        ban: async (appId, record) => ban.immediate(appId, record),
        unban: async (appId, userId) => statements.delete.run(appId, userId).changes === 1,

        getBan: async (appId, userId) => {

            const row = statements.get.get(appId, userId) as BanRow | undefined;
            return row && toBanRecord(row);
        }
    };
};
