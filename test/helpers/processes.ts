/*
 * Cores as separate operating-system processes (`node server/core/main.ts`), for what only real processes show:
 * start-up, signals, and several cores sharing one PostgreSQL.
 */

import * as ChildProcess from 'child_process';
import * as Net from 'net';
import * as Path from 'path';

import { sleep } from './session-tools';


const root = Path.join(__dirname, '..', '..');

export interface CoreProcess {
    readonly child: ChildProcess.ChildProcess;
    readonly uri: string;
    /** Everything the process printed so far. */
    output(): string;
    /** Resolves with the exit code. */
    exited: Promise<number | null>;
}

/** A free port on loopback (free when asked; good enough for tests). */
export const freePort = () => {

    return new Promise<number>((resolve) => {

        const server = Net.createServer().listen(0, '127.0.0.1', () => {

            const { port } = server.address() as Net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
};

/** Spawns a TypeScript entry point of ours (default: the core) with extra environment variables. */
export const spawnCore = async (env: Record<string, string>, script = 'server/core/main.ts'): Promise<CoreProcess> => {

    const port = env.CORE_PORT ?? String(await freePort());
    const child = ChildProcess.spawn('node', ['-r', './server/register.js', script], { cwd: root, env: { ...process.env, ...env, CORE_PORT: port }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { child, uri: `http://127.0.0.1:${port}`, output: () => output, exited };
};

/** Resolves with the ms it took for `GET /hello` to answer, or rejects after `timeoutMs`. */
export const waitForHello = async (core: CoreProcess, timeoutMs = 10_000): Promise<number> => {

    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
        const res = await fetch(`${core.uri}/hello`).catch(() => undefined);
        if (res?.ok) {
            return Date.now() - started;
        }

        await sleep(20);
    }

    throw new Error(`no /hello from ${core.uri} within ${timeoutMs} ms:\n${core.output()}`);
};
