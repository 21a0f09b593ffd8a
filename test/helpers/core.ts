/*
 * A real core for tests: its own Hapi server on a free loopback port, with settings from the same loader as
 * production plus overrides, on a temporary SQLite file or (adapter 'postgres', when TEST_PG_URL is set) in a
 * fresh PostgreSQL schema that is dropped when the test core is destroyed.
 */

import * as Crypto from 'crypto';
import * as Fs from 'fs';
import * as Os from 'os';
import * as Path from 'path';

import { loadConfig, type CoreSettings } from '../../server/config';
import { startCore, type Core } from '../../server/core';
import type { Clock } from '../../server/core/services/clock';
import type { Storage } from '../../server/core/storage';


/** 32 characters of [A-Za-z0-9], a valid core API key. */
export const testApiKey = 'test-api-key-0123456789abcdefgh';

/** Cheap hashing so that tests run fast; the default cost is measured in bench/, not here. */
export const fastHashing = { CORE_ARGON2_MEMORY_KB: '1024', CORE_ARGON2_ITERATIONS: '1', CORE_BCRYPT_LOG_ROUNDS: '4' };

export type AdapterName = 'sqlite' | 'postgres';

/** The adapters the suite runs on here: SQLite always, PostgreSQL when TEST_PG_URL is set. */
export const testAdapters = (): AdapterName[] => (process.env.TEST_PG_URL ? ['sqlite', 'postgres'] : ['sqlite']);

export interface TestCore extends Core {
    readonly dataDir: string;
    readonly settings: CoreSettings;
    readonly adapter: AdapterName;
    /** Stops the core and starts it again on the same port and data; resolves to the new core. */
    restart(): Promise<TestCore>;
    /** Stops the core and deletes its data. */
    destroy(): Promise<void>;
}

export interface TestCoreOptions {
    /** Environment-style settings (`CORE_ACCESS_TOKEN_VALIDITY: '2'`, …) on top of the test defaults. */
    readonly env?: Record<string, string>;
    /** Defaults to 'sqlite'. */
    readonly adapter?: AdapterName;
    /** A PostgreSQL schema to use (shared by several cores); default: a fresh one of this core's own. */
    readonly schema?: string;
    /** The core's clock (see testClock()); default: the system clock. */
    readonly clock?: Clock;
}

export interface TestClock {
    /** The clock to give the core. */
    readonly now: Clock;
    /** Moves time forward by `ms`, at once. */
    advance(ms: number): void;
}

/** A clock that follows the system clock, plus whatever the test has advanced it by: expiry without waiting. */
export const testClock = (): TestClock => {

    let offset = 0;
    return {
        now: () => Date.now() + offset,
        advance: (ms) => {

            offset += ms;
        }
    };
};


export const startTestCore = async (options: TestCoreOptions = {}): Promise<TestCore> => {

    const dataDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-core-'));
    const { core: settings } = loadConfig({ DATA_DIR: dataDir, CORE_PORT: '0', ...fastHashing, ...options.env });
    const adapter = options.adapter ?? 'sqlite';
    const schema = options.schema ?? `test_${Crypto.randomBytes(6).toString('hex')}`;
    return launch({ ...settings }, dataDir, adapter, schema, options.schema === undefined, options.clock);
};

/** A storage on TEST_PG_URL in `schema` (created if missing). */
export const postgresStorage = (schema: string): Storage => {

    const url = process.env.TEST_PG_URL;
    if (!url) {
        throw new Error('TEST_PG_URL is not set');
    }

    const { createPostgresStorage } = require('../../server/core/storage/postgres');

    return createPostgresStorage({ connectionString: url, schema });
};

/** Drops a test schema made by postgresStorage(). */
export const dropSchema = async (schema: string): Promise<void> => {

    const { Client } = require('pg');

    const client = new Client({ connectionString: process.env.TEST_PG_URL });
    await client.connect();
    try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
    finally {
        await client.end();
    }
};


const launch = async (settings: CoreSettings, dataDir: string, adapter: AdapterName, schema: string, ownsSchema: boolean, clock?: Clock): Promise<TestCore> => {

    const storage = adapter === 'postgres' ? postgresStorage(schema) : undefined;
    const core = await startCore({ settings, storage, clock });
    const testCore: TestCore = {
        ...core,
        dataDir,
        settings,
        adapter,
        restart: async () => {

            await core.stop();
            const restarted = await launch({ ...settings, port: core.server.info.port as number }, dataDir, adapter, schema, ownsSchema, clock);
            await new Promise((resolve) => setTimeout(resolve, 20));       // let clients drop pooled sockets to the old server
            return restarted;
        },
        destroy: async () => {

            await core.stop();
            Fs.rmSync(dataDir, { recursive: true, force: true });
            if (adapter === 'postgres' && ownsSchema) {
                await dropSchema(schema);
            }
        }
    };

    return testCore;
};
