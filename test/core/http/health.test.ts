import * as Fs from 'fs';
import * as Os from 'os';
import * as Path from 'path';

import Database from 'better-sqlite3';
import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { loadConfig } from '../../../server/config';
import { startCore, type Core } from '../../../server/core';
import { createSqliteStorage } from '../../../server/core/storage/sqlite';
import { fastHashing, startTestCore, testAdapters, testApiKey, type TestCore } from '../../helpers/core';
import { get } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('GET /health/live and /health/ready', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            let core: TestCore;

            before(async () => {

                core = await startTestCore({ adapter, env: { CORE_API_KEYS: testApiKey } });
            });

            after(async () => {

                await core.destroy();
            });

            it('answers live and ready without an API key or cdi-version, with nothing but the status', async () => {

                for (const path of ['/health/live', '/health/ready']) {
                    const res = await get(core.uri, path, { 'cdi-version': '0.1' });
                    expect(res.status, path).to.equal(200);
                    expect(res.json, path).to.equal({ status: 'OK' });
                }

                // The probes are open, the CDI is not.
                expect((await get(core.uri, '/apiversion')).status).to.equal(401);
            });

            it('answers 405 to other methods', async () => {

                const res = await fetch(`${core.uri}/health/ready`, { method: 'POST' });
                expect(res.status).to.equal(405);
            });
        });
    }

    describe('when the database does not answer', () => {

        let core: Core;
        let dataDir: string;
        let locker: Database.Database;
        const logged: { tags: string[]; error: unknown }[] = [];

        before(async () => {

            dataDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-health-'));
            const { core: settings } = loadConfig({ DATA_DIR: dataDir, CORE_PORT: '0', ...fastHashing });
            core = await startCore({ settings, storage: createSqliteStorage({ file: settings.sqliteFile, busyTimeout: 20 }) });
            core.server.events.on({ name: 'request', channels: 'app' }, (_request, event) => logged.push({ tags: event.tags, error: event.error }));

            // Another process holds the write lock: the core cannot write, so it is not ready.
            locker = new Database(settings.sqliteFile);
            locker.exec('BEGIN IMMEDIATE');
        });

        after(async () => {

            locker.close();
            await core.stop();
            Fs.rmSync(dataDir, { recursive: true, force: true });
        });

        it('is live but not ready: 503 with a plain text that names no cause, and the cause in the log', async () => {

            expect((await get(core.uri, '/health/live')).json).to.equal({ status: 'OK' });

            const res = await get(core.uri, '/health/ready');
            expect(res.status).to.equal(503);
            expect(res.contentType).to.equal('text/html; charset=UTF-8');
            expect(res.text).to.equal('Service unavailable\n');

            const entry = logged.find((item) => item.tags.includes('error'));
            expect(entry).to.exist();
            expect((entry!.error as Error).cause).to.be.an.error(/database is locked/);
        });

        it('is ready again once the lock is gone', async () => {

            locker.exec('ROLLBACK');
            expect((await get(core.uri, '/health/ready')).json).to.equal({ status: 'OK' });
        });
    });
});
