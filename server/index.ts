/*
 * `npm start`: read the config, start the embedded core on a loopback port (SQLite in $DATA_DIR).
 * The web app (sign-in pages, dashboard, admin) is not built yet; until it lands, this starts the core alone
 * and says so.
 */

import { loadConfig } from './config';
import { startCore } from './core';
import { runMain } from './lifecycle';


runMain(async () => {

    const config = loadConfig();
    const core = await startCore({ settings: config.core });
    console.log(`Staffgate: embedded auth core (CDI 5.4) on ${core.uri}, data in ${config.core.databaseUrl ? 'PostgreSQL' : config.core.sqliteFile}`);
    console.log('Staffgate: the web app is not part of this build yet; point supertokens-node at the core URI above.');
    return core;
});
