import * as Crypto from 'crypto';
import * as Fs from 'fs';
import * as Path from 'path';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import Database from 'better-sqlite3';
import * as Pg from 'pg';
import SuperTokens from 'supertokens-node';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import EmailVerification from 'supertokens-node/recipe/emailverification';
import Session from 'supertokens-node/recipe/session';
import UserMetadata from 'supertokens-node/recipe/usermetadata';
import UserRoles from 'supertokens-node/recipe/userroles';

import { migrateDbCommand } from '../../server/cli/migrate-db';
import { checkDatabase } from '../../server/cli/sqlite-copy';
import { convertValue, moveSqliteToPostgres } from '../../server/cli/sqlite-to-postgres';
import { dropSchema, postgresStorage, startTestCore, type TestCore } from '../helpers/core';
import { initSdk } from '../helpers/sdk';
import { decodeJwt } from '../helpers/session-tools';
import { runCli, runInProcess, temporaryDir } from './helpers';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const pgUrl = process.env.TEST_PG_URL;
const password = 'Password123';

const recipes = () => [EmailPassword.init(), EmailVerification.init({ mode: 'OPTIONAL' }), Session.init(), UserRoles.init(), UserMetadata.init()];


describe('convertValue()', () => {

    const column = (type: string) => ({ name: 'c', type });

    it('turns SQLite integers into what the PostgreSQL column takes', () => {

        expect(convertValue(1n, column('boolean'), 't')).to.equal(true);
        expect(convertValue(0n, column('boolean'), 't')).to.equal(false);
        expect(() => convertValue(2n, column('boolean'), 't')).to.throw('t.c holds 2, which is not a boolean (0 or 1)');
        expect(convertValue(1_764_800_000_123n, column('timestamp with time zone'), 't')).to.equal(new Date(1_764_800_000_123));
        expect(convertValue(9_007_199_254_740_993n, column('bigint'), 't')).to.equal('9007199254740993');     // 2^53 + 1, exactly
        expect(convertValue('{"a":1}', column('jsonb'), 't')).to.equal('{"a":1}');
        expect(convertValue(null, column('boolean'), 't')).to.equal(null);
        expect(convertValue(1.5, column('double precision'), 't')).to.equal(1.5);
    });
});


