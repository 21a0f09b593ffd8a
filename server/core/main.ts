// `npm run core`: the core alone, on $CORE_HOST:$CORE_PORT, using $DATABASE_URL or SQLite in $DATA_DIR.

import { loadConfig } from '../config';
import { runMain } from '../lifecycle';
import { createLogger } from '../observability/logger';
import { startCore } from '.';


runMain(async () => {

    const config = loadConfig();
    const core = await startCore({ settings: config.core, logger: createLogger(config.observability) });          // its errors, at LOG_LEVEL
    console.log(`Staffgate core (CDI 5.4) listening on ${core.uri} with ${core.storage.name}${config.core.apiKeys.length ? ', API key required' : ''}`);
    return core;
});
