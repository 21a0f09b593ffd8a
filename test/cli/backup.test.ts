import * as Crypto from 'crypto';
import * as Fs from 'fs';
import * as Path from 'path';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import Database from 'better-sqlite3';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import Session from 'supertokens-node/recipe/session';

import { backupCommand, backupDatabase } from '../../server/cli/backup';
import { restoreCommand, restoreDatabase } from '../../server/cli/restore';
import { checkDatabase } from '../../server/cli/sqlite-copy';
import { startTestCore, type TestCore } from '../helpers/core';
import { initSdk } from '../helpers/sdk';
import { modeOf, runCli, runInProcess, temporaryDir } from './helpers';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('npm run backup / restore', () => {

    let core: TestCore;
    let scratch: string;
    const password = 'Password123';

    before(async () => {

        core = await startTestCore();
        scratch = temporaryDir();
        initSdk(core.uri);
    });

    after(async () => {

        await core.destroy();
        Fs.rmSync(scratch, { recursive: true, force: true });
    });

    const signUp = async (label: string) => {

        const result = await EmailPassword.signUp('public', `${label}-${Crypto.randomUUID()}@example.com`, password);
        if (result.status !== 'OK') {
            throw new Error(`sign-up failed: ${result.status}`);
        }

        return result;
    };

    it('backs up while the core writes, and a core on the restored copy signs the same users in and keeps their sessions', async () => {

        const before_ = await Promise.all([1, 2, 3].map(() => signUp('before')));
        const session = await Session.createNewSessionWithoutRequestResponse('public', before_[0]!.recipeUserId, { team: 'blue' });
        const tokens = session.getAllSessionTokensDangerously();

        // Two writers keep signing up and opening sessions during the backup.
        let writing = true;
        const written: string[] = [];
        const writer = async () => {

            while (writing) {
                const user = await signUp('during');
                await Session.createNewSessionWithoutRequestResponse('public', user.recipeUserId);
                written.push(user.user.id);
            }
        };

        const writers = [writer(), writer()];
        while (written.length < 2) {
            await new Promise((resolve) => setImmediate(resolve));
        }

        const file = Path.join(scratch, 'during.sqlite');
        const summary = await backupDatabase({ sqliteFile: core.settings.sqliteFile, file });
        const writtenBefore = written.length;
        writing = false;
        await Promise.all(writers);

        expect(modeOf(file)).to.equal(0o600);
        expect(summary.rows.users!).to.be.within(3 + 2, 3 + written.length);
        expect(summary.rows.users!).to.be.at.least(3 + writtenBefore - 2);            // at most the two in flight are missing
        expect(checkDatabase(file).rows).to.equal(summary.rows);
        expect(Fs.readdirSync(scratch)).to.equal(['during.sqlite']);                  // no temporary or -wal/-shm left

        const dataDir = Path.join(scratch, 'restored');
        const restored = await restoreDatabase({ file, dataDir, sqliteFile: Path.join(dataDir, 'staffgate.sqlite') });
        expect(restored.rows).to.equal(summary.rows);
        expect(modeOf(dataDir)).to.equal(0o700);
        expect(modeOf(Path.join(dataDir, 'staffgate.sqlite'))).to.equal(0o600);

        const second = await startTestCore({ env: { DATA_DIR: dataDir } });
        try {
            initSdk(second.uri);
            for (const user of before_) {
                const signIn = await EmailPassword.signIn('public', user.user.emails[0]!, password);
                expect(signIn.status === 'OK' && signIn.user.id).to.equal(user.user.id);
            }

            expect((await EmailPassword.signIn('public', before_[0]!.user.emails[0]!, 'Password124')).status).to.equal('WRONG_CREDENTIALS_ERROR');

            // The session made before the backup: same signing keys, same refresh state.
            const verified = await Session.getSessionWithoutRequestResponse(tokens.accessToken, undefined, { checkDatabase: true });
            expect(verified.getHandle()).to.equal(session.getHandle());
            expect(verified.getAccessTokenPayload().team).to.equal('blue');
            const refreshed = await Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!);
            expect(refreshed.getHandle()).to.equal(session.getHandle());

            expect((await signUp('after')).status).to.equal('OK');
        }
        finally {
            await second.destroy();
            initSdk(core.uri);
        }
    });

    it('refuses to overwrite a file unless forced, and then replaces it', async () => {

        await signUp('overwrite');
        const file = Path.join(scratch, 'existing.sqlite');
        Fs.writeFileSync(file, 'keep me');

        await expect(backupDatabase({ sqliteFile: core.settings.sqliteFile, file })).to.reject(/existing\.sqlite exists; choose another file or pass --force/);
        expect(Fs.readFileSync(file, 'utf8')).to.equal('keep me');

        const summary = await backupDatabase({ sqliteFile: core.settings.sqliteFile, file, force: true });
        expect(summary.rows.users!).to.be.at.least(1);
        expect(checkDatabase(file).rows.users).to.equal(summary.rows.users);
        Fs.rmSync(file);
    });

    it('refuses to write the backup over the database itself, even with --force', async () => {

        const sizeBefore = Fs.statSync(core.settings.sqliteFile).size;
        const viaLink = Path.join(scratch, 'link.sqlite');
        Fs.symlinkSync(core.settings.sqliteFile, viaLink);
        for (const file of [core.settings.sqliteFile, viaLink]) {
            await expect(backupDatabase({ sqliteFile: core.settings.sqliteFile, file, force: true })).to.reject(/is the database itself; write the copy somewhere else/);
        }

        Fs.rmSync(viaLink);
        expect(Fs.statSync(core.settings.sqliteFile).size).to.equal(sizeBefore);
        expect((await signUp('still-fine')).status).to.equal('OK');
    });

    it('refuses to back up a database that does not exist', async () => {

        const file = Path.join(scratch, 'nothing.sqlite');
        await expect(backupDatabase({ sqliteFile: Path.join(scratch, 'missing', 'staffgate.sqlite'), file })).to.reject(/missing\/staffgate\.sqlite does not exist/);
        expect(Fs.existsSync(file)).to.be.false();
    });

    it('refuses to restore into a data directory that has a database, or a stray -wal file, and changes nothing', async () => {

        const file = Path.join(scratch, 'for-refusals.sqlite');
        await backupDatabase({ sqliteFile: core.settings.sqliteFile, file });

        const occupied = Path.join(scratch, 'occupied');
        Fs.mkdirSync(occupied);
        Fs.writeFileSync(Path.join(occupied, 'staffgate.sqlite'), 'live data');
        await expect(restoreDatabase({ file, dataDir: occupied, sqliteFile: Path.join(occupied, 'staffgate.sqlite') })).to.reject(/a database is already there \(staffgate\.sqlite in .+occupied\): restore only goes into an empty data directory/);
        expect(Fs.readFileSync(Path.join(occupied, 'staffgate.sqlite'), 'utf8')).to.equal('live data');

        const stray = Path.join(scratch, 'stray');
        Fs.mkdirSync(stray);
        Fs.writeFileSync(Path.join(stray, 'staffgate.sqlite-wal'), '');
        await expect(restoreDatabase({ file, dataDir: stray, sqliteFile: Path.join(stray, 'staffgate.sqlite') })).to.reject(/a database is already there \(staffgate\.sqlite-wal in /);
        expect(Fs.readdirSync(stray)).to.equal(['staffgate.sqlite-wal']);
    });

    it('refuses to restore a file that is not a sound Staffgate database', async () => {

        const notSqlite = Path.join(scratch, 'not-sqlite.txt');
        Fs.writeFileSync(notSqlite, 'hello');
        const foreign = Path.join(scratch, 'foreign.sqlite');
        const db = new Database(foreign);
        db.exec('CREATE TABLE notes (text TEXT)');
        db.close();

        for (const [file, message] of [[notSqlite, /not a database/], [foreign, /not a Staffgate database/]] as const) {
            const dataDir = Path.join(scratch, `target-${Crypto.randomUUID()}`);
            await expect(restoreDatabase({ file, dataDir, sqliteFile: Path.join(dataDir, 'staffgate.sqlite') })).to.reject(message);
            expect(Fs.existsSync(dataDir)).to.be.false();
        }
    });

    it('runs as npm scripts: exit 0 with a summary, 1 with the reason on refusal, 2 with the usage', async () => {

        const file = Path.join(scratch, 'cli.sqlite');
        const backup = await runCli('server/cli/backup.ts', [file], { DATA_DIR: core.dataDir });
        expect(backup.code, backup.output).to.equal(0);
        expect(backup.output).to.contain(`backed up ${core.settings.sqliteFile} to ${file}`);
        expect(backup.output).to.contain('integrity ok');
        expect(backup.output).to.match(/users\s+\d+/);

        const again = await runInProcess(backupCommand, [file], { DATA_DIR: core.dataDir });
        expect(again.code).to.equal(1);
        expect(again.output).to.equal(`error: ${file} exists; choose another file or pass --force to replace it\n`);

        const forced = await runInProcess(backupCommand, [file, '--force'], { DATA_DIR: core.dataDir });
        expect(forced.code, forced.output).to.equal(0);

        for (const argv of [[], [file, 'second'], [file, '--overwrite']]) {
            const usage = await runInProcess(backupCommand, argv, { DATA_DIR: core.dataDir });
            expect(usage.code).to.equal(2);
            expect(usage.output).to.endWith('usage: npm run backup -- <file> [--force]\n');
        }

        const env = { DATA_DIR: core.dataDir, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };
        for (const command of [backupCommand, restoreCommand]) {
            const onPostgres = await runInProcess(command, [Path.join(scratch, 'pg.sqlite')], env);
            expect(onPostgres.code).to.equal(1);
            expect(onPostgres.output).to.contain('DATABASE_URL is set: this deployment keeps its data in PostgreSQL');
        }

        const badConfig = await runInProcess(backupCommand, [file], { DATA_DIR: core.dataDir, CORE_PORT: 'many' });
        expect(badConfig.code).to.equal(1);
        expect(badConfig.output).to.contain('Invalid configuration');

        const occupied = await runInProcess(restoreCommand, [file], { DATA_DIR: core.dataDir });
        expect(occupied.code).to.equal(1);
        expect(occupied.output).to.contain('a database is already there (staffgate.sqlite, staffgate.sqlite-wal, staffgate.sqlite-shm in');

        const fresh = Path.join(scratch, 'cli-restored');
        const restore = await runCli('server/cli/restore.ts', [file], { DATA_DIR: fresh });
        expect(restore.code, restore.output).to.equal(0);
        expect(restore.output).to.contain(`restored ${file} into ${Path.join(fresh, 'staffgate.sqlite')}`);
        expect(checkDatabase(Path.join(fresh, 'staffgate.sqlite')).rows.users).to.equal(checkDatabase(file).rows.users);
    });
});
