import type { CoreSettings } from '../../config';
import type { Storage } from '.';
import { createPostgresStorage } from './postgres';
import { createSqliteStorage } from './sqlite';


/** The adapter the settings ask for: PostgreSQL when a database URL is set, else the SQLite file. */
export const openStorage = (settings: Pick<CoreSettings, 'databaseUrl' | 'sqliteFile'>): Storage => {

    if (settings.databaseUrl) {
        return createPostgresStorage({ connectionString: settings.databaseUrl });
    }

    return createSqliteStorage({ file: settings.sqliteFile });
};
