import type { Pool } from 'pg';

import type { MetadataStore } from '..';
import { mergeShallow } from '../merge';
import { withTransaction } from './transaction';


export const createMetadataStore = (pool: Pool): MetadataStore => {

    return {
        getMetadata: async (appId, userId) => {

            const { rows: [row] } = await pool.query<{ metadata: string }>('SELECT metadata FROM user_metadata WHERE app_id = $1 AND user_id = $2', [appId, userId]);
            return row === undefined ? {} : JSON.parse(row.metadata);
        },

        // Read, merge and write with the row locked, so concurrent updates of different keys all survive. The lock
        // needs a row: an upsert that changes nothing but the time inserts an empty one or locks the existing one,
        // and returns it (a concurrent first merge waits on the inserted row, then sees it).
        mergeMetadata: async (appId, userId, update, now) => {

            return withTransaction(pool, async (client) => {

                const { rows: [row] } = await client.query<{ metadata: string }>(`INSERT INTO user_metadata (app_id, user_id, metadata, updated_at) VALUES ($1, $2, '{}', $3)
                                                                                  ON CONFLICT (app_id, user_id) DO UPDATE SET updated_at = excluded.updated_at
                                                                                  RETURNING metadata`, [appId, userId, now]);
                const merged = mergeShallow(JSON.parse(row!.metadata), update);
                await client.query('UPDATE user_metadata SET metadata = $1 WHERE app_id = $2 AND user_id = $3', [JSON.stringify(merged), appId, userId]);
                return merged;
            });
        },

        deleteMetadata: async (appId, userId) => {

            await pool.query('DELETE FROM user_metadata WHERE app_id = $1 AND user_id = $2', [appId, userId]);
        }
    };
};
