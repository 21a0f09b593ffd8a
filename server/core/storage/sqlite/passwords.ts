import type { Database } from 'better-sqlite3';

import type { PasswordStore } from '..';


export const createPasswordStore = (db: Database): PasswordStore => {

    const statements = {
        get: db.prepare('SELECT password_hash FROM passwords WHERE app_id = ? AND user_id = ?').pluck(),
        set: db.prepare('UPDATE passwords SET password_hash = ? WHERE app_id = ? AND user_id = ?')
    };

    return {
        getPasswordHash: async (appId, userId) => statements.get.get(appId, userId) as string | undefined,
        setPasswordHash: async (appId, userId, passwordHash) => statements.set.run(passwordHash, appId, userId).changes === 1
    };
};
