import type { Database } from 'better-sqlite3';

import type { MetadataStore } from '..';
import { mergeShallow } from '../merge';


export const createMetadataStore = (db: Database): MetadataStore => {

    const statements = {
        get: db.prepare('SELECT metadata FROM user_metadata WHERE app_id = ? AND user_id = ?').pluck(),
        upsert: db.prepare(`INSERT INTO user_metadata (app_id, user_id, metadata, updated_at) VALUES (?, ?, ?, ?)
                            ON CONFLICT (app_id, user_id) DO UPDATE SET metadata = excluded.metadata, updated_at = excluded.updated_at`),
        delete: db.prepare('DELETE FROM user_metadata WHERE app_id = ? AND user_id = ?')
    };

    const read = (appId: string, userId: string): Record<string, unknown> => {

        const stored = statements.get.get(appId, userId) as string | undefined;
        return stored === undefined ? {} : JSON.parse(stored);
    };

    // Read, merge and write in one transaction, so concurrent updates of different keys both survive.
    const merge = db.transaction((appId: string, userId: string, update: Record<string, unknown>, now: number) => {

        const merged = mergeShallow(read(appId, userId), update);
        statements.upsert.run(appId, userId, JSON.stringify(merged), now);
        return merged;
    });

    return {
        getMetadata: async (appId, userId) => read(appId, userId),
        mergeMetadata: async (appId, userId, update, now) => merge.immediate(appId, userId, update, now),

        deleteMetadata: async (appId, userId) => {

            statements.delete.run(appId, userId);
        }
    };
};
