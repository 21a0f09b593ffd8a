/*
 * Moves a SQLite deployment into PostgreSQL: the PostgreSQL migrations make the tables, then every table of the
 * SQLite schema is copied, whatever it is (no list of tables here, so tables added by later migrations move too),
 * parents before children, in one PostgreSQL transaction that also checks the row count of every table before it
 * commits. The SQLite side is read in one read transaction, so the copy is one consistent snapshot.
 *
 * Column types differ between the two migrations (SQLite's INTEGER holds booleans and BIGINT times; PostgreSQL
 * has BOOLEAN, BIGINT, maybe TIMESTAMPTZ or JSON): each value is converted for the PostgreSQL column it goes to.
 * Generated columns are left to PostgreSQL, and serial columns' sequences continue after the copied ids.
 */

import type Database from 'better-sqlite3';
import * as Pg from 'pg';

import { createPostgresStorage } from '../core/storage/postgres';
import { listTables, openReadOnly, quoteIdentifier } from './sqlite-copy';


export interface MoveOptions {
    /** The SQLite database to copy (the app should be stopped: later writes would not move). */
    readonly sqliteFile: string;
    /** postgres://… of the target database. */
    readonly connectionString: string;
    /** A schema for the tables (created if missing); the connection's default search_path when unset. */
    readonly schema?: string;
}

export interface MoveReport {
    /** The PostgreSQL schema the tables are in. */
    readonly schema: string;
    /** Rows copied per table, in copy order; equal on both sides. */
    readonly rows: Record<string, number>;
}

interface TargetColumn {
    readonly name: string;
    /** information_schema's data_type: 'boolean', 'bigint', 'timestamp with time zone', … */
    readonly type: string;
    readonly generated: boolean;
    /** The sequence behind a serial or identity column. */
    readonly sequence: string | null;
}

/** Tables whose rows the migrations themselves write on each side. */
const ownedByMigrations = new Set(['schema_migrations']);

/** PostgreSQL accepts at most 65535 parameters per statement. */
const maxParameters = 65_535;
const maxBatchRows = 500;


/** Copies the SQLite database into PostgreSQL; throws, leaving PostgreSQL without any copied row, on any problem. */
export const moveSqliteToPostgres = async (options: MoveOptions): Promise<MoveReport> => {

    // The migrations of the code that will run on PostgreSQL, by the adapter itself.
    const storage = createPostgresStorage({ connectionString: options.connectionString, schema: options.schema, poolSize: 1 });
    try {
        await storage.migrate();
    }
    finally {
        await storage.close();
    }

    const source = openReadOnly(options.sqliteFile);
    const target = new Pg.Client({ connectionString: options.connectionString });
    await target.connect();
    try {
        if (options.schema !== undefined) {
            await target.query(`SET search_path TO ${quoteIdentifier(options.schema)}`);
        }

        // A read transaction: every table and count below comes from one snapshot, even if something writes meanwhile.
        source.exec('BEGIN');
        await target.query('BEGIN');
        try {
            const report = await copyTables(source, target);
            await target.query('COMMIT');
            return report;
        }
        catch (err) {
            await target.query('ROLLBACK').catch(() => { });
            throw err;
        }
        finally {
            source.exec('COMMIT');
        }
    }
    finally {
        source.close();
        await target.end();
    }
};


const copyTables = async (source: Database.Database, target: Pg.Client): Promise<MoveReport> => {

    const schema = (await target.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]!.schema;
    await checkSameMigrations(source, target);

    const tables = copyOrder(source).filter((table) => !ownedByMigrations.has(table));
    const targetColumns = await describeTargetTables(target);
    for (const table of tables) {
        if (!targetColumns.has(table)) {
            throw new Error(`PostgreSQL (schema ${schema}) has no table ${table}`);
        }
    }

    // Nothing else writes to these tables until the copy commits (a core started on the target too early waits).
    await target.query(`LOCK TABLE ${tables.map(quoteIdentifier).join(', ')} IN SHARE ROW EXCLUSIVE MODE`);
    await refuseNonEmptyTarget(target, tables, schema);

    const rows: Record<string, number> = {};
    for (const table of tables) {
        rows[table] = await copyTable(source, target, table, targetColumns.get(table)!);
    }

    for (const table of tables) {
        const count = await countRows(target, table);
        if (count !== rows[table]) {
            throw new Error(`row count check failed for ${table}: ${rows[table]} in SQLite, ${count} in PostgreSQL`);
        }
    }

    for (const table of tables) {
        await continueSequences(source, target, table, targetColumns.get(table)!);
    }

    return { schema, rows };
};


