import type { Database } from 'better-sqlite3';

import type { KeyStore } from '..';
import { toSigningKey, type KeyRow } from '../rows';


export const createKeyStore = (db: Database): KeyStore => {

    const statements = {
        list: db.prepare('SELECT * FROM signing_keys WHERE app_id = ? ORDER BY created_at DESC'),
        insert: db.prepare(`INSERT INTO signing_keys (app_id, key_id, kind, algorithm, private_key, created_at, generation)
                            VALUES (@appId, @keyId, @kind, @algorithm, @privateKey, @createdAt, @generation)
                            ON CONFLICT DO NOTHING`),
        deleteOld: db.prepare(`DELETE FROM signing_keys WHERE app_id = ? AND kind = 'dynamic' AND created_at < ?`),
        insertSecret: db.prepare('INSERT INTO app_secrets (app_id, name, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
        getSecret: db.prepare('SELECT value FROM app_secrets WHERE app_id = ? AND name = ?').pluck()
    };

    return {
        listSigningKeys: async (appId) => (statements.list.all(appId) as KeyRow[]).map(toSigningKey),
        insertSigningKey: async (key) => statements.insert.run(key).changes === 1,
        deleteDynamicKeysCreatedBefore: async (appId, time) => statements.deleteOld.run(appId, time).changes,

        getOrCreateSecret: async (appId, name, value) => {

            statements.insertSecret.run(appId, name, value);
            return statements.getSecret.get(appId, name) as string;
        }
    };
};
