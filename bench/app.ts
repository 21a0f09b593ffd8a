/*
 * The app as `npm start` runs it (web server and embedded core, SQLite), in a child process on free ports, for
 * the benchmarks that measure through the front door.
 */

import * as ChildProcess from 'child_process';
import * as Crypto from 'crypto';
import * as Fs from 'fs';
import * as Net from 'net';
import * as Os from 'os';
import * as Path from 'path';


const root = Path.join(__dirname, '..');


export const freePort = () => {

    return new Promise<number>((resolve) => {

        const server = Net.createServer().listen(0, '127.0.0.1', () => {

            const { port } = server.address() as Net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
};


/**
 * The node flags the app starts with: those of `npm start` (package.json's start script, before `-r`), so that the
 * benchmarks run the app as npm start does, then BENCH_NODE_FLAGS (e.g. "--max-semi-space-size=8", to compare), and
 * with BENCH_CPU_PROF=dir a CPU profile of each of its threads, written to dir when it stops.
 */
export const appNodeFlags = (): string[] => {

    const words = (require('../package.json').scripts.start as string).split(/\s+/);
    const profileDir = process.env.BENCH_CPU_PROF;
    return [
        ...words.slice(1, words.indexOf('-r')),
        ...process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [],
        ...profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []
    ];
};


export interface BenchApp {
    readonly origin: string;
    /** The embedded core's own address, and the API key it wants. */
    readonly coreUri: string;
    readonly coreApiKey: string;
    readonly pid: number;
    /** The app's DATA_DIR (its SQLite file is staffgate.sqlite there). */
    readonly dataDir: string;
    stop(): Promise<void>;
}

/** Starts the app and waits for its first /auth page. `nodeOptions` go before the entry point (e.g. --expose-gc). */
export const startApp = async (options: { env?: Record<string, string>; nodeOptions?: string[] } = {}): Promise<BenchApp> => {

    const dataDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-bench-app-'));
    const port = await freePort();
    const corePort = await freePort();
    const origin = `http://localhost:${port}`;
    const coreApiKey = Crypto.randomBytes(24).toString('hex');
    const child = ChildProcess.spawn('node', [...appNodeFlags(), ...options.nodeOptions ?? [], '-r', './server/register.js', 'server/index.ts'], {
        cwd: root,
        env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), CORE_PORT: String(corePort), RATE_LIMITS: 'off', NODE_ENV: 'development', CORE_API_KEYS: coreApiKey, ...options.env },
        stdio: 'ignore'
    });

    const exited = new Promise((resolve) => child.once('exit', resolve));
    const stop = async () => {

        child.kill('SIGTERM');
        await exited;
        Fs.rmSync(dataDir, { recursive: true, force: true });
    };

    const started = Date.now();
    while (Date.now() - started < 60_000) {                // a busy machine can take that long to load the app
        const res = await fetch(`${origin}/auth`).catch(() => undefined);
        if (res?.ok) {
            return { origin, coreUri: `http://127.0.0.1:${corePort}`, coreApiKey, pid: child.pid!, dataDir, stop };
        }

        await new Promise((resolve) => setTimeout(resolve, 20));
    }

    await stop();
    throw new Error('the app did not serve /auth within 60 s');
};
