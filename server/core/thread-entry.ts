// The embedded core's worker thread (started by thread.ts): starts the core, says where it listens, relays lockouts,
// and stops when the app asks. A failure to start is thrown, and reaches the app as the worker's error.

import { parentPort, workerData } from 'worker_threads';

import { createLogger } from '../observability/logger';
import type { CoreThreadCommand, CoreThreadData, CoreThreadEvent } from './thread';
import { startCore } from '.';


const run = async () => {

    const { settings, log } = workerData as CoreThreadData;
    const port = parentPort!;
    const post = (event: CoreThreadEvent) => port.postMessage(event);

    const core = await startCore({
        settings,
        logger: createLogger(log, { rare: true }).child({ thread: 'core' }),
        onAccountLocked: (userId) => post({ type: 'account-locked', userId })
    });

    port.on('message', async (command: CoreThreadCommand) => {

        if (command.type === 'stop') {
            await core.stop();
            port.close();                       // nothing else keeps the thread alive: it ends
        }
    });

    post({ type: 'ready', uri: core.uri, storageName: core.storage.name });
};


run().catch((err) => {

    // Thrown from here, the error reaches the app's 'error' listener with its message, and the thread ends.
    setImmediate(() => {

        throw err;
    });
});
