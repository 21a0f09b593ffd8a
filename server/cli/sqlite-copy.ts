/*
 * Copying a live SQLite database safely, shared by `backup` and `restore`: SQLite's backup API writes a private
 * (0600) temporary file beside the target, the copy is integrity-checked, and only then does it take the target's
 * name. A copy that fails half-way leaves nothing behind, and a reader never sees a half-written target.
 */

import * as Crypto from 'crypto';
import * as Fs from 'fs';
import * as Path from 'path';

import Database from 'better-sqlite3';


export interface CopyOptions {
    /** The database to copy; it may be in use by other processes. */
    readonly source: string;
    readonly target: string;
    /** Replace an existing target; otherwise an existing target is refused. */
    readonly overwrite: boolean;
}

export interface DatabaseSummary {
    /** Bytes of the copy. */
    readonly bytes: number;
    /** Rows per table of the copy, by table name. */
    readonly rows: Record<string, number>;
}


/** Copies `source` to `target` (mode 0600), checks the copy's integrity; returns what the copy holds. */
export const copySqliteDatabase = async (options: CopyOptions): Promise<DatabaseSummary> => {

    // With --force, a copy onto the live file would pull it from under the app (and away from its -wal file).
    if (sameFile(options.source, options.target)) {
        throw new Error(`${options.target} is the database itself; write the copy somewhere else`);
    }

    if (!options.overwrite && Fs.existsSync(options.target)) {
        throw new Error(`${options.target} exists; choose another file or pass --force to replace it`);
    }

    const source = openReadOnly(options.source);
    const temporary = `${options.target}.${Crypto.randomBytes(6).toString('hex')}.partial`;
    try {
        // Created first, exclusively, with its final mode: the copy is never readable by others, not even briefly.
        Fs.closeSync(Fs.openSync(temporary, 'wx', 0o600));

        // One step for the whole file: a step reads one snapshot of the database (in WAL mode without blocking the
        // app's writers), while small steps would start over each time another process writes between them.
        await source.backup(temporary, { progress: () => 0x7fffffff });
        makeSelfContained(temporary);
        const summary = checkDatabase(temporary);

        if (options.overwrite) {
            Fs.renameSync(temporary, options.target);
        }
        else {
            // link() fails when the target appeared meanwhile: never replaces a file it was not told to.
            Fs.linkSync(temporary, options.target);
            Fs.rmSync(temporary);
        }

        return summary;
    }
    catch (err) {
        Fs.rmSync(temporary, { force: true });
        Fs.rmSync(`${temporary}-journal`, { force: true });
        throw err;
    }
    finally {
        source.close();
    }
};


const sameFile = (a: string, b: string): boolean => {

    const identity = (file: string) => {

        const stat = Fs.statSync(file, { throwIfNoEntry: false });
        return stat ? `${stat.dev}:${stat.ino}` : Path.resolve(file);
    };

    return identity(a) === identity(b);
};


/**
 * The copy inherits the live database's WAL mode, and opening a WAL database, even read-only, creates -wal and
 * -shm files beside it. In rollback-journal mode the copy is one file that stays one file (the core switches the
 * restored database back to WAL when it starts).
 */
const makeSelfContained = (file: string) => {

    const db = new Database(file, { fileMustExist: true });
    try {
        db.pragma('journal_mode = DELETE');
    }
    finally {
        db.close();
    }
};


/** Opens an existing database read-only; a missing file is an error (not a new empty database). */
export const openReadOnly = (file: string): Database.Database => {

    if (!Fs.existsSync(file)) {
        throw new Error(`${file} does not exist`);
    }

    return new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 });
};


/**
 * Runs `PRAGMA integrity_check` and `foreign_key_check` on a database file and counts its rows; throws when the
 * file is damaged or is not a Staffgate database (no schema_migrations table).
 */
export const checkDatabase = (file: string): DatabaseSummary => {

    const db = openReadOnly(file);
    try {
        const problems = db.prepare('PRAGMA integrity_check').pluck().all() as string[];
        if (problems.length !== 1 || problems[0] !== 'ok') {
            throw new Error(`${file} failed the integrity check:\n${problems.slice(0, 20).join('\n')}`);
        }

        const orphans = db.prepare('PRAGMA foreign_key_check').all();
        if (orphans.length) {
            throw new Error(`${file} failed the foreign key check: ${orphans.length} rows refer to missing rows`);
        }

        const tables = listTables(db);
        if (!tables.includes('schema_migrations')) {
            throw new Error(`${file} is not a Staffgate database (it has no schema_migrations table)`);
        }

        const rows: Record<string, number> = {};
        for (const table of tables) {
            rows[table] = db.prepare(`SELECT count(*) FROM ${quoteIdentifier(table)}`).pluck().get() as number;
        }

        return { bytes: Fs.statSync(file).size, rows };
    }
    finally {
        db.close();
    }
};


/** SQLite's email search index (FTS5, its shadow tables, its id map): derived from users by triggers, not data of its own (PostgreSQL uses pg_trgm). */
const searchIndexTable = /^users_email_trigram(_|$)/;

/** The database's own tables (not SQLite's internal ones such as sqlite_sequence, nor the search index), sorted by name. */
export const listTables = (db: Database.Database): string[] => {

    const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`).pluck().all() as string[];
    return tables.filter((table) => !searchIndexTable.test(table));
};


/** A table or column name as an SQL identifier (the same quoting in SQLite and PostgreSQL). */
export const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;


/** One line per table, for the commands' output. */
export const describeRows = (rows: Record<string, number>): string => {

    const width = Math.max(...Object.keys(rows).map((name) => name.length));
    return Object.entries(rows).map(([name, count]) => `  ${name.padEnd(width)}  ${count}`).join('\n');
};
