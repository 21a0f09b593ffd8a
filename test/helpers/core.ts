/*
 * A real core for tests: its own Hapi server on a free loopback port, on a temporary SQLite file (or any storage
 * handed in), with settings from the same loader as production plus overrides.
 */

import * as Fs from 'fs';
import * as Os from 'os';
import * as Path from 'path';

import { loadConfig, type CoreSettings } from '../../server/config';
import { startCore, type Core } from '../../server/core';
import type { Storage } from '../../server/core/storage';


/** 32 characters of [A-Za-z0-9], a valid core API key. */
export const testApiKey = 'test-api-key-0123456789abcdefgh';

/** Cheap hashing so that tests run fast; the default cost is measured in bench/, not here. */
export const fastHashing = { CORE_ARGON2_MEMORY_KB: '1024', CORE_ARGON2_ITERATIONS: '1', CORE_BCRYPT_LOG_ROUNDS: '4' };

export interface TestCore extends Core {
    readonly dataDir: string;
    readonly settings: CoreSettings;
    /** Stops the core and starts it again on the same port and data; resolves to the new core. */
    restart(): Promise<TestCore>;
    /** Stops the core and deletes its data. */
    destroy(): Promise<void>;
}

export interface TestCoreOptions {
    /** Environment-style settings (`CORE_ACCESS_TOKEN_VALIDITY: '2'`, …) on top of the test defaults. */
    readonly env?: Record<string, string>;
    readonly storage?: () => Storage;
}


export const startTestCore = async (options: TestCoreOptions = {}): Promise<TestCore> => {

    const dataDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-core-'));
    const { core: settings } = loadConfig({ DATA_DIR: dataDir, CORE_PORT: '0', ...fastHashing, ...options.env });
    return launch({ ...settings }, dataDir, options);
};


const launch = async (settings: CoreSettings, dataDir: string, options: TestCoreOptions): Promise<TestCore> => {

    const core = await startCore({ settings, storage: options.storage?.() });
    const testCore: TestCore = {
        ...core,
        dataDir,
        settings,
        restart: async () => {

            await core.stop();
            return launch({ ...settings, port: core.server.info.port as number }, dataDir, options);
        },
        destroy: async () => {

            await core.stop();
            Fs.rmSync(dataDir, { recursive: true, force: true });
        }
    };

    return testCore;
};
