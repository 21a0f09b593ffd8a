import * as Crypto from 'crypto';
import * as Fs from 'fs';
import * as Path from 'path';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import * as Pg from 'pg';

import type { NewEmailPasswordUser, SessionRecord, Storage } from '../../../server/core/storage';
import { loadMigrations } from '../../../server/core/storage/migrations';
import { openStorage } from '../../../server/core/storage/open';
import { createPostgresStorage } from '../../../server/core/storage/postgres';
import { isPgError, withTransaction } from '../../../server/core/storage/postgres/transaction';
import { describeStorage, sha256, uuid } from './contract';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


/*
 * The PostgreSQL tests run when TEST_PG_URL names a database they may create schemas in, e.g.
 * TEST_PG_URL=postgres://postgres@127.0.0.1:5432/test npx lab test/core/storage
 * Each storage gets a fresh random schema, dropped when it is closed (or at the end, if a test failed first).
 */
const url = process.env.TEST_PG_URL;

const app = 'public';
const tenant = 'public';
const now = 1_800_000_000_000;
const day = 86_400_000;


describe('PostgreSQL storage without a database', () => {

    it('openStorage() picks the PostgreSQL adapter when a database URL is set', async () => {

        // Nothing connects until the first query.
        const storage = openStorage({ databaseUrl: 'postgres://nobody@127.0.0.1:1/none', sqliteFile: ':memory:' });
        expect(storage.name).to.equal('postgres');
        await storage.close();
    });

    it('refuses a schema name that is not a plain lower-case identifier', () => {

        for (const schema of ['', 'Upper', '1abc', 'a-b', 'a;drop table users', `a${'b'.repeat(63)}`]) {
            expect(() => createPostgresStorage({ connectionString: 'postgres://nobody@127.0.0.1:1/none', schema })).to.throw(/Invalid PostgreSQL schema name/);
        }
    });

    it('isPgError() recognises a PostgreSQL error by its SQLSTATE only', () => {

        expect(isPgError(Object.assign(new Error('x'), { code: '23505' }), '23505')).to.be.true();
        expect(isPgError(Object.assign(new Error('x'), { code: '23503' }), '23505')).to.be.false();
        expect(isPgError(new Error('x'), '23505')).to.be.false();
        expect(isPgError(null, '23505')).to.be.false();
        expect(isPgError('23505', '23505')).to.be.false();
    });

    it('ships the PostgreSQL migrations with the same versions as the SQLite ones', () => {

        const postgres = loadMigrations('postgres');
        expect(postgres.map((migration) => migration.version)).to.equal(loadMigrations('sqlite').map((migration) => migration.version));
        expect(postgres.every((migration) => !migration.sql.includes('STRICT'))).to.be.true();
    });
});