/** Both sides must be at the same migration: then their tables and columns correspond. */
const checkSameMigrations = async (source: Database.Database, target: Pg.Client) => {

    const sqlite = new Set(source.prepare('SELECT version FROM schema_migrations').pluck().all() as string[]);
    const { rows } = await target.query<{ version: string }>('SELECT version FROM schema_migrations');
    const postgres = new Set(rows.map((row) => row.version));

    const newer = [...sqlite].filter((version) => !postgres.has(version));
    if (newer.length) {
        throw new Error(`the SQLite database has migrations this version of Staffgate does not know (${newer.join(', ')}): run migrate-db with the version that last ran on it`);
    }

    const older = [...postgres].filter((version) => !sqlite.has(version));
    if (older.length) {
        throw new Error(`the SQLite database lacks migrations ${older.join(', ')}: start this version of Staffgate on it once (it migrates at start), stop it, then run migrate-db again`);
    }
};


/** The tables, each after the tables its foreign keys refer to. */
const copyOrder = (source: Database.Database): string[] => {

    const tables = listTables(source);
    const parents = new Map(tables.map((table) => {

        const keys = source.prepare(`PRAGMA foreign_key_list(${quoteIdentifier(table)})`).all() as { table: string }[];
        return [table, new Set(keys.map((key) => key.table).filter((parent) => parent !== table))];
    }));

    const ordered: string[] = [];
    const visiting = new Set<string>();
    const visit = (table: string) => {

        if (ordered.includes(table)) {
            return;
        }

        if (visiting.has(table)) {
            throw new Error(`the foreign keys of ${table} form a cycle; no copy order exists`);
        }

        visiting.add(table);
        for (const parent of parents.get(table) ?? []) {
            visit(parent);
        }

        visiting.delete(table);
        ordered.push(table);
    };

    tables.forEach(visit);
    return ordered;
};


const describeTargetTables = async (target: Pg.Client): Promise<Map<string, TargetColumn[]>> => {

    const { rows } = await target.query<{ table_name: string; column_name: string; data_type: string; is_generated: string; sequence: string | null }>(`
        SELECT table_name, column_name, data_type, is_generated,
               pg_get_serial_sequence(format('%I.%I', table_schema, table_name), column_name) AS sequence
        FROM information_schema.columns
        WHERE table_schema = current_schema()
        ORDER BY table_name, ordinal_position`);

    const tables = new Map<string, TargetColumn[]>();
    for (const row of rows) {
        const columns = tables.get(row.table_name) ?? [];
        columns.push({ name: row.column_name, type: row.data_type, generated: row.is_generated === 'ALWAYS', sequence: row.sequence });
        tables.set(row.table_name, columns);
    }

    return tables;
};


const refuseNonEmptyTarget = async (target: Pg.Client, tables: readonly string[], schema: string) => {

    const filled: string[] = [];
    for (const table of tables) {
        const { rowCount } = await target.query(`SELECT 1 FROM ${quoteIdentifier(table)} LIMIT 1`);
        if (rowCount) {
            filled.push(table);
        }
    }

    if (filled.includes('users')) {
        throw new Error(`PostgreSQL (schema ${schema}) already has ${await countRows(target, 'users')} users: migrate-db only fills an empty database, it never merges`);
    }

    if (filled.length) {
        throw new Error(`PostgreSQL (schema ${schema}) already has rows in ${filled.join(', ')} (a core has run on it): ` +
            'migrate-db only fills an empty database; use a new database or schema');
    }
};


const countRows = async (target: Pg.Client, table: string): Promise<number> => {

    const { rows } = await target.query<{ count: string }>(`SELECT count(*) AS count FROM ${quoteIdentifier(table)}`);
    return Number(rows[0]!.count);
};


