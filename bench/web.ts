/*
 * What the session guard costs, and what the app costs to start and to keep:
 * - requests/s of GET /api/me (guarded by verifySession, answered from the verified session alone) against
 *   GET /health/live (unguarded), in one run, as a ratio: BENCH_ROUNDS (3) alternating rounds of windows sharing
 *   BENCH_SECONDS, the median; beside it the same ratio from the app's CPU time per request (/proc), which a busy
 *   machine moves less, and the ratio against /health/live asked with the same cookies (as a signed-in browser
 *   asks for any page), which leaves only the guard's own work between the two;
 * - the time from starting the app (`npm start`'s entry point) to the first sign-in page served;
 * - the resident memory of that process at rest, after start-up and 2, 10 and 30 s after a short load.
 *
 * Run: npm run bench:web
 *      BENCH_CPU_PROF=dir npm run bench:web     (the app runs with --cpu-prof: a profile per thread lands in dir)
 */

import * as ChildProcess from 'child_process';
import * as Fs from 'fs';
import * as Net from 'net';
import * as Os from 'os';
import * as Path from 'path';

import Autocannon from 'autocannon';

import { appNodeFlags } from './app';


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

/** CPU time (user + system) the process has used, in ms, from /proc (steadier than a rate on a busy machine). */
const cpuMs = (pid: number): number => {

    const fields = Fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;             // utime, stime in clock ticks (100/s)
};

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

interface Figure {
    readonly rate: number;
    /** The app's CPU ms per answered request. */
    readonly cpu: number;
}

const rate = async (pid: number, title: string, duration: number, options: Autocannon.Options): Promise<Figure> => {

    const cpuBefore = cpuMs(pid);
    const result = await Autocannon({ connections, duration, ...options });
    const total = result.requests.total;
    const ok = (total - result.non2xx - result.errors) / duration;
    const cpu = (cpuMs(pid) - cpuBefore) / Math.max(1, total);
    console.log(`${title.padEnd(34)} ${ok.toFixed(0).padStart(7)}/s   p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   non-2xx ${result.non2xx}   CPU ${cpu.toFixed(3)} ms/request`);
    return { rate: ok, cpu };
};

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;


const main = async () => {

    const dataDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-bench-web-'));
    const port = await freePort();
    const origin = `http://localhost:${port}`;
    const started = Date.now();
    const child = ChildProcess.spawn('node', [...appNodeFlags(), '-r', './server/register.js', 'server/index.ts'], {
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
            body: JSON.stringify({ formFields: [{ id: 'email', value: 'bench@example.com' }, { id: 'password', value: 'Quartz lantern 47 orbit mango' }] })
        });
        const signedUp = await signUp.json() as { status: string };
        if (signedUp.status !== 'OK') {
            throw new Error(`sign-up: ${JSON.stringify(signedUp)}`);
        }

        const cookie = signUp.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');

        // Alternating windows, so that a change in the machine's load hits all routes alike; the median ratio. The
        // unguarded route twice: as the issue measured it (no cookies), and as a signed-in browser asks for it (the
        // same cookies as /api/me, which hapi and the SDK parse on any route): the second isolates the guard itself.
        const rateRatios: number[] = [];
        const cpuRatios: number[] = [];
        const sameCookieRatios: number[] = [];
        const window = seconds / rounds;
        for (let i = 0; i < rounds; ++i) {
            const unguarded = await rate(child.pid!, 'GET /health/live (unguarded)', window, { url: `${origin}/health/live` });
            const withCookies = await rate(child.pid!, 'GET /health/live (same cookies)', window, { url: `${origin}/health/live`, headers: { cookie } });
            const guarded = await rate(child.pid!, 'GET /api/me (verifySession)', window, { url: `${origin}/api/me`, headers: { cookie } });
            rateRatios.push(guarded.rate / unguarded.rate);
            cpuRatios.push(unguarded.cpu / guarded.cpu);
            sameCookieRatios.push(guarded.rate / withCookies.rate);
        }

        const shown = (ratios: number[]) => `${median(ratios).toFixed(2)}   (rounds: ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')})`;
        console.log(`\nguarded / unguarded, req/s          ${shown(rateRatios)}`);
        console.log(`unguarded / guarded, CPU per request ${shown(cpuRatios)}`);
        console.log(`guarded / unguarded with the same cookies, req/s ${shown(sameCookieRatios)}`);

        // At rest, V8 gives back what it grew under load in steps (its memory reducer runs once allocation stops).
        const atRest: string[] = [];
        for (const [wait, at] of [[2, 2], [8, 10], [20, 30]]) {
            await new Promise((resolve) => setTimeout(resolve, wait! * 1000));
            atRest.push(`${rssMb(child.pid!).toFixed(0)} MiB after ${at} s`);
        }

        console.log(`memory at rest after the load        ${atRest.join(', ')} (RSS)`);
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