if (!url) {
    describe('PostgreSQL storage', () => {

        it('runs the storage contract and the concurrency tests on PostgreSQL only when TEST_PG_URL is set (e.g. postgres://postgres@127.0.0.1:5432/test)', { skip: true }, () => { });
    });
}
else {
    const schemas = new Set<string>();
    let admin: Pg.Pool;

    const freshSchema = () => {

        const schema = `staffgate_test_${Crypto.randomBytes(6).toString('hex')}`;
        schemas.add(schema);
        return schema;
    };

    const dropSchema = async (schema: string) => {

        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        schemas.delete(schema);
    };

    /** A storage on the schema (new by default) whose close() also drops the schema when asked to. */
    const open = (options: { schema?: string; poolSize?: number; drop?: boolean } = {}): Storage => {

        const schema = options.schema ?? freshSchema();
        schemas.add(schema);
        const storage = createPostgresStorage({ connectionString: url, schema, poolSize: options.poolSize ?? 5 });
        if (!options.drop) {
            return storage;
        }

        return {
            ...storage,
            close: async () => {

                await storage.close();
                await dropSchema(schema);
            }
        };
    };

    const migrated = async (options: Parameters<typeof open>[0] = {}): Promise<Storage> => {

        const storage = open({ drop: true, ...options });
        await storage.migrate();
        return storage;
    };

    /** Runs `fn` on a client whose search_path is the schema. */
    const inSchema = async <T>(schema: string, fn: (client: Pg.PoolClient) => Promise<T>): Promise<T> => {

        const client = await admin.connect();
        try {
            await client.query(`SET search_path TO ${schema}`);
            return await fn(client);
        }
        finally {
            await client.query('RESET ALL');
            client.release();
        }
    };

    const newUser = (n: number, overrides: Partial<NewEmailPasswordUser> = {}): NewEmailPasswordUser => ({
        appId: app,
        tenantId: tenant,
        userId: uuid(n),
        email: `user${n}@example.com`,
        passwordHash: `hash-${n}`,
        timeJoined: now - day + n,
        verified: false,
        ...overrides
    });

    const newSession = (n: number, overrides: Partial<SessionRecord> = {}): SessionRecord => ({
        appId: app,
        tenantId: tenant,
        sessionHandle: uuid(1000 + n),
        userId: uuid(1),
        refreshTokenHash2: sha256(sha256(`refresh-token-${n}`)),
        sessionData: {},
        jwtPayload: {},
        expiresAt: now + day,
        createdAt: now,
        useStaticKey: false,
        ...overrides
    });

    /** `count` calls of `fn`, shared out between the storages (as between processes), all started at once. */
    const race = <T>(storages: readonly Storage[], count: number, fn: (storage: Storage, i: number) => Promise<T>): Promise<T[]> => {

        return Promise.all(Array.from({ length: count }, (_, i) => fn(storages[i % storages.length]!, i)));
    };


    before(() => {

        admin = new Pg.Pool({ connectionString: url, max: 3 });
    });

    after(async () => {

        for (const schema of [...schemas]) {
            await dropSchema(schema);
        }

        await admin.end();
    });


    describeStorage(lab, 'postgres', () => migrated());


    describe('PostgreSQL storage', () => {

        describe('migrate()', () => {

            it('creates the schema, applies every PostgreSQL migration there, then nothing', async () => {

                const schema = freshSchema();
                const storage = open({ schema, drop: true });
                const versions = loadMigrations('postgres').map((migration) => migration.version);
                // Counted from the folder, so that a new migration needs no change here.
                const files = Fs.readdirSync(Path.join(__dirname, '../../../server/core/storage/migrations')).filter((name) => name.endsWith('.postgres.sql'));
                expect(versions).to.have.length(files.length);
                expect(versions).to.include(['20261127120000', '20261127130000', '20261204190000']);

                expect(await storage.migrate()).to.equal(versions);
                expect(await storage.migrate()).to.equal([]);

                const { rows } = await admin.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name', [schema]);
                expect(rows.map((row) => row.table_name)).to.include(['users', 'sessions', 'audit_events', 'schema_migrations', 'user_bans']);
                await storage.close();
            });

            it('applies each step once when several storages migrate one new schema at once', async () => {

                const schema = freshSchema();
                const storages = [1, 2, 3, 4].map(() => open({ schema }));
                const results = await Promise.all(storages.map((storage) => storage.migrate()));

                const versions = loadMigrations('postgres').map((migration) => migration.version);
                expect(results.filter((applied) => applied.length)).to.equal([versions]);
                expect(results.flat()).to.equal(versions);

                const { rows } = await inSchema(schema, (client) => client.query<{ version: string; times: number }>('SELECT version, COUNT(*)::int AS times FROM schema_migrations GROUP BY version ORDER BY version'));
                expect(rows).to.equal(versions.map((version) => ({ version, times: 1 })));

                for (const storage of storages) {
                    await storage.close();
                }

                await dropSchema(schema);
            });

            it('without a schema option, uses the connection\'s own search_path', async () => {

                const schema = freshSchema();
                await admin.query(`CREATE SCHEMA ${schema}`);
                const withPath = new URL(url);
                withPath.searchParams.set('options', `-c search_path=${schema}`);

                const storage = createPostgresStorage({ connectionString: withPath.toString() });
                expect(await storage.migrate()).to.equal(loadMigrations('postgres').map((migration) => migration.version));
                expect(await storage.users.createEmailPasswordUser(newUser(1))).to.be.true();
                await storage.close();

                const { rows } = await inSchema(schema, (client) => client.query<{ count: number }>('SELECT COUNT(*)::int AS count FROM users'));
                expect(rows).to.equal([{ count: 1 }]);
                await dropSchema(schema);
            });

            it('keeps schemas apart', async () => {

                const first = await migrated();
                const second = await migrated();
                await first.users.createEmailPasswordUser(newUser(1));
                expect(await first.users.countUsers(app, undefined)).to.equal(1);
                expect(await second.users.countUsers(app, undefined)).to.equal(0);
                await first.close();
                await second.close();
            });
        });

        describe('ping() and close()', () => {

            it('ping rejects when the database only accepts reads', async () => {

                const readOnly = new URL(url);
                readOnly.searchParams.set('options', '-c default_transaction_read_only=on');
                const storage = createPostgresStorage({ connectionString: readOnly.toString() });
                await expect(storage.ping()).to.reject(/read-only/);
                await storage.close();
            });

            it('ping rejects once the storage is closed, and close can be called twice', async () => {

                const storage = await migrated();
                await storage.ping();
                await storage.close();
                await expect(storage.ping()).to.reject();
                await storage.close();
            });

            it('every method rejects once the storage is closed', async () => {

                const storage = await migrated();
                await storage.close();
                await expect(storage.users.createEmailPasswordUser(newUser(1))).to.reject();
                await expect(storage.users.updateEmailPasswordUser(app, uuid(1), { email: 'x@example.com' })).to.reject();
                await expect(storage.roles.addUserRole(app, tenant, uuid(1), 'admin')).to.reject();
                await expect(storage.sessions.getSession(app, uuid(1))).to.reject();
                await expect(storage.migrate()).to.reject();
            });

            it('ping rejects when the database does not answer', async () => {

                const storage = createPostgresStorage({ connectionString: 'postgres://postgres@127.0.0.1:1/none' });
                await expect(storage.ping()).to.reject();
                await storage.close();
            });
        });

        describe('withTransaction()', () => {

            let pool: Pg.Pool;

            before(() => {

                pool = new Pg.Pool({ connectionString: url, max: 2 });
            });

            after(async () => {

                await pool.end();
            });

            const deadlock = () => Object.assign(new Error('deadlock detected'), { code: '40P01' });

            it('commits what the function returns, and rolls back what it throws', async () => {

                const schema = freshSchema();
                await admin.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (n INT)`);

                expect(await withTransaction(pool, async (client) => (await client.query(`INSERT INTO ${schema}.t VALUES (1) RETURNING n`)).rows[0])).to.equal({ n: 1 });
                await expect(withTransaction(pool, async (client) => {

                    await client.query(`INSERT INTO ${schema}.t VALUES (2)`);
                    throw new Error('changed my mind');
                })).to.reject('changed my mind');

                expect((await admin.query(`SELECT n FROM ${schema}.t`)).rows).to.equal([{ n: 1 }]);
                await dropSchema(schema);
            });

            it('runs a deadlock victim again, up to three times in all', async () => {

                let calls = 0;
                expect(await withTransaction(pool, async () => {

                    if (++calls < 3) {
                        throw deadlock();
                    }

                    return 'done';
                })).to.equal('done');
                expect(calls).to.equal(3);

                calls = 0;
                await expect(withTransaction(pool, async () => {

                    ++calls;
                    throw deadlock();
                })).to.reject('deadlock detected');
                expect(calls).to.equal(3);
            });

            it('does not give a connection that cannot roll back to the pool', async () => {

                await expect(withTransaction(pool, (client) => client.query('SELECT pg_terminate_backend(pg_backend_pid())'))).to.reject();
                expect(pool.totalCount).to.equal(0);
                expect((await pool.query('SELECT 1 AS one')).rows).to.equal([{ one: 1 }]);
            });
        });

        describe('types', () => {

            it('reads BIGINT times, counts and audit ids back as numbers', async () => {

                const storage = await migrated();
                await storage.audit.append({ appId: app, time: now, event: 'sign-in', details: { n: 1 } });
                await storage.audit.append({ appId: app, time: now + 1, event: 'sign-in', userId: uuid(1), ip: '::1', userAgent: 'lab', actorId: uuid(2), details: {} });

                const events = await storage.audit.query(app, { limit: 10 });
                expect(events.map((event) => typeof event.id)).to.equal(['number', 'number']);
                expect(events[0]!.id).to.be.above(events[1]!.id);
                expect(events[1]).to.equal({ id: events[1]!.id, appId: app, time: now, event: 'sign-in', details: { n: 1 } });
                expect(await storage.audit.count(app, {})).to.equal(2);
                expect(await storage.audit.query(app, { limit: 10, beforeId: events[0]!.id })).to.equal([events[1]!]);
                await storage.close();
            });
        });

        describe('email search', () => {

            it('matches email and domain prefixes byte by byte, and the prefix range uses an index', async () => {

                const schema = freshSchema();
                const storage = await migrated({ schema });
                const emails = ['alice@example.com', 'al_ice@example.com', 'albert@corp.example', 'bob@alpha.io', 'zoë@example.com', 'Al@x.io'];
                for (const [i, email] of emails.entries()) {
                    await storage.users.createEmailPasswordUser(newUser(i + 1, { email }));
                }

                const found = async (emailTerms: string[]) => (await storage.users.searchUsers(app, tenant, { order: 'ASC', emails: emailTerms, limit: 10 })).map((user) => user.email);
                expect(await found(['al'])).to.equal(['alice@example.com', 'al_ice@example.com', 'albert@corp.example', 'bob@alpha.io']);
                expect(await found(['al_'])).to.equal(['al_ice@example.com']);
                expect(await found(['zoë'])).to.equal(['zoë@example.com']);
                expect(await found(['corp.'])).to.equal(['albert@corp.example']);

                const plan = await inSchema(schema, async (client) => {

                    // Six rows cost the same through any index of the tenant: with a realistic table (in a transaction
                    // rolled back) the planner weighs the range, as it does in production.
                    await client.query('BEGIN');
                    try {
                        await client.query(`INSERT INTO users (app_id, tenant_id, user_id, recipe_id, email, time_joined)
                            SELECT $1, $2, 'bulk-' || i, 'thirdparty', 'user' || i || '@bulk.example', i FROM generate_series(1, 5000) AS i`, [app, tenant]);
                        await client.query('ANALYZE users');
                        const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT user_id FROM users WHERE app_id = $1 AND tenant_id = $2 AND email >= $3 AND email < $3 || chr(1114111)`, [app, tenant, 'al']);
                        return rows.map((row) => row['QUERY PLAN']).join('\n');
                    }
                    finally {
                        await client.query('ROLLBACK');
                    }
                });

                expect(plan).to.match(/Index (Only )?Scan using users_email/);
                expect(plan).to.match(/Index Cond: .*email >= /);
                await storage.close();
            });
        });

        describe('under concurrency, from two storages (as from two processes)', () => {

            let storages: Storage[];

            before(async () => {

                const schema = freshSchema();
                storages = [open({ schema, poolSize: 20 }), open({ schema, poolSize: 20 })];
                await storages[0]!.migrate();
            });

            after(async () => {

                for (const storage of storages) {
                    await storage.close();
                }
            });

            const first = () => storages[0]!;

            it('lets exactly one of 50 sign-ups with one email win', async () => {

                const results = await race(storages, 50, (storage, i) => storage.users.createEmailPasswordUser(newUser(100 + i, { email: 'race@example.com' })));
                expect(results.filter(Boolean)).to.have.length(1);
                expect((await first().users.listUsersByAccountInfo(app, tenant, { email: 'race@example.com' })).map((user) => user.userId)).to.equal([uuid(100 + results.indexOf(true))]);
                expect(await first().passwords.getPasswordHash(app, uuid(100 + results.indexOf(true)))).to.equal(`hash-${100 + results.indexOf(true)}`);
            });

            it('lets exactly one of 20 email changes to one email win', async () => {

                for (let i = 0; i < 20; ++i) {
                    await first().users.createEmailPasswordUser(newUser(200 + i));
                }

                const results = await race(storages, 20, (storage, i) => storage.users.updateEmailPasswordUser(app, uuid(200 + i), { email: 'taken@example.com', passwordHash: `new-${i}` }));
                expect(results.filter((result) => result === 'OK')).to.have.length(1);
                expect(results.filter((result) => result === 'EMAIL_ALREADY_EXISTS')).to.have.length(19);

                // The losers kept their password too.
                const loser = results.indexOf('EMAIL_ALREADY_EXISTS');
                expect(await first().passwords.getPasswordHash(app, uuid(200 + loser))).to.equal(`hash-${200 + loser}`);
            });

            it('counts exactly `threshold` of 50 concurrent sign-in attempts', async () => {

                const policy = { threshold: 10, maxWait: 60_000, resetAfter: day };
                const results = await race(storages, 50, (storage) => storage.lockouts.claimAttempt(app, uuid(300), now, policy));
                expect(results.filter(Boolean)).to.have.length(10);
                expect(await first().lockouts.getState(app, uuid(300))).to.equal({ userId: uuid(300), failures: 10, lastFailureAt: now });
            });

            it('lets exactly one of 20 refreshes from one token promote it', async () => {

                const session = newSession(1);
                await first().sessions.createSession(session);

                const children = Array.from({ length: 20 }, (_, i) => sha256(sha256(`child-${i}`)));
                const results = await race(storages, 20, (storage, i) => {

                    return storage.sessions.promoteRefreshToken(app, session.sessionHandle, {
                        fromHash2: session.refreshTokenHash2,
                        toHash2: children[i]!,
                        expiresAt: now + 2 * day,
                        useStaticKey: false,
                        now
                    });
                });

                expect(results.filter(Boolean)).to.have.length(1);
                expect((await first().sessions.getSession(app, session.sessionHandle))!.refreshTokenHash2).to.equal(children[results.indexOf(true)]!);
            });

            it('keeps every key of 30 concurrent metadata merges, the first ones included', async () => {

                const results = await race(storages, 30, (storage, i) => storage.metadata.mergeMetadata(app, uuid(400), { [`key${i}`]: i }, now));
                expect(results).to.have.length(30);

                const expected = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`key${i}`, i]));
                expect(await first().metadata.getMetadata(app, uuid(400))).to.equal(expected);

                // A null deletes, concurrently too.
                await race(storages, 10, (storage, i) => storage.metadata.mergeMetadata(app, uuid(400), { [`key${i}`]: null }, now));
                expect(Object.keys(await first().metadata.getMetadata(app, uuid(400)))).to.have.length(20);
            });

            it('gives a reset token and a verification token to exactly one of 20 consumers', async () => {

                await first().tokens.createPasswordResetToken({ appId: app, tenantId: tenant, userId: uuid(500), email: 'x@example.com', tokenHash: sha256('reset'), expiresAt: now });
                await first().emailVerification.createToken({ appId: app, tenantId: tenant, userId: uuid(500), email: 'x@example.com', tokenHash: sha256('verify'), expiresAt: now });

                const resets = await race(storages, 20, (storage) => storage.tokens.consumePasswordResetToken(app, tenant, sha256('reset')));
                expect(resets.filter(Boolean)).to.have.length(1);
                const verifications = await race(storages, 20, (storage) => storage.emailVerification.consumeToken(app, tenant, sha256('verify')));
                expect(verifications.filter(Boolean)).to.have.length(1);
            });

            it('creates one third-party user when 20 sign-ins of one provider account race', async () => {

                const results = await race(storages, 20, (storage, i) => {

                    return storage.users.signInUpThirdParty({
                        appId: app,
                        tenantId: tenant,
                        userId: uuid(600 + i),
                        thirdPartyId: 'google',
                        thirdPartyUserId: 'g-1',
                        email: 'g@example.com',
                        timeJoined: now,
                        verified: true
                    });
                });

                expect(results.filter((result) => result.createdNewUser)).to.have.length(1);
                const winner = results.find((result) => result.createdNewUser)!.user;
                expect(results.every((result) => result.user.userId === winner.userId && result.user.verified)).to.be.true();
                expect(await first().users.listUsersByAccountInfo(app, tenant, { thirdParty: { id: 'google', userId: 'g-1' } })).to.equal([winner]);
            });

            it('hands every caller the first writer\'s secret, and one signing key per slot', async () => {

                const secrets = await race(storages, 20, (storage, i) => storage.keys.getOrCreateSecret(app, 'race', `value-${i}`));
                expect(new Set(secrets).size).to.equal(1);

                const inserted = await race(storages, 20, (storage, i) => storage.keys.insertSigningKey({ appId: app, keyId: `d-${i}`, kind: 'dynamic', algorithm: 'RS256', privateKey: 'pem', createdAt: i, generation: 42 }));
                expect(inserted.filter(Boolean)).to.have.length(1);
            });

            it('keeps every permission of concurrent updates of one role, and one of them creates it', async () => {

                const created = await race(storages, 20, (storage, i) => storage.roles.createOrUpdateRole(app, 'racer', [`perm-${i}`]));
                expect(created.filter(Boolean)).to.have.length(1);
                expect(await first().roles.getPermissions(app, 'racer')).to.have.length(20);

                // Assigning while the role is deleted: each assignment either lands before the delete (and goes with
                // the role) or finds no role.
                const [assigned] = await Promise.all([
                    race(storages, 20, (storage, i) => storage.roles.addUserRole(app, tenant, uuid(700 + i), 'racer')),
                    first().roles.deleteRole(app, 'racer')
                ]);

                expect(assigned.every((result) => result === 'UNKNOWN_ROLE' || (typeof result === 'object' && !result.alreadyHad))).to.be.true();
                expect(await first().roles.getUsersWithRole(app, tenant, 'racer')).to.be.undefined();
                expect(await first().roles.getUserRoles(app, tenant, uuid(700))).to.equal([]);
            });

            it('bans and deletes one user at once without a deadlock', async () => {

                await first().users.createEmailPasswordUser(newUser(800));
                for (let i = 1; i <= 5; ++i) {
                    await first().sessions.createSession(newSession(800 + i, { userId: uuid(800) }));
                }

                await Promise.all([
                    storages[0]!.bans.ban(app, { userId: uuid(800), bannedAt: now }),
                    storages[1]!.users.deleteUser(app, uuid(800)),
                    storages[0]!.users.updateEmailPasswordUser(app, uuid(800), { email: 'changed@example.com', passwordHash: 'changed' })
                ]);

                expect(await first().users.getUser(app, uuid(800))).to.be.undefined();
                expect(await first().sessions.listSessionHandles(app, uuid(800), now)).to.equal([]);
            });
        });
    });
}
