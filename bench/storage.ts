/*
 * The storage a benchmark runs on: SQLite in its data dir, or, with BENCH_DATABASE_URL=postgres://…, PostgreSQL in
 * a scratch schema that `dispose()` drops.
 */

import * as Crypto from 'crypto';

import type { CoreSettings } from '../server/config';
import type { Storage } from '../server/core/storage';
import { createPostgresStorage } from '../server/core/storage/postgres';
import { createSqliteStorage } from '../server/core/storage/sqlite';


export interface BenchStorage {
    readonly storage: Storage;
    /** The PostgreSQL URL and schema, when on PostgreSQL. */
    readonly postgres?: { readonly url: string; readonly schema: string };
    dispose(): Promise<void>;
}

export const benchStorage = (settings: CoreSettings): BenchStorage => {

    const url = process.env.BENCH_DATABASE_URL;
    if (!url) {
        return { storage: createSqliteStorage({ file: settings.sqliteFile }), dispose: async () => { } };
    }

    const schema = `bench_${Crypto.randomBytes(4).toString('hex')}`;
    return {
        storage: createPostgresStorage({ connectionString: url, schema }),
        postgres: { url, schema },
        dispose: async () => {

            const { Client } = require('pg');

            const client = new Client({ connectionString: url });
            await client.connect();
            await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
            await client.end();
        }
    };
};
