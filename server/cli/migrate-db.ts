/*
 * `npm run migrate-db -- --to postgres://… [--schema <name>]`: moves this deployment's SQLite database
 * ($DATA_DIR/staffgate.sqlite) into an empty PostgreSQL database, with every user, password hash, session, signing
 * key, role, metadata and audit event, so nobody resets a password and nobody is signed out. Stop the app first;
 * then set DATABASE_URL to the same URL and start it. Without --to, DATABASE_URL is the target.
 */

import { parseCommandLine, runAsMain, UsageError, type Command } from './run';
import { describeRows } from './sqlite-copy';
import { moveSqliteToPostgres } from './sqlite-to-postgres';


const usage = 'usage: npm run migrate-db -- --to postgres://user:password@host:5432/database [--schema <name>]';


export const migrateDbCommand: Command = {
    usage,
    run: async (argv, config) => {

        const { values } = parseCommandLine(argv, { to: { type: 'string' }, schema: { type: 'string' } }, 0);
        const connectionString = values.to ?? config.core.databaseUrl;
        if (!connectionString || !/^postgres(ql)?:\/\//.test(connectionString)) {
            throw new UsageError('--to needs a postgres:// URL (or set DATABASE_URL)');
        }

        const report = await moveSqliteToPostgres({ sqliteFile: config.core.sqliteFile, connectionString, schema: values.schema });
        return `copied ${config.core.sqliteFile} into PostgreSQL (schema ${report.schema}); row counts match:\n${describeRows(report.rows)}\n` +
            'Next: keep the app stopped, set DATABASE_URL to this database, and start it.';
    }
};


if (require.main === module) {
    runAsMain(migrateDbCommand);
}
