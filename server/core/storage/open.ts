import type { CoreSettings } from '../../config';
import type { Storage } from '.';
import { createSqliteStorage } from './sqlite';


/** The adapter the settings ask for: PostgreSQL when a database URL is set, else the SQLite file. */
export const openStorage = (settings: Pick<CoreSettings, 'databaseUrl' | 'sqliteFile'>): Storage => {

    if (settings.databaseUrl) {
        throw new Error('DATABASE_URL is set, but this build has no PostgreSQL adapter yet: unset it to use SQLite');
    }

    return createSqliteStorage({ file: settings.sqliteFile });
};