describe('npm run migrate-db', { skip: !pgUrl }, () => {

    let sqliteCore: TestCore;
    const schemas: string[] = [];
    const freshSchema = () => {

        const schema = `migrate_${Crypto.randomBytes(6).toString('hex')}`;
        schemas.push(schema);
        return schema;
    };

    const query = async <R extends Pg.QueryResultRow>(schema: string, sql: string): Promise<R[]> => {

        const client = new Pg.Client({ connectionString: pgUrl });
        await client.connect();
        try {
            await client.query(`SET search_path TO ${schema}`);
            return (await client.query<R>(sql)).rows;
        }
        finally {
            await client.end();
        }
    };

    /** A copy of the test core's database, to damage or change, in a directory removed after the tests. */
    const scratchDirs: string[] = [];
    const consistentCopy = async () => {

        const scratch = temporaryDir();
        scratchDirs.push(scratch);
        const copy = Path.join(scratch, 'copy.sqlite');
        const source = new Database(sqliteCore.settings.sqliteFile, { readonly: true });
        await source.backup(copy);
        source.close();
        return copy;
    };

    const signUp = async (label: string) => {

        const result = await EmailPassword.signUp('public', `${label}-${Crypto.randomUUID()}@example.com`, password);
        if (result.status !== 'OK') {
            throw new Error(`sign-up failed: ${result.status}`);
        }

        return result;
    };

    before(async () => {

        sqliteCore = await startTestCore();
        initSdk(sqliteCore.uri, { recipeList: recipes() });
    });

    after(async () => {

        await sqliteCore.destroy();
        for (const dir of scratchDirs) {
            Fs.rmSync(dir, { recursive: true, force: true });
        }

        for (const schema of schemas) {
            await dropSchema(schema);
        }
    });

    it('copies every table, and a core on PostgreSQL signs the same users in, keeps their sessions, roles and metadata', async () => {

        const alice = await signUp('alice');
        const bob = await signUp('bob');
        const aliceEmail = alice.user.emails[0]!;
        await UserRoles.createNewRoleOrAddPermissions('admin', ['users:write']);
        await UserRoles.addRoleToUser('public', alice.user.id, 'admin');
        await UserMetadata.updateUserMetadata(bob.user.id, { team: 'blue', desk: 7 });
        const verification = await EmailVerification.createEmailVerificationToken('public', alice.recipeUserId, aliceEmail);
        expect(verification.status).to.equal('OK');
        await EmailVerification.verifyEmailUsingToken('public', verification.status === 'OK' ? verification.token : '');

        const plain = await Session.createNewSessionWithoutRequestResponse('public', alice.recipeUserId, { shift: 'early' }, { cart: [1] });
        const rotated = await Session.createNewSessionWithoutRequestResponse('public', bob.recipeUserId);
        const parent = rotated.getAllSessionTokensDangerously();
        const child = (await Session.refreshSessionWithoutRequestResponse(parent.refreshToken!)).getAllSessionTokensDangerously();
        await Session.getSessionWithoutRequestResponse(child.accessToken);          // promotes the child
        const jwks = await (await fetch(`${sqliteCore.uri}/.well-known/jwks.json`)).json();
        const userCount = await SuperTokens.getUserCount();

        // Stopped, as the runbook says: nothing writes during the move.
        const sqliteFile = sqliteCore.settings.sqliteFile;
        const sqliteRows = checkDatabase(sqliteFile).rows;
        await sqliteCore.stop();

        try {
            const schema = freshSchema();
            const report = await moveSqliteToPostgres({ sqliteFile, connectionString: pgUrl!, schema });
            expect(report.schema).to.equal(schema);

            // Every table but the migrations' own, with the same counts, and parents before children.
            const { schema_migrations: _, ...expected } = sqliteRows;
            expect(report.rows).to.equal(expected);
            const order = Object.keys(report.rows);
            expect(order.indexOf('roles')).to.be.below(order.indexOf('user_roles'));
            expect(order.indexOf('roles')).to.be.below(order.indexOf('role_permissions'));
            for (const table of ['users', 'passwords', 'sessions', 'signing_keys', 'app_secrets', 'roles', 'user_roles', 'user_metadata', 'verified_emails', 'audit_events']) {
                expect(report.rows[table]!, table).to.be.above(0);
            }

            for (const [table, count] of Object.entries(expected)) {
                const [row] = await query<{ count: string }>(schema, `SELECT count(*) AS count FROM "${table}"`);
                expect(Number(row!.count), table).to.equal(count);
            }

            const [session] = await query<{ use_static_key: boolean; expires_at: string }>(schema, `SELECT use_static_key, expires_at FROM sessions WHERE session_handle = '${plain.getHandle()}'`);
            expect(session!.use_static_key).to.equal(false);

            const pgCore = await startTestCore({ adapter: 'postgres', schema });
            try {
                initSdk(pgCore.uri, { recipeList: recipes() });
                expect(await (await fetch(`${pgCore.uri}/.well-known/jwks.json`)).json()).to.equal(jwks);
                expect(await SuperTokens.getUserCount()).to.equal(userCount);

                // The old password; the email's unique index holds.
                const signIn = await EmailPassword.signIn('public', aliceEmail, password);
                expect(signIn.status === 'OK' && signIn.user.id).to.equal(alice.user.id);
                expect(signIn.status === 'OK' && signIn.user.loginMethods[0]!.verified).to.be.true();
                expect(await EmailPassword.signIn('public', aliceEmail, 'Password124')).to.equal({ status: 'WRONG_CREDENTIALS_ERROR' });
                expect((await EmailPassword.signUp('public', aliceEmail, password)).status).to.equal('EMAIL_ALREADY_EXISTS_ERROR');

                // Sessions: the access token verifies, in the core too; data and payload came along; refresh state too.
                const verified = await Session.getSessionWithoutRequestResponse(plain.getAllSessionTokensDangerously().accessToken, undefined, { checkDatabase: true });
                expect(verified.getHandle()).to.equal(plain.getHandle());
                expect(verified.getAccessTokenPayload().shift).to.equal('early');
                expect(await verified.getSessionDataFromDatabase()).to.equal({ cart: [1] });

                const refreshed = await Session.refreshSessionWithoutRequestResponse(child.refreshToken!);
                expect(refreshed.getHandle()).to.equal(rotated.getHandle());
                expect(decodeJwt(refreshed.getAllSessionTokensDangerously().accessToken).header.kid).to.equal(decodeJwt(child.accessToken).header.kid);
                const theft = await expect(Session.refreshSessionWithoutRequestResponse(parent.refreshToken!)).to.reject(Session.Error);
                expect(theft.type).to.equal(Session.Error.TOKEN_THEFT_DETECTED);

                // Roles and metadata.
                expect(await UserRoles.getRolesForUser('public', alice.user.id)).to.equal({ status: 'OK', roles: ['admin'] });
                expect(await UserRoles.getPermissionsForRole('admin')).to.equal({ status: 'OK', permissions: ['users:write'] });
                expect(await UserMetadata.getUserMetadata(bob.user.id)).to.equal({ status: 'OK', metadata: { team: 'blue', desk: 7 } });

                // New rows after the move: audit ids continue after the copied ones.
                const [{ max: before_ }] = await query<{ max: string }>(schema, 'SELECT max(id) AS max FROM audit_events') as [{ max: string }];
                expect((await signUp('after')).status).to.equal('OK');
                const [{ max: after_ }] = await query<{ max: string }>(schema, 'SELECT max(id) AS max FROM audit_events') as [{ max: string }];
                expect(Number(after_)).to.be.above(Number(before_));
            }
            finally {
                await pgCore.destroy();
            }

            // Run again onto the same schema: refused, nothing added.
            await expect(moveSqliteToPostgres({ sqliteFile, connectionString: pgUrl!, schema })).to.reject(/already has 3 users: migrate-db only fills an empty database/);
            const [users] = await query<{ count: string }>(schema, 'SELECT count(*) AS count FROM users');
            expect(Number(users!.count)).to.equal(3);

        }
        finally {
            sqliteCore = await sqliteCore.restart();
            initSdk(sqliteCore.uri, { recipeList: recipes() });
        }
    });

    it('refuses a target where a core has run, even without users', async () => {

        const schema = freshSchema();
        const pgCore = await startTestCore({ adapter: 'postgres', schema });
        await fetch(`${pgCore.uri}/.well-known/jwks.json`);           // makes the signing keys
        await pgCore.destroy();

        await expect(moveSqliteToPostgres({ sqliteFile: sqliteCore.settings.sqliteFile, connectionString: pgUrl!, schema })).to.reject(/already has rows in .*signing_keys.* \(a core has run on it\)/);
        const [users] = await query<{ count: string }>(schema, 'SELECT count(*) AS count FROM users');
        expect(Number(users!.count)).to.equal(0);
    });

    it('copies all or nothing: a value that cannot convert rolls the whole copy back', async () => {

        await signUp('rollback');
        await Session.createNewSessionWithoutRequestResponse('public', (await signUp('rollback')).recipeUserId);
        const copy = await consistentCopy();
        const db = new Database(copy);
        db.prepare('UPDATE sessions SET use_static_key = 2').run();
        db.close();

        const schema = freshSchema();
        await expect(moveSqliteToPostgres({ sqliteFile: copy, connectionString: pgUrl!, schema })).to.reject(/sessions\.use_static_key holds 2, which is not a boolean/);
        for (const table of ['users', 'passwords', 'signing_keys', 'audit_events']) {
            const [row] = await query<{ count: string }>(schema, `SELECT count(*) AS count FROM ${table}`);
            expect(Number(row!.count), table).to.equal(0);
        }
    });

    it('copies big tables in batches, and serial ids continue after the highest SQLite ever gave', async () => {

        const copy = await consistentCopy();
        const db = new Database(copy);
        const insert = db.prepare(`INSERT INTO audit_events (app_id, time, event, details) VALUES ('public', ?, 'test.bulk', '{"n":' || ? || '}')`);
        db.transaction(() => {

            for (let i = 0; i < 1234; ++i) {
                insert.run(Date.now(), String(i));
            }
        })();

        // The newest ids are gone (retention, say): SQLite's AUTOINCREMENT still never gives them again.
        const highest = db.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').pluck().get('audit_events') as number;
        db.prepare('DELETE FROM audit_events WHERE id > ?').run(highest - 10);
        const count = db.prepare('SELECT count(*) FROM audit_events').pluck().get() as number;
        db.close();

        const schema = freshSchema();
        const report = await moveSqliteToPostgres({ sqliteFile: copy, connectionString: pgUrl!, schema });
        expect(report.rows.audit_events).to.equal(count);
        const [row] = await query<{ count: string; sum: string }>(schema, `SELECT count(*) AS count, sum((details::json->>'n')::int) AS sum FROM audit_events WHERE event = 'test.bulk'`);
        expect(Number(row!.count)).to.equal(1234 - 10);
        expect(Number(row!.sum)).to.equal(1223 * 1224 / 2);                 // rows 0 … 1223, each once

        const [next] = await query<{ id: string }>(schema, `SELECT nextval(pg_get_serial_sequence('audit_events', 'id')) AS id`);
        expect(Number(next!.id)).to.equal(highest + 1);
    });

    it('copies a table it was never told about (a later migration\'s), converting its types, after the tables it refers to', async () => {

        const schema = freshSchema();
        // Named to sort before users: only the foreign key puts it after.
        const copy = await consistentCopy();
        const db = new Database(copy);
        db.exec(`CREATE TABLE a_devices (
            app_id TEXT NOT NULL, user_id TEXT NOT NULL, device TEXT NOT NULL, verified INTEGER NOT NULL,
            created_at INTEGER NOT NULL, secret BLOB NOT NULL, settings TEXT NOT NULL,
            PRIMARY KEY (app_id, user_id, device), FOREIGN KEY (app_id, user_id) REFERENCES users (app_id, user_id) ON DELETE CASCADE) STRICT`);
        const userId = db.prepare('SELECT user_id FROM users LIMIT 1').pluck().get() as string;
        const insert = db.prepare('INSERT INTO a_devices VALUES (\'public\', ?, ?, ?, ?, ?, ?)');
        insert.run(userId, 'phone', 1, 1_764_800_000_123, Buffer.from([0, 1, 254, 255]), '{"digits":6}');
        insert.run(userId, 'tablet', 0, 1_764_800_000_456, Buffer.from('secret'), '{"digits":8}');
        db.close();

        // The PostgreSQL side of the same imaginary migration, with PostgreSQL's types.
        const storage = postgresStorage(schema);
        await storage.migrate();
        await storage.close();
        await query(schema, `CREATE TABLE a_devices (
            app_id TEXT NOT NULL, user_id TEXT NOT NULL, device TEXT NOT NULL, verified BOOLEAN NOT NULL,
            created_at TIMESTAMPTZ NOT NULL, secret BYTEA NOT NULL, settings JSONB NOT NULL,
            PRIMARY KEY (app_id, user_id, device), FOREIGN KEY (app_id, user_id) REFERENCES users (app_id, user_id) ON DELETE CASCADE)`);

        const report = await moveSqliteToPostgres({ sqliteFile: copy, connectionString: pgUrl!, schema });
        expect(report.rows.a_devices).to.equal(2);
        const order = Object.keys(report.rows);
        expect(order.indexOf('a_devices')).to.be.above(order.indexOf('users'));

        const rows = await query<{ device: string; verified: boolean; created_at: Date; secret: Buffer; digits: number }>(schema,
            `SELECT device, verified, created_at, secret, (settings->>'digits')::int AS digits FROM a_devices ORDER BY device`);
        expect(rows).to.equal([
            { device: 'phone', verified: true, created_at: new Date(1_764_800_000_123), secret: Buffer.from([0, 1, 254, 255]), digits: 6 },
            { device: 'tablet', verified: false, created_at: new Date(1_764_800_000_456), secret: Buffer.from('secret'), digits: 8 }
        ]);
    });

    it('without --schema, uses the schema the URL selects (options=-c search_path), which a core started from DATABASE_URL then serves', async () => {

        const schema = freshSchema();
        const copy = await consistentCopy();
        const client = new Pg.Client({ connectionString: pgUrl });
        await client.connect();
        await client.query(`CREATE SCHEMA ${schema}`);
        await client.end();

        const url = new URL(pgUrl!);
        url.searchParams.set('options', `-c search_path=${schema}`);
        const report = await moveSqliteToPostgres({ sqliteFile: copy, connectionString: url.href });
        expect(report.schema).to.equal(schema);

        const { users } = checkDatabase(copy).rows;
        const pgCore = await startTestCore({ env: { DATABASE_URL: url.href } });
        try {
            initSdk(pgCore.uri, { recipeList: recipes() });
            expect(await SuperTokens.getUserCount()).to.equal(users!);
        }
        finally {
            await pgCore.destroy();
            initSdk(sqliteCore.uri, { recipeList: recipes() });
        }
    });

    it('refuses a SQLite database at another migration than this code', async () => {

        const db = new Database(await consistentCopy());
        db.prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES ('29991231000000', 'future', 0)`).run();
        await expect(moveSqliteToPostgres({ sqliteFile: db.name, connectionString: pgUrl!, schema: freshSchema() })).to.reject(/has migrations this version of Staffgate does not know \(29991231000000\)/);

        db.prepare(`DELETE FROM schema_migrations WHERE version <> (SELECT min(version) FROM schema_migrations)`).run();
        db.close();
        await expect(moveSqliteToPostgres({ sqliteFile: db.name, connectionString: pgUrl!, schema: freshSchema() })).to.reject(/lacks migrations .*: start this version of Staffgate on it once/);
    });

    it('runs as an npm script', async () => {

        const schema = freshSchema();
        const moved = await runCli('server/cli/migrate-db.ts', ['--to', pgUrl!, '--schema', schema], { DATA_DIR: sqliteCore.dataDir });
        expect(moved.code, moved.output).to.equal(0);
        expect(moved.output).to.contain(`into PostgreSQL (schema ${schema}); row counts match`);
        expect(moved.output).to.match(/users\s+\d+/);

        // Without --to, DATABASE_URL is the target.
        const again = await runInProcess(migrateDbCommand, ['--schema', schema], { DATA_DIR: sqliteCore.dataDir, DATABASE_URL: pgUrl! });
        expect(again.code).to.equal(1);
        expect(again.output).to.match(/^error: PostgreSQL \(schema migrate_\w+\) already has \d+ users/);

        for (const argv of [[], ['--to', 'mysql://localhost/db'], ['--to', pgUrl!, 'extra']]) {
            const usage = await runInProcess(migrateDbCommand, argv, { DATA_DIR: sqliteCore.dataDir });
            expect(usage.code).to.equal(2);
            expect(usage.output).to.endWith('usage: npm run migrate-db -- --to postgres://user:password@host:5432/database [--schema <name>]\n');
        }

        const badSchema = await runInProcess(migrateDbCommand, ['--to', pgUrl!, '--schema', 'Robert"; DROP'], { DATA_DIR: sqliteCore.dataDir });
        expect(badSchema.code).to.equal(1);
        expect(badSchema.output).to.contain('Invalid PostgreSQL schema name');
    });
});
