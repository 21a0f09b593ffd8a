/*
 * `npm run restore -- <file>`: puts a backup made by `npm run backup` in place as $DATA_DIR/staffgate.sqlite.
 * Only into a data directory without a database: restoring over live data (or beside a stray -wal file, which
 * SQLite would replay into the restored copy) is refused rather than guessed at. The app must not be running.
 */

import * as Fs from 'fs';
import * as Path from 'path';

import { parseCommandLine, runAsMain, type Command } from './run';
import { checkDatabase, copySqliteDatabase, describeRows, type DatabaseSummary } from './sqlite-copy';


const usage = 'usage: npm run restore -- <file>';

/** Files SQLite keeps beside a database; any of them means the directory is not empty of data. */
const companionSuffixes = ['', '-wal', '-shm', '-journal'];

export interface RestoreOptions {
    /** The backup. */
    readonly file: string;
    /** The data directory (created 0700 if missing). */
    readonly dataDir: string;
    /** The database file in it. */
    readonly sqliteFile: string;
}


/** Restores `file` into an empty data directory; throws, changing nothing, when a database is already there. */
export const restoreDatabase = async (options: RestoreOptions): Promise<DatabaseSummary> => {

    const present = companionSuffixes.map((suffix) => `${options.sqliteFile}${suffix}`).filter((file) => Fs.existsSync(file));
    if (present.length) {
        throw new Error(`a database is already there (${present.map((file) => Path.basename(file)).join(', ')} in ${Path.dirname(options.sqliteFile)}): ` +
            'restore only goes into an empty data directory (stop the app and move the existing files away, or set DATA_DIR to a new directory)');
    }

    // Checked before anything is written: a damaged or foreign file is refused with the data directory untouched.
    checkDatabase(options.file);

    Fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    Fs.chmodSync(options.dataDir, 0o700);
    Fs.mkdirSync(Path.dirname(options.sqliteFile), { recursive: true, mode: 0o700 });
    return copySqliteDatabase({ source: options.file, target: options.sqliteFile, overwrite: false });
};


export const restoreCommand: Command = {
    usage,
    run: async (argv, config) => {

        const { positionals: [file] } = parseCommandLine(argv, {}, 1);
        if (config.core.databaseUrl) {
            throw new Error('DATABASE_URL is set: this deployment keeps its data in PostgreSQL; restore it with pg_restore or psql (see docs/operations.md)');
        }

        const summary = await restoreDatabase({ file: file!, dataDir: config.dataDir, sqliteFile: config.core.sqliteFile });
        return `restored ${file} into ${config.core.sqliteFile} (${summary.bytes} bytes, integrity ok)\n${describeRows(summary.rows)}`;
    }
};


if (require.main === module) {
    runAsMain(restoreCommand);
}
