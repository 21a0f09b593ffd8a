/*
 * What the session guard costs, and what the app costs to start and to keep:
 * - requests/s of GET /api/me (guarded by verifySession, answered from the verified session alone) against
 *   GET /health/live (unguarded), in one run, as a ratio;
 * - the time from starting the app (`npm start`'s entry point) to the first sign-in page served;
 * - the resident memory of that process at rest, after start-up and after a short load.
 *
 * Run: npm run bench:web
 */

import * as ChildProcess from 'child_process';
import * as Fs from 'fs';
import * as Net from 'net';
import * as Os from 'os';
import * as Path from 'path';

import Autocannon from 'autocannon';


const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const root = Path.join(__dirname, '..');

const freePort = () => {

    return new Promise<number>((resolve) => {

        const server = Net.createServer().listen(0, '127.0.0.1', () => {

            const { port } = server.address() as Net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
};

const rssMb = (pid: number): number => {

    const status = Fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
};

const rate = async (title: string, options: Autocannon.Options): Promise<number> => {

    const result = await Autocannon({ connections, duration: seconds, ...options });
    const ok = (result.requests.total - result.non2xx - result.errors) / seconds;
    console.log(`${title.padEnd(34)} ${ok.toFixed(0).padStart(7)}/s   p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   non-2xx ${result.non2xx}`);
    return ok;
};


const main = async () => {

    const dataDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-bench-web-'));
    const port = await freePort();
    const origin = `http://localhost:${port}`;
    const started = Date.now();
    const child = ChildProcess.spawn('node', ['-r', './server/register.js', 'server/index.ts'], {
        cwd: root,
        // No request lines unless LOG_LEVEL asks (the health probe is never logged, /api/me would be); metrics on a free port.
        env: {
            ...process.env, DATA_DIR: dataDir, PORT: String(port), CORE_PORT: String(await freePort()), RATE_LIMITS: 'off', NODE_ENV: 'development',
            LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', METRICS_PORT: String(await freePort())
        },
        stdio: 'ignore'
    });

    try {
        let firstPage: number | undefined;
        while (firstPage === undefined && Date.now() - started < 20_000) {
            const res = await fetch(`${origin}/auth`).catch(() => undefined);
            if (res?.ok) {
                firstPage = Date.now() - started;
            }
            else {
                await new Promise((resolve) => setTimeout(resolve, 20));
            }
        }

        if (firstPage === undefined) {
            throw new Error('the app did not serve /auth within 20 s');
        }

        await new Promise((resolve) => setTimeout(resolve, 2000));
        const restingRss = rssMb(child.pid!);
        console.log(`start → first /auth page served     ${firstPage} ms`);
        console.log(`memory at rest after start           ${restingRss.toFixed(0)} MiB RSS\n`);

        const signUp = await fetch(`${origin}/auth/signup`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', rid: 'emailpassword' },
            body: JSON.stringify({ formFields: [{ id: 'email', value: 'bench@example.com' }, { id: 'password', value: 'a long bench password' }] })
        });
        const cookie = signUp.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');

        const unguarded = await rate('GET /health/live (unguarded)', { url: `${origin}/health/live` });
        const guarded = await rate('GET /api/me (verifySession)', { url: `${origin}/api/me`, headers: { cookie } });
        console.log(`\nguarded / unguarded                  ${(guarded / unguarded).toFixed(2)}`);

        await new Promise((resolve) => setTimeout(resolve, 2000));
        console.log(`memory at rest after the load        ${rssMb(child.pid!).toFixed(0)} MiB RSS`);
    }
    finally {
        child.kill('SIGTERM');
        Fs.rmSync(dataDir, { recursive: true, force: true });
    }
};


main().catch((err) => {

    console.error(err);
    process.exit(1);
});
