import type { CoreSettings } from '../../config';
import type { Storage } from '.';
import type * as Postgres from './postgres';
import { createSqliteStorage } from './sqlite';


/** The adapter the settings ask for: PostgreSQL when a database URL is set, else the SQLite file. */
export const openStorage = (settings: Pick<CoreSettings, 'databaseUrl' | 'sqliteFile'>): Storage => {

    if (settings.databaseUrl) {
        // Loaded only for PostgreSQL: the driver is about 10 MB of resident memory that SQLite deployments never use.
        const { createPostgresStorage } = require('./postgres') as typeof Postgres;

        return createPostgresStorage({ connectionString: settings.databaseUrl });
    }

    return createSqliteStorage({ file: settings.sqliteFile });
};
