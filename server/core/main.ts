// `npm run core`: the core alone, on $CORE_HOST:$CORE_PORT, using $DATABASE_URL or SQLite in $DATA_DIR.

import { loadConfig } from '../config';
import { startCore } from '.';


const main = async () => {

    const config = loadConfig();
    const core = await startCore({ settings: config.core });
    console.log(`Staffgate core (CDI 5.4) listening on ${core.uri} with ${core.services.storage.name}${config.core.apiKeys.length ? ', API key required' : ''}`);

    const stop = async (signal: string) => {

        console.log(`${signal}: stopping the core`);
        await core.stop();
        process.exit(0);
    };

    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
};


main().catch((err) => {

    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
});
