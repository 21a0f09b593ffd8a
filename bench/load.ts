/*
 * Load figures through the front door (issue 15, item 7): the app as `npm start` runs it (a child process with its
 * embedded core, SQLite in a temporary DATA_DIR, RATE_LIMITS=off, MFA=off so the bench admin needs no second
 * factor), driven from this process by paced open loops: evenly spaced page GETs over keep-alive sockets, and
 * refreshes, sign-ins, sign-ups and sign-outs, each with its own tokens:
 *
 *   L1  a signed-in page without a database check (GET /api/me), 1 000 req/s for 60 s
 *   L2  a database-checked admin page (GET /admin, the overview), 300 req/s for 60 s
 *   L3  100 refreshes/s over 1 000 sessions, each refresh with the token that session's previous refresh returned
 *   L4  10 sign-ins/s while GET /api/me runs at 500 req/s (its p99 should stay under 100 ms)
 *   L5  a mixed soak, 5 min: pages, admin pages, refreshes, sign-ins, sign-ups, sign-outs; event-loop delay and
 *       memory sampled every second
 *   L6  3 × L1's rate for 30 s: the app sheds load with 503 (LOAD_*) rather than queueing; then the time until
 *       /api/me answers promptly again
 *
 * After each: nothing lost. Every acknowledged sign-up signs in (up to BENCH_CHECK_SIGN_INS of them, each an
 * Argon2 verification), every acknowledged sign-out and revocation holds (the core refuses the session's access
 * token with checkDatabase, and a revoked session cannot refresh), and `PRAGMA integrity_check` says ok.
 *
 * The app's memory (process.memoryUsage()) and event-loop delay come from bench/probe.js, preloaded into it.
 *
 * Run: npm run bench:load                       (about 12 minutes)
 *      BENCH_SCALE=0.1 npm run bench:load        (durations × 0.1, at least 3 s each; 1 000 × 0.1 sessions for L3)
 *      BENCH_ONLY=L1,L6 npm run bench:load       (some scenarios only)
 *      BENCH_ROUNDS=3 BENCH_SCALE=0.25 npm run bench:load   (the scenarios three times in one app, memory after each)
 *      BENCH_ONLY=L6 BENCH_FLOOD_RATE=20000 BENCH_FLOOD_CONNECTIONS=2000 npm run bench:load   (L6 past the app's capacity)
 *      BENCH_NODE_FLAGS="--max-semi-space-size=8" npm run bench:load   (V8 flags for the app, to compare memory)
 */

import * as Fs from 'fs';
import * as Os from 'os';
import * as Path from 'path';

import Database from 'better-sqlite3';
import * as Http from 'http';

import { appNodeFlags, startApp, type BenchApp } from './app';


const scale = Number(process.env.BENCH_SCALE ?? 1);
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim().toUpperCase());
const checkSignIns = Number(process.env.BENCH_CHECK_SIGN_INS ?? 20);
const rounds = Number(process.env.BENCH_ROUNDS ?? 1);                    // the whole set again, in the same app: is memory flat?
const secondsOf = (full: number): number => Math.max(3, Math.round(full * scale));
const password = 'Quartz lantern 47 orbit mango';
const adminEmail = 'load.admin@example.com';
const userEmail = 'load.user@example.com';


interface ProbeLine {
    readonly time: number;
    readonly rss: number;
    readonly heapUsed: number;
    readonly heapTotal: number;
    readonly external: number;
    readonly delayP99: number;
    readonly delayMax: number;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const probeLines = (file: string, from = 0): ProbeLine[] => {

    if (!Fs.existsSync(file)) {
        return [];
    }

    return Fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as ProbeLine).filter((line) => line.time >= from);
};

const cookiesOf = (res: Response): Map<string, string> => {

    return new Map(res.headers.getSetCookie().map((line) => {

        const [pair] = line.split(';');
        const at = pair!.indexOf('=');
        return [pair!.slice(0, at), pair!.slice(at + 1)];
    }));
};

