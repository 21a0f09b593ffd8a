/*
 * Core throughput on this machine: sign-in/s beside the fastest raw verify rate of the same library with the same
 * parameters (its limit), refresh/s and session create/s on SQLite, and the time from `npm run core` to the first
 * /hello. Rotating refreshes (each with the token the previous one returned) are `npm run bench:refresh`.
 *
 * Run: npm run bench:core            (results go to stdout; docs/performance.md records them with the method)
 *      BENCH_DATABASE_URL=postgres://… npm run bench:core      (the same on PostgreSQL, in a scratch schema)
 * Each figure is requests per second over a fixed duration with autocannon against a real core on loopback,
 * default production settings (Argon2id m=19 MiB, t=2, p=1) and a fresh SQLite file.
 */

import * as ChildProcess from 'child_process';
import * as Fs from 'fs';
import * as Os from 'os';
import * as Path from 'path';

import Argon2 from '@node-rs/argon2';
import Autocannon from 'autocannon';

import { loadConfig } from '../server/config';
import { startCore } from '../server/core';
import { hashingConcurrency, type HashingSettings } from '../server/core/services/passwords';
import { benchStorage } from './storage';


const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);

const run = async (title: string, options: Autocannon.Options) => {

    const result = await Autocannon({ connections, duration: seconds, ...options });
    const ok = result.requests.total - result.non2xx - result.errors;
    console.log(`${title.padEnd(28)} ${(ok / seconds).toFixed(1).padStart(9)}/s   p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   non-2xx ${result.non2xx}   errors ${result.errors}`);
    return ok / seconds;
};

/**
 * The fastest raw verify rate of the library the core uses, with the same parameters, in this run: 1, 2 and 4
 * verifications in flight straight on @node-rs/argon2 (no concurrency limit), the best of the three. Sign-in's
 * ceiling.
 */
const rawVerifyRate = async (settings: HashingSettings): Promise<number> => {

    const options = { algorithm: Argon2.Algorithm.Argon2id, memoryCost: settings.argon2MemoryKb, timeCost: settings.argon2Iterations, parallelism: settings.argon2Parallelism };
    const hash = await Argon2.hash('correct horse battery staple', options);
    const perSecond = Math.max(1, seconds / 3);
    let best = 0;
    for (const parallel of [1, 2, 4]) {
        const until = Date.now() + perSecond * 1000;
        let done = 0;
        await Promise.all(Array.from({ length: parallel }, async () => {

            while (Date.now() < until) {
                await Argon2.verify(hash, 'correct horse battery staple');
                ++done;
            }
        }));

        const rate = done / perSecond;
        console.log(`${`raw verify, ${parallel} in flight`.padEnd(28)} ${rate.toFixed(1).padStart(9)}/s`);
        best = Math.max(best, rate);
    }

    return best;
};

/** Milliseconds from spawning `npm run core` on an empty data dir to its first /hello answer. */
const startupTime = async (): Promise<number> => {

    const dataDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-bench-start-'));
    const port = 3900 + Math.floor(Math.random() * 90);
    const started = Date.now();
    // Its own process group: npm does not pass SIGTERM on to the core it started, so the whole group is stopped.
    const child = ChildProcess.spawn('npm', ['run', 'core'], { env: { ...process.env, DATA_DIR: dataDir, CORE_PORT: String(port) }, stdio: 'ignore', detached: true });
    try {
        while (Date.now() - started < 10_000) {
            try {
                const res = await fetch(`http://127.0.0.1:${port}/hello`);
                if (res.ok) {
                    const ms = Date.now() - started;
                    console.log(`${'npm run core → /hello'.padEnd(28)} ${String(ms).padStart(9)} ms`);
                    return ms;
                }
            }
            catch { }

            await new Promise((resolve) => setTimeout(resolve, 20));
        }

        throw new Error('the core did not answer /hello within 10 s');
    }
    finally {
        process.kill(-child.pid!, 'SIGTERM');
        Fs.rmSync(dataDir, { recursive: true, force: true });
    }
};


const main = async () => {

    const dataDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-bench-'));
    const { core: settings } = loadConfig({ DATA_DIR: dataDir, CORE_PORT: '0' });
    const { storage, dispose } = benchStorage(settings);
    const core = await startCore({ settings, storage });
    const json = { 'content-type': 'application/json; charset=utf-8', 'cdi-version': '5.4' };
    console.log(`core on ${core.uri} with ${storage.name}, ${settings.passwordHashingAlg} (m=${settings.argon2MemoryKb} KiB, t=${settings.argon2Iterations}, p=${settings.argon2Parallelism}), ${Os.cpus().length} CPUs, ${seconds} s per figure, ${connections} connections\n`);

    const post = async (path: string, body: object) => {

        const res = await fetch(`${core.uri}${path}`, { method: 'POST', headers: json, body: JSON.stringify(body) });
        return res.json() as Promise<any>;
    };

    await post('/public/recipe/signup', { email: 'bench@example.com', password: 'correct horse battery staple' });
    const session = await post('/public/recipe/session', { userId: 'bench-user', userDataInJWT: {}, userDataInDatabase: {}, useDynamicSigningKey: true, enableAntiCsrf: false });

    try {
        const raw = await rawVerifyRate(settings);
        const signIns = await run('sign-in (right password)', { url: `${core.uri}/public/recipe/signin`, method: 'POST', headers: json, body: JSON.stringify({ email: 'bench@example.com', password: 'correct horse battery staple' }) });
        console.log(`${'sign-in ÷ fastest raw verify'.padEnd(28)} ${(signIns / raw).toFixed(2).padStart(9)}   (at most ${hashingConcurrency} hashes at once in the core)`);
        await run('sign-in (unknown email)', { url: `${core.uri}/public/recipe/signin`, method: 'POST', headers: json, body: JSON.stringify({ email: 'nobody@example.com', password: 'correct horse battery staple' }) });

        // Refreshing with the session's current parent token issues a child each time and writes nothing,
        // so the same body can be replayed: this measures decrypt + lookup + sign.
        await run('refresh', { url: `${core.uri}/recipe/session/refresh`, method: 'POST', headers: json, body: JSON.stringify({ refreshToken: session.refreshToken.token, enableAntiCsrf: false, useDynamicSigningKey: true }) });
        await run('session create', { url: `${core.uri}/public/recipe/session`, method: 'POST', headers: json, body: JSON.stringify({ userId: 'bench-user', userDataInJWT: { role: 'staff' }, userDataInDatabase: {}, useDynamicSigningKey: true, enableAntiCsrf: false }) });
        await run('session verify (checkDatabase)', { url: `${core.uri}/recipe/session/verify`, method: 'POST', headers: json, body: JSON.stringify({ accessToken: session.accessToken.token, doAntiCsrfCheck: false, enableAntiCsrf: false, checkDatabase: true }) });
        await startupTime();
    }
    finally {
        await core.stop();
        await dispose();
        Fs.rmSync(dataDir, { recursive: true, force: true });
    }
};


main().catch((err) => {

    console.error(err);
    process.exit(1);
});
