/*
 * The embedded core on its own thread (`CORE_THREAD=on`, the default for `npm start`): a worker thread of the app's
 * process runs startCore, so the core's work (hashing's bookkeeping, the SQLite commit and its fsync, signing) runs
 * on its own event loop and the second CPU, not between the web server's requests. The SDK still reaches it over
 * loopback HTTP, exactly as it reaches an official core; only start-up, the lockout metric and stop cross the
 * thread boundary, as the messages below.
 *
 * The worker's entry is thread-entry.ts. It loads our TypeScript through server/register.js itself, so it runs the
 * same under `npm start` and under the test runner.
 */

import * as Path from 'path';
import { Worker } from 'worker_threads';

import type { CoreSettings, ObservabilitySettings } from '../config';


/** What the worker is started with (structured-cloned: plain data only). */
export interface CoreThreadData {
    readonly settings: CoreSettings;
    readonly log: Pick<ObservabilitySettings, 'logLevel' | 'logFormat'>;
}

/** Worker → app. A failure to start is the worker's error event (its message is the core's). */
export type CoreThreadEvent =
    | { readonly type: 'ready'; readonly uri: string; readonly storageName: string }
    | { readonly type: 'account-locked'; readonly userId: string };

/** App → worker. */
export type CoreThreadCommand = { readonly type: 'stop' };

export interface CoreThreadOptions extends CoreThreadData {
    /** Told each time an account locks or its lock grows (the app's metrics and log). */
    readonly onAccountLocked?: (userId: string) => void;
    /** Told when the thread ends without being asked to stop (it crashed): the app cannot work without its core. */
    readonly onUnexpectedExit: (reason: string) => void;
    /** The worker's module; default thread-entry.ts (tests give one that crashes). */
    readonly entry?: string;
}

export interface CoreThread {
    /** http://host:port of the core inside the thread. */
    readonly uri: string;
    /** The storage adapter's name (sqlite, postgres). */
    readonly storageName: string;
    /** Lets in-flight core requests finish, closes the storage, and ends the thread. */
    stop(): Promise<void>;
}


const defaultEntry = Path.join(__dirname, 'thread-entry.ts');
const register = Path.join(__dirname, '..', 'register.js');

export const startCoreThread = (options: CoreThreadOptions): Promise<CoreThread> => {

    const data: CoreThreadData = { settings: options.settings, log: options.log };
    const worker = new Worker(`require(${JSON.stringify(register)}); require(${JSON.stringify(options.entry ?? defaultEntry)});`, { eval: true, workerData: data });

    let stopping = false;
    let failure: string | undefined;
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve));

    return new Promise((resolve, reject) => {

        let started = false;
        worker.on('message', (event: CoreThreadEvent) => {

            if (event.type === 'account-locked') {
                options.onAccountLocked?.(event.userId);
                return;
            }

            started = true;
            resolve({
                uri: event.uri,
                storageName: event.storageName,
                stop: async () => {

                    stopping = true;
                    worker.postMessage({ type: 'stop' } satisfies CoreThreadCommand);
                    await exited;
                }
            });
        });

        worker.on('error', (err) => {

            failure = err.message;
        });

        worker.once('exit', (code) => {

            if (stopping) {
                return;
            }

            const reason = failure ?? `exit code ${code}`;
            if (!started) {
                reject(new Error(reason));
                return;
            }

            options.onUnexpectedExit(reason);
        });
    });
};
