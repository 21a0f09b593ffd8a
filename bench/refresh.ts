/*
 * Rotating refreshes: 50 clients, each refreshing with the token its previous refresh returned (so every refresh
 * promotes a child, writes and signs), through the app (POST /auth/session/refresh, supertokens-node → core) and
 * at the embedded core alone (POST /recipe/session/refresh), one after the other in the same run.
 *
 * Run: npm run bench:refresh
 *      BENCH_CPU_PROF=dir npm run bench:refresh     (the app runs with --cpu-prof; the profile lands in dir)
 */

import * as ChildProcess from 'child_process';
import * as Fs from 'fs';

import { startApp } from './app';


const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const clients = Number(process.env.BENCH_CLIENTS ?? 50);
const password = 'Quartz lantern 47 orbit mango';

const ticksPerSecond = Number(ChildProcess.execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/** CPU time (user + system) the process has used, in ms: per refresh, it moves far less with the machine's load than a rate. */
const cpuMs = (pid: number): number => {

    const fields = Fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 1000 / ticksPerSecond;
};

const cookiesOf = (res: Response): Map<string, string> => {

    return new Map(res.headers.getSetCookie().map((line) => {

        const [pair] = line.split(';');
        const at = pair!.indexOf('=');
        return [pair!.slice(0, at), pair!.slice(at + 1)];
    }));
};

/** Runs `step` in `clients` loops for `seconds`; each loop's state is what its previous step returned. */
const loops = async <S>(title: string, pid: number, states: S[], step: (state: S) => Promise<S>) => {

    const cpuBefore = cpuMs(pid);
    const ownBefore = process.cpuUsage();
    const until = Date.now() + seconds * 1000;
    const latencies: number[] = [];
    let failed = 0;
    await Promise.all(states.map(async (initial) => {

        let state = initial;
        while (Date.now() < until) {
            const started = performance.now();
            try {
                state = await step(state);
                latencies.push(performance.now() - started);
            }
            catch {
                ++failed;
                return;
            }
        }
    }));

    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]?.toFixed(1);
    const rate = latencies.length / seconds;
    const cpuPerRefresh = (cpuMs(pid) - cpuBefore) / latencies.length;
    const own = process.cpuUsage(ownBefore);
    const ownPerRefresh = (own.user + own.system) / 1000 / latencies.length;          // the load generator's share of the machine
    console.log(`${title.padEnd(36)} ${rate.toFixed(0).padStart(6)}/s   app CPU ${cpuPerRefresh.toFixed(2)} ms/refresh   client CPU ${ownPerRefresh.toFixed(2)} ms/refresh   p50 ${at(0.5)} ms   p99 ${at(0.99)} ms   failed clients ${failed}`);
    return rate;
};


const main = async () => {

    const app = await startApp();
    try {
        const auth = { 'content-type': 'application/json', rid: 'emailpassword' };
        const formFields = [{ id: 'email', value: 'bench@example.com' }, { id: 'password', value: password }];
        await fetch(`${app.origin}/auth/signup`, { method: 'POST', headers: auth, body: JSON.stringify({ formFields }) });

        // One session per client, each made by a sign-in through the app.
        const appTokens: string[] = [];
        for (let i = 0; i < clients; ++i) {
            const res = await fetch(`${app.origin}/auth/signin`, { method: 'POST', headers: auth, body: JSON.stringify({ formFields }) });
            appTokens.push(cookiesOf(res).get('sRefreshToken')!);
        }

        const json = { 'content-type': 'application/json; charset=utf-8', 'cdi-version': '5.4', 'api-key': app.coreApiKey };
        const coreTokens: string[] = [];
        for (let i = 0; i < clients; ++i) {
            const res = await fetch(`${app.coreUri}/public/recipe/session`, { method: 'POST', headers: json, body: JSON.stringify({ userId: 'bench-user', userDataInJWT: {}, userDataInDatabase: {}, useDynamicSigningKey: true, enableAntiCsrf: false }) });
            coreTokens.push(((await res.json()) as any).refreshToken.token);
        }

        console.log(`${clients} clients, ${seconds} s per figure\n`);
        await loops('rotating refresh through the app', app.pid, appTokens, async (token) => {

            const res = await fetch(`${app.origin}/auth/session/refresh`, { method: 'POST', headers: { cookie: `sRefreshToken=${token}`, rid: 'session' } });
            const next = cookiesOf(res).get('sRefreshToken');
            if (res.status !== 200 || !next) {
                throw new Error(`refresh answered ${res.status}`);
            }

            return next;
        });

        await loops('rotating refresh at the core', app.pid, coreTokens, async (token) => {

            const res = await fetch(`${app.coreUri}/recipe/session/refresh`, { method: 'POST', headers: json, body: JSON.stringify({ refreshToken: token, enableAntiCsrf: false, useDynamicSigningKey: true }) });
            const body = await res.json() as any;
            if (body.status !== 'OK') {
                throw new Error(`refresh answered ${body.status}`);
            }

            return body.refreshToken.token as string;
        });
    }
    finally {
        await app.stop();
    }
};


main().catch((err) => {

    console.error(err);
    process.exit(1);
});
