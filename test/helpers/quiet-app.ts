/* The hooks of a test block that needs one web app and no outbox log lines: the app, destroyed at the end. */

import type * as Lab from '@hapi/lab';

import { lateBound } from './late-bound';
import { captureMailLog } from './outbox';
import { startTestApp, type TestApp } from './web';


/** Registers, in the calling describe block, an app started with `env` (mail log silenced meanwhile); returns it. */
export const useQuietApp = (lab: Lab.script.Script, env: Record<string, string> = {}): TestApp => {

    let app: TestApp | undefined;
    let restoreLog: (() => void) | undefined;
    lab.before(async () => {

        restoreLog = captureMailLog().restore;
        app = await startTestApp(env);
    });

    lab.after(async () => {

        await app?.destroy();
        restoreLog?.();
    });

    return lateBound(() => app);
};
