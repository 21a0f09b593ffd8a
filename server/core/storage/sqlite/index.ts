/*
 * SQLite adapter (better-sqlite3). One connection per process: better-sqlite3 is synchronous, so each store
 * method runs to completion without interleaving, and multi-row changes use db.transaction(). WAL lets readers
 * of other processes proceed during a write; synchronous=FULL makes a commit durable before we answer.
 */

import Database from 'better-sqlite3';

import { loadMigrations } from '../migrations';
import type { Storage } from '..';
import { createAuditStore } from './audit';
import { createBanStore } from './bans';
import { createEmailVerificationStore } from './email-verification';
import { prepareSqliteFiles, tightenSqliteFiles } from './file-modes';
import { createInvitationStore } from './invitations';
import { createKeyStore } from './keys';
import { createLockoutStore } from './lockouts';
import { createMailQueueStore } from './mail-queue';
import { createMetadataStore } from './metadata';
import { createRoleStore } from './roles';
import { createPasswordStore } from './passwords';
import { createRecoveryCodeStore } from './recovery-codes';
import { createPasswordlessStore } from './passwordless';
import { createSessionStore } from './sessions';
import { createTenantStore } from './tenants';
import { createTokenStore } from './tokens';
import { createTotpStore } from './totp';
import { createUserStore } from './users';
import { createUserListStore } from './user-list';


export interface SqliteOptions {
    /** A file path, or ':memory:'. */
    readonly file: string;
    /** How long a writer waits for another process's lock, ms. */
    readonly busyTimeout?: number;
}


export const createSqliteStorage = (options: SqliteOptions): Storage => {

    const onDisk = options.file !== ':memory:';
    if (onDisk) {
        prepareSqliteFiles(options.file);
    }

    const db = new Database(options.file, { timeout: options.busyTimeout ?? 5000 });
    db.pragma('journal_mode = WAL');
    if (onDisk) {
        tightenSqliteFiles(options.file);
    }

    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');

    const factories = {
        users: createUserStore,
        userList: createUserListStore,
        passwords: createPasswordStore,
        sessions: createSessionStore,
        keys: createKeyStore,
        tokens: createTokenStore,
        emailVerification: createEmailVerificationStore,
        roles: createRoleStore,
        metadata: createMetadataStore,
        audit: createAuditStore,
        lockouts: createLockoutStore,
        bans: createBanStore,
        tenants: createTenantStore,
        totp: createTotpStore,
        recoveryCodes: createRecoveryCodeStore,
        passwordless: createPasswordlessStore,
        invitations: createInvitationStore,
        mailQueue: createMailQueueStore
    };

    const operations = {
        name: 'sqlite' as const,

        migrate: async () => migrate(db),

        ping: async () => {

            // Taking the write lock proves the file is writable without changing it.
            db.exec('BEGIN IMMEDIATE');
            db.exec('ROLLBACK');
        },

        close: async () => {

            db.close();
        }
    };

    return withLazyStores(operations, factories, db);
};


/** Stores prepare their statements on first use, which must come after migrate() made the tables. */
const withLazyStores = <O extends object, F extends Record<string, (db: Database.Database) => unknown>>(operations: O, factories: F, db: Database.Database) => {

    const made = new Map<keyof F, unknown>();
    const stores = operations as O & { [K in keyof F]: ReturnType<F[K]> };
    for (const name of Object.keys(factories) as (keyof F)[]) {
        Object.defineProperty(stores, name, {
            enumerable: true,
            get: () => {

                if (!made.has(name)) {
                    made.set(name, factories[name]!(db));
                }

                return made.get(name);
            }
        });
    }

    return stores;
};


const migrate = (db: Database.Database): string[] => {

    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT');

    // IMMEDIATE takes the write lock first, so two processes starting on one file do not apply a step twice.
    const applyPending = db.transaction(() => {

        const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as string[]);
        const done: string[] = [];
        for (const migration of loadMigrations('sqlite')) {
            if (applied.has(migration.version)) {
                continue;
            }

            db.exec(migration.sql);
            db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, Date.now());
            done.push(migration.version);
        }

        return done;
    });

    return applyPending.immediate();
};
