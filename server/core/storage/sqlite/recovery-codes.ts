import type { Database } from 'better-sqlite3';

import type { RecoveryCodeStore } from '..';
import { toRecoveryCode, type RecoveryCodeRow } from '../rows';


export const createRecoveryCodeStore = (db: Database): RecoveryCodeStore => {

    const statements = {
        insert: db.prepare('INSERT INTO recovery_codes (app_id, user_id, code_hash, created_at) VALUES (?, ?, ?, ?)'),
        list: db.prepare('SELECT * FROM recovery_codes WHERE app_id = ? AND user_id = ? ORDER BY code_hash'),
        use: db.prepare('UPDATE recovery_codes SET used_at = ? WHERE app_id = ? AND user_id = ? AND code_hash = ? AND used_at IS NULL'),
        remove: db.prepare('DELETE FROM recovery_codes WHERE app_id = ? AND user_id = ?')
    };

    const replaceCodes = db.transaction((appId: string, userId: string, codeHashes: readonly string[], createdAt: number) => {

        statements.remove.run(appId, userId);
        for (const hash of codeHashes) {
            statements.insert.run(appId, userId, hash, createdAt);
        }
    });

    return {
        replaceCodes: async (appId, userId, codeHashes, createdAt) => replaceCodes.immediate(appId, userId, codeHashes, createdAt),
        listCodes: async (appId, userId) => (statements.list.all(appId, userId) as RecoveryCodeRow[]).map(toRecoveryCode),
        useCode: async (appId, userId, codeHash, now) => statements.use.run(now, appId, userId, codeHash).changes === 1,
        removeCodes: async (appId, userId) => statements.remove.run(appId, userId).changes
    };
};