const quantile = (sorted: number[], q: number): string => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1) : '–');


/** What the checks after each scenario hold the app to. */
interface Ledger {
    /** Acknowledged sign-ups (status OK), by email. */
    readonly signedUp: string[];
    /** Access tokens of sessions whose sign-out was acknowledged. */
    readonly signedOut: string[];
    /** Sessions revoked at the core (acknowledged), with their last refresh token. */
    readonly revoked: { handle: string; refreshToken: string }[];
}


interface Paced {
    readonly done: number;
    readonly failed: number;
    /** Failures by message ("refresh: 503" …). */
    readonly reasons: Map<string, number>;
    /** Not started: too many still in flight (the app is slower than the rate). */
    readonly skipped: number;
    readonly latencies: number[];
}

/**
 * Calls `step` `rate` times a second for `seconds` without waiting for earlier calls (an open loop, as real clients
 * are), at most `maxInFlight` at once (beyond that a call is "not sent"). A step that throws counts as failed; one
 * that returns false had nothing to do and counts as not sent.
 */
const paced = async (rate: number, seconds: number, step: (i: number) => Promise<void | false>, maxInFlight = 200): Promise<Paced> => {

    const latencies: number[] = [];
    const count = { failed: 0, skipped: 0, inFlight: 0 };
    const reasons = new Map<string, number>();
    const running: Promise<void>[] = [];
    const started = performance.now();
    const total = Math.round(rate * seconds);
    for (let i = 0; i < total; ++i) {
        const due = started + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait >= 1) {
            await new Promise((resolve) => setTimeout(resolve, wait));
        }

        if (count.inFlight >= maxInFlight) {
            ++count.skipped;
            continue;
        }

        // Latency counts from when the call was due, not from when it went out: a generator running late (its
        // timers, its own CPU) must not hide the wait it caused (coordinated omission).
        ++count.inFlight;
        running.push(step(i).then((outcome) => {

            if (outcome === false) {
                ++count.skipped;
            }
            else {
                latencies.push(performance.now() - due);
            }
        }, (err: Error) => {

            ++count.failed;
            reasons.set(err.message, (reasons.get(err.message) ?? 0) + 1);
        }).finally(() => {

            --count.inFlight;
        }));
    }

    await Promise.all(running);
    latencies.sort((a, b) => a - b);
    return { done: latencies.length, failed: count.failed, reasons, skipped: count.skipped, latencies };
};

const describePaced = (title: string, seconds: number, result: Paced): string => {

    const reasons = [...result.reasons].map(([reason, n]) => `${reason} ×${n}`).join(', ');
    return `${title.padEnd(30)} ${(result.done / seconds).toFixed(1).padStart(7)}/s ok   p50 ${quantile(result.latencies, 0.5)} ms   p99 ${quantile(result.latencies, 0.99)} ms   failed ${result.failed}${reasons ? ` (${reasons})` : ''}   not sent ${result.skipped}`;
};

/** A paced run of GETs of one page: its answers by status, beside the latencies of the 2xx ones. */
interface Pages extends Paced {
    readonly statuses: Map<number, number>;
}

const describePages = (title: string, seconds: number, result: Pages): string => {

    const codes = [...result.statuses].sort(([a], [b]) => a - b).map(([code, count]) => `${code}×${count}`).join(' ');
    return `${title.padEnd(30)} ${(result.done / seconds).toFixed(0).padStart(7)}/s ok   p50 ${quantile(result.latencies, 0.5)} ms   p99 ${quantile(result.latencies, 0.99)} ms   max ${quantile(result.latencies, 1)} ms   not sent ${result.skipped}   [${codes}]`;
};


class LoadRun {

    readonly app: BenchApp;
    readonly probe: string;
    readonly ledger: Ledger = { signedUp: [], signedOut: [], revoked: [] };
    readonly json: Record<string, string>;
    userCookie = '';
    adminCookie = '';
    userId = '';
    signUps = 0;