/** Copies one table in batches; returns the number of rows. */
const copyTable = async (source: Database.Database, target: Pg.Client, table: string, targetColumns: readonly TargetColumn[]): Promise<number> => {

    const byName = new Map(targetColumns.map((column) => [column.name, column]));
    // table_xinfo lists generated columns too (hidden 2 and 3); those are computed, never copied.
    const sourceColumns = (source.prepare(`PRAGMA table_xinfo(${quoteIdentifier(table)})`).all() as { name: string; hidden: number }[])
        .filter((column) => column.hidden === 0)
        .map((column) => column.name);

    const columns = sourceColumns.map((name) => {

        const column = byName.get(name);
        if (!column || column.generated) {
            throw new Error(`PostgreSQL's ${table} has no column ${name} to copy into`);
        }

        return column;
    });

    const missing = targetColumns.filter((column) => !column.generated && !sourceColumns.includes(column.name));
    if (missing.length) {
        throw new Error(`SQLite's ${table} has no column ${missing.map((column) => column.name).join(', ')}, which PostgreSQL has`);
    }

    const select = source.prepare(`SELECT ${columns.map((column) => quoteIdentifier(column.name)).join(', ')} FROM ${quoteIdentifier(table)}`).raw(true).safeIntegers(true);
    const batchRows = Math.max(1, Math.min(maxBatchRows, Math.floor(maxParameters / columns.length)));
    let batch: unknown[][] = [];
    let copied = 0;
    for (const row of select.iterate() as Iterable<unknown[]>) {
        batch.push(row.map((value, index) => convertValue(value, columns[index]!, table)));
        if (batch.length === batchRows) {
            copied += await insertRows(target, table, columns, batch);
            batch = [];
        }
    }

    if (batch.length) {
        copied += await insertRows(target, table, columns, batch);
    }

    return copied;
};


const insertRows = async (target: Pg.Client, table: string, columns: readonly TargetColumn[], rows: readonly unknown[][]): Promise<number> => {

    const tuples = rows.map((_, row) => `(${columns.map((__, column) => `$${row * columns.length + column + 1}`).join(', ')})`);
    const sql = `INSERT INTO ${quoteIdentifier(table)} (${columns.map((column) => quoteIdentifier(column.name)).join(', ')}) VALUES ${tuples.join(', ')}`;
    const { rowCount } = await target.query(sql, rows.flat());
    return rowCount ?? 0;
};


/**
 * A SQLite value (integers read as BigInt, so none loses precision) as a parameter for a PostgreSQL column:
 * 0/1 for BOOLEAN, milliseconds for a timestamp, integers as decimal text for every other type (PostgreSQL parses
 * them into the column's type); text, reals, blobs and NULL as they are.
 */
export const convertValue = (value: unknown, column: Pick<TargetColumn, 'name' | 'type'>, table: string): unknown => {

    if (typeof value !== 'bigint') {
        return value;
    }

    if (column.type === 'boolean') {
        if (value !== 0n && value !== 1n) {
            throw new Error(`${table}.${column.name} holds ${value}, which is not a boolean (0 or 1)`);
        }

        return value === 1n;
    }

    if (column.type.startsWith('timestamp')) {
        return new Date(Number(value));
    }

    return value.toString();
};


/**
 * A serial column's sequence continues after the highest id ever given: SQLite's AUTOINCREMENT remembers it in
 * sqlite_sequence even when those rows are gone, and ids are never reused.
 */
const continueSequences = async (source: Database.Database, target: Pg.Client, table: string, columns: readonly TargetColumn[]) => {

    for (const column of columns) {
        if (!column.sequence) {
            continue;
        }

        const highest = source.prepare(`SELECT max(${quoteIdentifier(column.name)}) FROM ${quoteIdentifier(table)}`).pluck().safeIntegers(true).get() as bigint | null;
        const remembered = hasSequenceTable(source) ?
            source.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').pluck().safeIntegers(true).get(table) as bigint | undefined :
            undefined;

        const last = [highest, remembered].reduce<bigint>((max, value) => (typeof value === 'bigint' && value > max ? value : max), 0n);
        // is_called false when nothing was ever given: the next value is then 1.
        await target.query('SELECT setval($1, $2, $3)', [column.sequence, last > 0n ? last.toString() : '1', last > 0n]);
    }
};


const hasSequenceTable = (source: Database.Database) => {

    return source.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_sequence'`).get() !== undefined;
};
