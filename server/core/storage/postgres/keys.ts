import type { Pool } from 'pg';

import type { KeyStore } from '..';
import { toSigningKey, type KeyRow } from '../rows';


export const createKeyStore = (pool: Pool): KeyStore => {

    return {
        listSigningKeys: async (appId) => {

            const { rows } = await pool.query<KeyRow>('SELECT * FROM signing_keys WHERE app_id = $1 ORDER BY created_at DESC', [appId]);
            return rows.map(toSigningKey);
        },

        // The (app, kind, generation) unique constraint picks the one winner among processes rotating at once.
        insertSigningKey: async (key) => {

            const inserted = await pool.query(`INSERT INTO signing_keys (app_id, key_id, kind, algorithm, private_key, created_at, generation)
                                               VALUES ($1, $2, $3, $4, $5, $6, $7)
                                               ON CONFLICT DO NOTHING`,
            [key.appId, key.keyId, key.kind, key.algorithm, key.privateKey, key.createdAt, key.generation]);
            return inserted.rowCount === 1;
        },

        deleteDynamicKeysCreatedBefore: async (appId, time) => {

            const deleted = await pool.query(`DELETE FROM signing_keys WHERE app_id = $1 AND kind = 'dynamic' AND created_at < $2`, [appId, time]);
            return deleted.rowCount!;
        },

        getOrCreateSecret: async (appId, name, value) => {

            // Two statements on purpose: the SELECT takes a new snapshot, so it sees a concurrent first writer's row
            // that the INSERT waited for (a single statement's snapshot would predate it).
            await pool.query('INSERT INTO app_secrets (app_id, name, value) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [appId, name, value]);
            const { rows: [row] } = await pool.query<{ value: string }>('SELECT value FROM app_secrets WHERE app_id = $1 AND name = $2', [appId, name]);
            return row!.value;
        }
    };
};
