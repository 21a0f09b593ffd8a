/*
 * `npm run backup -- <file> [--force]`: a consistent copy of the SQLite database ($DATA_DIR/staffgate.sqlite),
 * taken while the app runs, written with mode 0600 and integrity-checked. PostgreSQL deployments use pg_dump.
 */

import { parseCommandLine, runAsMain, type Command } from './run';
import { copySqliteDatabase, describeRows, type DatabaseSummary } from './sqlite-copy';


const usage = 'usage: npm run backup -- <file> [--force]';

export interface BackupOptions {
    /** The live database. */
    readonly sqliteFile: string;
    /** Where the backup goes. */
    readonly file: string;
    /** Replace an existing file. */
    readonly force?: boolean;
}


/** Backs the database up into `file`; throws when the file exists (without force) or the copy is damaged. */
export const backupDatabase = (options: BackupOptions): Promise<DatabaseSummary> => {

    return copySqliteDatabase({ source: options.sqliteFile, target: options.file, overwrite: options.force ?? false });
};


export const backupCommand: Command = {
    usage,
    run: async (argv, config) => {

        const { values, positionals: [file] } = parseCommandLine(argv, { force: { type: 'boolean' } }, 1);
        if (config.core.databaseUrl) {
            throw new Error('DATABASE_URL is set: this deployment keeps its data in PostgreSQL; back it up with pg_dump (see docs/operations.md)');
        }

        const summary = await backupDatabase({ sqliteFile: config.core.sqliteFile, file: file!, force: values.force ?? false });
        return `backed up ${config.core.sqliteFile} to ${file} (${summary.bytes} bytes, integrity ok)\n${describeRows(summary.rows)}`;
    }
};


if (require.main === module) {
    runAsMain(backupCommand);
}
