/*
 * SQLite adapter (better-sqlite3). One connection per process: better-sqlite3 is synchronous, so each store
 * method runs to completion without interleaving, and multi-row changes use db.transaction(). WAL lets readers
 * of other processes proceed during a write; synchronous=FULL makes a commit durable before we answer.
 */

import * as Fs from 'fs';
import * as Path from 'path';

import Database from 'better-sqlite3';

import { loadMigrations } from '../migrations';
import type { Storage } from '..';
import { createKeyStore } from './keys';
import { createPasswordStore } from './passwords';
import { createSessionStore } from './sessions';
import { createTokenStore } from './tokens';
import { createUserStore } from './users';


export interface SqliteOptions {
    /** A file path, or ':memory:'. */
    readonly file: string;
    /** How long a writer waits for another process's lock, ms. */
    readonly busyTimeout?: number;
}


export const createSqliteStorage = (options: SqliteOptions): Storage => {

    if (options.file !== ':memory:') {
        Fs.mkdirSync(Path.dirname(options.file), { recursive: true });
    }

    const db = new Database(options.file, { timeout: options.busyTimeout ?? 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');

    // Stores prepare their statements when first used, which must be after migrate() made the tables.
    let stores: Pick<Storage, 'users' | 'passwords' | 'sessions' | 'keys' | 'tokens'> | undefined;
    const prepared = () => {

        stores ??= {
            users: createUserStore(db),
            passwords: createPasswordStore(db),
            sessions: createSessionStore(db),
            keys: createKeyStore(db),
            tokens: createTokenStore(db)
        };

        return stores;
    };

    return {
        name: 'sqlite',
        get users() {

            return prepared().users;
        },
        get passwords() {

            return prepared().passwords;
        },
        get sessions() {

            return prepared().sessions;
        },
        get keys() {

            return prepared().keys;
        },
        get tokens() {

            return prepared().tokens;
        },

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