    constructor(app: BenchApp, probe: string) {

        this.app = app;
        this.probe = probe;
        this.json = { 'content-type': 'application/json; charset=utf-8', 'cdi-version': '5.4', 'api-key': app.coreApiKey };
    }

    async core(path: string, body: object, method = 'POST'): Promise<any> {

        const res = await fetch(`${this.app.coreUri}${path}`, { method, headers: this.json, body: JSON.stringify(body) });
        return await res.json();
    }

    async auth(path: string, email: string): Promise<Response> {

        return await fetch(`${this.app.origin}/auth/${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', rid: 'emailpassword' },
            body: JSON.stringify({ formFields: [{ id: 'email', value: email }, { id: 'password', value: password }] })
        });
    }

    async signUp(email: string): Promise<{ cookie: string; userId: string }> {

        const res = await this.auth('signup', email);
        const body = await res.json() as any;
        if (body.status !== 'OK') {
            throw new Error(`sign-up: ${res.status} ${body.status ?? body.message}`);
        }

        this.ledger.signedUp.push(email);
        return { cookie: [...cookiesOf(res)].map(([name, value]) => `${name}=${value}`).join('; '), userId: body.user.id };
    }

    /** Signs `email` in; the session's access token. With `patient`, a shed request (503) is tried again. */
    async signIn(email: string, patient = false): Promise<string> {

        let res = await this.auth('signin', email);
        for (let i = 0; patient && res.status === 503 && i < 20; ++i) {
            await new Promise((resolve) => setTimeout(resolve, 500));
            res = await this.auth('signin', email);
        }

        const body = await res.json() as any;
        const token = cookiesOf(res).get('sAccessToken');
        if (body.status !== 'OK' || !token) {
            throw new Error(`sign-in: ${res.status} ${body.status ?? body.message}`);
        }

        return token;
    }

    async signOut(accessToken: string): Promise<void> {

        const res = await fetch(`${this.app.origin}/auth/signout`, { method: 'POST', headers: { cookie: `sAccessToken=${accessToken}`, rid: 'anti-csrf' } });
        if (res.status !== 200) {
            throw new Error(`sign-out: ${res.status}`);
        }

        this.ledger.signedOut.push(accessToken);
    }

    async setUp(): Promise<void> {

        const admin = await this.signUp(adminEmail);
        await this.core('/recipe/role', { role: 'admin', permissions: [] }, 'PUT');
        const granted = await this.core('/public/recipe/user/role', { userId: admin.userId, role: 'admin' }, 'PUT');
        if (granted.status !== 'OK') {
            throw new Error(`admin role: ${JSON.stringify(granted)}`);
        }

        this.adminCookie = admin.cookie;
        const user = await this.signUp(userEmail);
        this.userCookie = user.cookie;
        this.userId = user.userId;
        for (const [path, cookie] of [['/api/me', this.userCookie], ['/admin', this.adminCookie]] as const) {
            const res = await fetch(`${this.app.origin}${path}`, { headers: { cookie }, redirect: 'manual' });
            if (res.status !== 200) {
                throw new Error(`GET ${path}: ${res.status} ${res.headers.get('location') ?? ''}`);
            }
        }
    }

    page(rate: number, seconds: number, connections = 50): Promise<Pages> {

        return this.#pages('/api/me', this.userCookie, rate, seconds, connections);
    }

    adminPage(rate: number, seconds: number, connections = 30): Promise<Pages> {

        return this.#pages('/admin', this.adminCookie, rate, seconds, connections);
    }

    /**
     * GETs of `path`, `rate` a second, evenly spaced (as many independent browsers would ask), over at most
     * `connections` keep-alive sockets of Node's http client (cheap enough to leave the app most of the machine).
     * autocannon's rate mode was used before: it sends each second's quota in one burst at the second's start,
     * and its latency correction then adds samples for a 1 ms interval, so its p99 measured its own bursts.
     */
    async #pages(path: string, cookie: string, rate: number, seconds: number, connections: number): Promise<Pages> {

        const agent = new Http.Agent({ keepAlive: true, maxSockets: connections });
        const statuses = new Map<number, number>();
        const url = `${this.app.origin}${path}`;
        const get = (): Promise<number> => {

            return new Promise((resolve, reject) => {

                Http.get(url, { agent, headers: { cookie } }, (res) => {

                    res.resume();
                    res.on('end', () => resolve(res.statusCode!));
                }).on('error', reject);
            });
        };

        try {
            const result = await paced(rate, seconds, async () => {

                const status = await get();
                statuses.set(status, (statuses.get(status) ?? 0) + 1);
                if (status < 200 || status > 299) {
                    throw new Error(String(status));
                }
            }, connections * 4);

            return { ...result, statuses };
        }
        finally {
            agent.destroy();
        }
    }

    /** `count` sessions of the load user, made at the core: their handles and refresh tokens. */
    async coreSessions(count: number): Promise<{ handle: string; refreshToken: string }[]> {

        const sessions: { handle: string; refreshToken: string }[] = [];
        for (let i = 0; i < count; ++i) {
            const made = await this.core('/public/recipe/session', { userId: this.userId, userDataInJWT: {}, userDataInDatabase: {}, useDynamicSigningKey: true, enableAntiCsrf: false });
            sessions.push({ handle: made.session.handle, refreshToken: made.refreshToken.token });
        }

        return sessions;
    }

    /**
     * One refresh through the app with the session's latest refresh token, which it then replaces. A session whose
     * previous refresh has not come back is left alone (false): a browser does not refresh twice at once, and the
     * core would rightly take the older token for a stolen one.
     */
    async refresh(session: { refreshToken: string; busy?: boolean }): Promise<void | false> {

        if (session.busy) {
            return false;
        }

        session.busy = true;
        try {
            await this.#refresh(session);
        }
        finally {
            session.busy = false;
        }
    }

    async #refresh(session: { refreshToken: string }): Promise<void> {

        const res = await fetch(`${this.app.origin}/auth/session/refresh`, { method: 'POST', headers: { cookie: `sRefreshToken=${session.refreshToken}`, rid: 'session' } });
        const next = cookiesOf(res).get('sRefreshToken');
        if (res.status !== 200 || !next) {
            throw new Error(`refresh: ${res.status}`);
        }

        session.refreshToken = next;
    }

    /** Everything acknowledged still holds, and the database is sound; throws otherwise. */
    async checkNothingLost(): Promise<string> {

        const signedUp = this.ledger.signedUp.slice(-checkSignIns);
        for (const email of signedUp) {
            await this.signIn(email, true);
        }

        for (const accessToken of this.ledger.signedOut) {
            const verified = await this.core('/recipe/session/verify', { accessToken, doAntiCsrfCheck: false, enableAntiCsrf: false, checkDatabase: true });
            if (verified.status === 'OK') {
                throw new Error('a signed-out session still verifies');
            }
        }

        for (const session of this.ledger.revoked) {
            let res = await fetch(`${this.app.origin}/auth/session/refresh`, { method: 'POST', headers: { cookie: `sRefreshToken=${session.refreshToken}`, rid: 'session' } });
            for (let i = 0; res.status === 503 && i < 20; ++i) {
                await new Promise((resolve) => setTimeout(resolve, 500));
                res = await fetch(`${this.app.origin}/auth/session/refresh`, { method: 'POST', headers: { cookie: `sRefreshToken=${session.refreshToken}`, rid: 'session' } });
            }

            if (res.status !== 401) {
                throw new Error(`a revoked session refreshed: ${res.status}`);
            }
        }

        const db = new Database(Path.join(this.app.dataDir, 'staffgate.sqlite'), { readonly: true, fileMustExist: true });
        const integrity = db.pragma('integrity_check', { simple: true });
        db.close();
        if (integrity !== 'ok') {
            throw new Error(`integrity_check: ${String(integrity)}`);
        }

        return `nothing lost: ${signedUp.length}/${this.ledger.signedUp.length} sign-ups signed in, ${this.ledger.signedOut.length} sign-outs and ${this.ledger.revoked.length} revocations hold, integrity_check ok`;
    }

    memory(from: number): string {

        const lines = probeLines(this.probe, from);
        const last = lines.at(-1);
        if (!last) {
            return 'memory: no sample';
        }

        const maxRss = Math.max(...lines.map((line) => line.rss));
        const maxDelay = Math.max(...lines.map((line) => line.delayMax));
        const p99s = lines.map((line) => line.delayP99).sort((a, b) => a - b);
        return `app: RSS ${mb(last.rss)} at the end (max ${mb(maxRss)}), heap used ${mb(last.heapUsed)} of ${mb(last.heapTotal)}, external ${mb(last.external)}; event-loop delay p99 per second: median ${quantile(p99s, 0.5)} ms, worst ${quantile(p99s, 1)} ms, max ${maxDelay} ms`;
    }
}


const scenarios: Record<string, (run: LoadRun) => Promise<string[]>> = {

    L1: async (run) => {

        const seconds = secondsOf(60);
        return [describePages('GET /api/me at 1 000/s', seconds, await run.page(1000, seconds))];
    },

    L2: async (run) => {

        const seconds = secondsOf(60);
        return [describePages('GET /admin at 300/s', seconds, await run.adminPage(300, seconds))];
    },

    L3: async (run) => {

        const seconds = secondsOf(60);
        const sessions = await run.coreSessions(Math.max(50, Math.round(1000 * Math.min(1, scale))));
        const result = await paced(100, seconds, (i) => run.refresh(sessions[i % sessions.length]!));
        const revoked = sessions.slice(0, 20);
        const removed = await run.core('/recipe/session/remove', { sessionHandles: revoked.map((session) => session.handle) });
        if (removed.status !== 'OK') {
            throw new Error(`revocation: ${JSON.stringify(removed)}`);
        }

        run.ledger.revoked.push(...revoked);
        return [describePaced(`refresh at 100/s, ${sessions.length} sessions`, seconds, result)];
    },

    L4: async (run) => {

        const seconds = secondsOf(60);
        const [pages, signIns] = await Promise.all([
            run.page(500, seconds),
            paced(10, seconds, async () => {

                await run.signIn(userEmail);
            })
        ]);

        return [describePages('GET /api/me at 500/s', seconds, pages), describePaced('sign-in at 10/s, meanwhile', seconds, signIns),
            `page p99 ${quantile(pages.latencies, 0.99)} ms: ${Number(quantile(pages.latencies, 0.99)) < 100 ? 'under' : 'OVER'} 100 ms`];
    },

    L5: async (run) => {

        const seconds = secondsOf(300);
        const sessions = await run.coreSessions(100);
        const signedIn: string[] = [];
        const [pages, admin, refreshes, signIns, signUps, signOuts] = await Promise.all([
            run.page(300, seconds, 30),
            run.adminPage(20, seconds, 5),
            paced(20, seconds, (i) => run.refresh(sessions[i % sessions.length]!)),
            paced(2, seconds, async () => {

                signedIn.push(await run.signIn(userEmail));
            }),
            paced(1, seconds, async () => {

                await run.signUp(`load.soak.${++run.signUps}.${Date.now()}@example.com`);
            }),
            paced(1, seconds, async () => {

                const token = signedIn.shift();
                if (!token) {
                    return false;
                }

                await run.signOut(token);
            })
        ]);

        return [
            describePages('GET /api/me at 300/s', seconds, pages), describePages('GET /admin at 20/s', seconds, admin),
            describePaced('refresh at 20/s', seconds, refreshes), describePaced('sign-in at 2/s', seconds, signIns),
            describePaced('sign-up at 1/s', seconds, signUps), describePaced('sign-out at 1/s', seconds, signOuts)
        ];
    },

    L6: async (run) => {

        const seconds = secondsOf(30);
        const rate = Number(process.env.BENCH_FLOOD_RATE ?? 3000);
        const flood = await run.page(rate, seconds, Number(process.env.BENCH_FLOOD_CONNECTIONS ?? 400));
        const ended = Date.now();
        let prompt = 0;
        let back: number | undefined;
        while (Date.now() - ended < 30_000) {
            const begun = performance.now();
            const res = await fetch(`${run.app.origin}/api/me`, { headers: { cookie: run.userCookie } }).catch(() => undefined);
            prompt = res?.status === 200 && performance.now() - begun < 100 ? prompt + 1 : 0;
            if (prompt === 5) {
                back = Date.now() - ended;
                break;
            }

            await new Promise((resolve) => setTimeout(resolve, 100));
        }

        const shed = flood.statuses.get(503) ?? 0;
        return [describePages(`GET /api/me at ${rate}/s`, seconds, flood),
            `shed with 503: ${shed} of ${flood.done + flood.failed}; prompt again (5 answers in a row under 100 ms) ${back === undefined ? 'NOT within 30 s' : `after ${(back / 1000).toFixed(1)} s`}`];
    }
};


const main = async () => {

    const probe = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-bench-load-')), 'probe.jsonl');
    const app = await startApp({ nodeOptions: ['--expose-gc', '-r', Path.join(__dirname, 'probe.js')], env: { BENCH_PROBE_FILE: probe, MFA: 'off' } });
    const run = new LoadRun(app, probe);
    try {
        await run.setUp();
        await new Promise((resolve) => setTimeout(resolve, 2000));
        console.log(`${Os.cpus().length} CPUs, load average ${Os.loadavg().map((value) => value.toFixed(1)).join(' ')}; scale ${scale}; app flags ${appNodeFlags().join(' ') || 'none'}\n${run.memory(0)}\n`);
        for (let i = 1; i <= rounds; ++i) {
            const round = i;
            for (const [name, scenario] of Object.entries(scenarios)) {
                if (only && !only.includes(name)) {
                    continue;
                }

                const from = Date.now();
                console.log(`${name}${rounds > 1 ? ` (round ${round} of ${rounds})` : ''}`);
                for (const line of await scenario(run)) {
                    console.log(`  ${line}`);
                }

                console.log(`  ${run.memory(from)}`);
                console.log(`  ${await run.checkNothingLost()}\n`);
            }

            // V8 gives back what it grew under load in steps once allocation stops (its memory reducer): 3 s, then 30 s.
            for (const [wait, at] of [[3, 3], [27, 30]]) {
                await new Promise((resolve) => setTimeout(resolve, wait! * 1000));
                const atRest = probeLines(probe).at(-1);
                console.log(`at rest after round ${round}, ${String(at).padStart(2)} s: RSS ${atRest ? mb(atRest.rss) : '–'}, heap used ${atRest ? mb(atRest.heapUsed) : '–'} of ${atRest ? mb(atRest.heapTotal) : '–'}`);
            }
        }

        Fs.writeFileSync(`${probe}.gc`, '');                  // the probe collects garbage once: what the heap retains
        await new Promise((resolve) => setTimeout(resolve, 2500));
        const collected = probeLines(probe).at(-1);
        console.log(`after one full GC:      RSS ${collected ? mb(collected.rss) : '–'}, heap used ${collected ? mb(collected.heapUsed) : '–'} of ${collected ? mb(collected.heapTotal) : '–'}`);
    }
    finally {
        await app.stop();
        Fs.rmSync(Path.dirname(probe), { recursive: true, force: true });
    }
};


main().catch((err) => {

    console.error(err);
    process.exit(1);
});
