import * as Fs from 'fs';
import * as Os from 'os';
import * as Path from 'path';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import Database from 'better-sqlite3';

import type { Storage } from '../../../server/core/storage';
import { loadMigrations } from '../../../server/core/storage/migrations';
import { createSqliteStorage } from '../../../server/core/storage/sqlite';
import { describeStorage, sha256, uuid } from './contract';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


const tempDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-sqlite-'));
let files = 0;

const tempFile = () => Path.join(tempDir, `db-${++files}.sqlite`);

const migrated = async (file: string): Promise<Storage> => {

    const storage = createSqliteStorage({ file });
    await storage.migrate();
    return storage;
};


describeStorage(lab, 'sqlite :memory:', () => migrated(':memory:'));

describeStorage(lab, 'sqlite file', () => migrated(tempFile()));


describe('SQLite storage', () => {

    after(() => {

        Fs.rmSync(tempDir, { recursive: true, force: true });
    });

    describe('migrate()', () => {

        it('applies every SQLite migration on a new database, then nothing', async () => {

            const storage = createSqliteStorage({ file: ':memory:' });
            const versions = loadMigrations('sqlite').map((migration) => migration.version);
            expect(versions).to.not.be.empty();
            expect(await storage.migrate()).to.equal(versions);
            expect(await storage.migrate()).to.equal([]);
            await storage.close();
        });

        it('applies migrations once when two storages open one new file', async () => {

            const file = tempFile();
            const first = createSqliteStorage({ file });
            const second = createSqliteStorage({ file });
            expect(await first.migrate()).to.not.be.empty();
            expect(await second.migrate()).to.equal([]);
            await first.close();
            await second.close();
        });

        it('creates the folder of the database file', async () => {

            const file = Path.join(tempDir, 'nested', 'deeper', 'db.sqlite');
            const storage = await migrated(file);
            expect(Fs.existsSync(file)).to.be.true();
            await storage.close();
        });
    });

    describe('connection settings', () => {

        // The adapter keeps its connection to itself: catch it as it sets its pragmas, then ask it directly.
        const openCapturing = (options: Parameters<typeof createSqliteStorage>[0]) => {

            const original = Database.prototype.pragma;
            const connections: Database.Database[] = [];
            Database.prototype.pragma = function (this: Database.Database, ...args: Parameters<typeof original>) {

                connections.push(this);
                return original.apply(this, args);
            };

            try {
                const storage = createSqliteStorage(options);
                return { storage, connection: connections[0]! };
            }
            finally {
                Database.prototype.pragma = original;
            }
        };

        it('uses WAL, synchronous=FULL and foreign keys on a file database', async () => {

            const { storage, connection } = openCapturing({ file: tempFile() });
            await storage.migrate();

            expect(connection.pragma('journal_mode', { simple: true })).to.equal('wal');
            expect(connection.pragma('synchronous', { simple: true })).to.equal(2);          // FULL
            expect(connection.pragma('foreign_keys', { simple: true })).to.equal(1);
            await storage.close();
        });

        it('waits busyTimeout ms for another process\'s lock, 5 s by default', async () => {

            const byDefault = openCapturing({ file: tempFile() });
            expect(byDefault.connection.pragma('busy_timeout', { simple: true })).to.equal(5000);
            await byDefault.storage.close();

            const custom = openCapturing({ file: tempFile(), busyTimeout: 250 });
            expect(custom.connection.pragma('busy_timeout', { simple: true })).to.equal(250);
            await custom.storage.close();
        });

        it('leaves the file in WAL mode for other connections', async () => {

            const file = tempFile();
            const storage = await migrated(file);
            await storage.close();

            const other = new Database(file, { readonly: true });
            expect(other.pragma('journal_mode', { simple: true })).to.equal('wal');
            other.close();
        });
    });

    describe('durability', () => {

        let file: string;

        before(async () => {

            file = tempFile();
            const storage = await migrated(file);
            await storage.users.createEmailPasswordUser({ appId: 'public', tenantId: 'public', userId: uuid(1), email: 'alice@example.com', passwordHash: 'hash-1', timeJoined: 1000, verified: true });
            await storage.sessions.createSession({
                appId: 'public',
                tenantId: 'public',
                sessionHandle: uuid(2),
                userId: uuid(1),
                refreshTokenHash2: sha256('rt'),
                sessionData: { a: 1 },
                jwtPayload: { b: 2 },
                expiresAt: 9_000_000_000_000,
                createdAt: 1000,
                useStaticKey: true
            });
            await storage.keys.insertSigningKey({ appId: 'public', keyId: 'd-1000', kind: 'dynamic', algorithm: 'RS256', privateKey: 'pem', createdAt: 1000, generation: 1 });
            await storage.keys.getOrCreateSecret('public', 'refresh_token_key', 'secret-1');
            await storage.tokens.createPasswordResetToken({ appId: 'public', tenantId: 'public', userId: uuid(1), email: 'alice@example.com', tokenHash: sha256('reset'), expiresAt: 5000 });
            await storage.close();
        });

        it('keeps every store\'s data across close and reopen', async () => {

            const storage = createSqliteStorage({ file });
            expect(await storage.migrate()).to.equal([]);

            expect(await storage.users.getUser('public', uuid(1))).to.equal({ userId: uuid(1), tenantId: 'public', recipeId: 'emailpassword', email: 'alice@example.com', timeJoined: 1000, verified: true });
            expect(await storage.passwords.getPasswordHash('public', uuid(1))).to.equal('hash-1');
            expect((await storage.sessions.getSession('public', uuid(2)))!.jwtPayload).to.equal({ b: 2 });
            expect((await storage.keys.listSigningKeys('public')).map((key) => key.keyId)).to.equal(['d-1000']);
            expect(await storage.keys.getOrCreateSecret('public', 'refresh_token_key', 'secret-2')).to.equal('secret-1');
            expect(await storage.tokens.consumePasswordResetToken('public', 'public', sha256('reset'))).to.exist();
            await storage.close();
        });
    });

    it('ping rejects once the storage is closed', async () => {

        const storage = await migrated(':memory:');
        await storage.ping();
        await storage.close();
        await expect(storage.ping()).to.reject();
    });
});
