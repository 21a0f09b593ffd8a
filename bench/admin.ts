/*
 * The admin area with 100 000 users, over real HTTP against the whole app (`npm start`'s entry point with its
 * embedded core on SQLite), signed in as an admin (the role granted at the core; MFA off):
 * - the time to render GET /admin/users (a page of 25 and the total count): the first page, substring searches
 *   (through the trigram index, and a 2-character one without it), the next and previous pages (the cursors of the
 *   links), filters and sorts, as median and p95; and the time to stream the whole list as /admin/users.csv;
 * - requests/s of GET /admin (the overview) and GET /admin/users/{id} (a user's page), both guarded by a session
 *   checked against the core and the admin role read fresh from it on every request.
 *
 * The users are written into the core's SQLite file directly with SQL in one transaction, as bench/users.ts does
 * (100 000 Argon2 sign-ups would take hours and measure nothing about the pages), after the app has started so its
 * migrations have run. The core keeps the file in WAL mode, so a second connection beside it is fine.
 *
 * With BENCH_DATABASE_URL=postgres://… the app runs on PostgreSQL instead, in a scratch database made for the run
 * (CREATE DATABASE, so the URL's user needs that right) and dropped after it.
 *
 * Run: npm run bench:admin
 *      BENCH_USERS=… BENCH_REPEATS=… BENCH_SECONDS=… BENCH_CONNECTIONS=… npm run bench:admin
 *      BENCH_CPU_PROF=dir npm run bench:admin     (the app runs with --cpu-prof: a profile per thread lands in dir)
 */

import * as ChildProcess from 'child_process';
import * as Crypto from 'crypto';
import * as Fs from 'fs';
import * as Net from 'net';
import * as Os from 'os';
import * as Path from 'path';

import Autocannon from 'autocannon';
import Database from 'better-sqlite3';

import { appNodeFlags } from './app';


const userCount = Number(process.env.BENCH_USERS ?? 100_000);
const repeats = Number(process.env.BENCH_REPEATS ?? 50);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const root = Path.join(__dirname, '..');

const adminEmail = 'bench.admin@example.com';
const domains = ['example.com', 'staff.example.org', 'acme.test', 'northwind.io'];

const freePort = () => {

    return new Promise<number>((resolve) => {

        const server = Net.createServer().listen(0, '127.0.0.1', () => {

            const { port } = server.address() as Net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
};

/** Writes `count` users (user<i>@<domain>, every tenth a GitHub user) into the core's SQLite file; returns their ids. */
const seedSqlite = (file: string, count: number, adminId: string): string[] => {

    const start = Date.UTC(2025, 0, 1);
    const ids: string[] = [];
    const db = new Database(file, { timeout: 10_000 });
    db.pragma('journal_mode = WAL');
    const insert = db.prepare(`INSERT INTO users (app_id, tenant_id, user_id, recipe_id, email, time_joined, third_party_id, third_party_user_id)
                               VALUES ('public', 'public', ?, ?, ?, ?, ?, ?)`);
    db.transaction(() => {

        for (let i = 0; i < count; ++i) {
            const userId = Crypto.randomUUID();
            const thirdParty = i % 10 === 0 ? 'github' : null;
            insert.run(userId, thirdParty ? 'thirdparty' : 'emailpassword', `user${i}@${domains[i % domains.length]}`, start + i * 1000, thirdParty, thirdParty ? userId : null);
            ids.push(userId);
        }

        // ADMIN_EMAILS grants the role only once the email is verified, which a benchmark cannot click: granted here.
        db.exec('INSERT OR IGNORE INTO roles (app_id, role) VALUES (\'public\', \'admin\')');
        db.prepare('INSERT OR IGNORE INTO user_roles (app_id, tenant_id, user_id, role) VALUES (\'public\', \'public\', ?, \'admin\')').run(adminId);
    })();
    db.close();
    return ids;
};

/** Writes the same users into PostgreSQL (the app's migrations have made the tables). */
const seedPostgres = async (url: string, count: number, adminId: string): Promise<string[]> => {

    const { Client } = require('pg');

    const client = new Client({ connectionString: url });
    await client.connect();
    try {
        const { rows } = await client.query(`INSERT INTO users (app_id, tenant_id, user_id, recipe_id, email, time_joined, third_party_id, third_party_user_id)
                            SELECT 'public', 'public', id, CASE WHEN i % 10 = 0 THEN 'thirdparty' ELSE 'emailpassword' END,
                                   'user' || i || '@' || (ARRAY['example.com', 'staff.example.org', 'acme.test', 'northwind.io'])[i % 4 + 1],
                                   $1::bigint + i * 1000, CASE WHEN i % 10 = 0 THEN 'github' END, CASE WHEN i % 10 = 0 THEN id END
                            FROM (SELECT i, gen_random_uuid()::text AS id FROM generate_series(0, $2::int - 1) AS i) AS rows
                            RETURNING user_id, time_joined`, [Date.UTC(2025, 0, 1), count]);
        await client.query('INSERT INTO roles (app_id, role) VALUES (\'public\', \'admin\') ON CONFLICT DO NOTHING');
        await client.query('INSERT INTO user_roles (app_id, tenant_id, user_id, role) VALUES (\'public\', \'public\', $1, \'admin\') ON CONFLICT DO NOTHING', [adminId]);
        await client.query('ANALYZE');
        return rows.sort((a: any, b: any) => a.time_joined - b.time_joined).map((row: any) => row.user_id);
    }
    finally {
        await client.end();
    }
};

/** A scratch database on the server of `url` (dropped by the returned function). */
const scratchDatabase = async (url: string): Promise<{ url: string; drop: () => Promise<void> }> => {

    const { Client } = require('pg');

    const name = `bench_admin_${Crypto.randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const scratch = new URL(url);
    scratch.pathname = `/${name}`;
    return {
        url: scratch.toString(),
        drop: async () => {

            const client = new Client({ connectionString: url });
            await client.connect();
            await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            await client.end();
        }
    };
};

const rowsIn = (html: string): number => html.match(/<tr class="user-row"/g)?.length ?? 0;

/** The href of the link with this id, unescaped. */
const linkOf = (html: string, id: string): string | undefined => {

    const tag = new RegExp(`<a[^>]*\\sid="${id}"[^>]*>`).exec(html)?.[0];
    return tag === undefined ? undefined : /\shref="([^"]*)"/.exec(tag)?.[1]!.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
};


const main = async () => {

    const dataDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-bench-admin-'));
    const coreApiKey = Crypto.randomBytes(24).toString('hex');
    const corePort = await freePort();
    const postgres = process.env.BENCH_DATABASE_URL ? await scratchDatabase(process.env.BENCH_DATABASE_URL) : undefined;
    const port = await freePort();
    const origin = `http://localhost:${port}`;
    const child = ChildProcess.spawn('node', [...appNodeFlags(), '-r', './server/register.js', 'server/index.ts'], {
        cwd: root,
        env: {
            ...process.env, DATA_DIR: dataDir, PORT: String(port), CORE_PORT: String(corePort), RATE_LIMITS: 'off',
            NODE_ENV: 'development', ADMIN_EMAILS: adminEmail, MFA: 'off', CORE_API_KEYS: coreApiKey, ...(postgres ? { DATABASE_URL: postgres.url } : {})
        },
        stdio: ['ignore', process.env.BENCH_DEBUG ? 'inherit' : 'ignore', 'pipe']
    });

    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {

        stderr = (stderr + chunk.toString()).slice(-4000);
    });

    const exited = new Promise((resolve) => child.once('exit', resolve));

    try {
        const started = Date.now();
        while (!(await fetch(`${origin}/auth`).catch(() => undefined))?.ok) {
            if (Date.now() - started > 20_000 || child.exitCode !== null) {
                throw new Error(`the app did not serve /auth within 20 s\n${stderr}`);
            }

            await new Promise((resolve) => setTimeout(resolve, 50));
        }

        // The admin; the session's cookies go with every request below.
        const signUp = await fetch(`${origin}/auth/signup`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', rid: 'emailpassword' },
            body: JSON.stringify({ formFields: [{ id: 'email', value: adminEmail }, { id: 'password', value: 'Quartz lantern 47 orbit mango' }] })
        });
        const signedUp = await signUp.json() as { status: string; user: { id: string } };
        if (signedUp.status !== 'OK') {
            throw new Error(`sign-up: ${signUp.status} ${JSON.stringify(signedUp)}`);
        }

        // The admin role straight at the core (ADMIN_EMAILS would wait for a verified email; MFA is off for the bench).
        const core = { 'content-type': 'application/json', 'cdi-version': '5.4', 'api-key': coreApiKey };
        await fetch(`http://127.0.0.1:${corePort}/recipe/role`, { method: 'PUT', headers: core, body: JSON.stringify({ role: 'admin', permissions: [] }) });
        await fetch(`http://127.0.0.1:${corePort}/public/recipe/user/role`, { method: 'PUT', headers: core, body: JSON.stringify({ userId: signedUp.user.id, role: 'admin' }) });

        const cookie = signUp.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
        const adminId = signedUp.user.id;

        const seeding = Date.now();
        const ids = postgres ? await seedPostgres(postgres.url, userCount, adminId) : seedSqlite(Path.join(dataDir, 'staffgate.sqlite'), userCount, adminId);
        const load = Os.loadavg().map((value) => value.toFixed(2)).join(' ');
        console.log(`${postgres ? 'PostgreSQL' : 'SQLite'}: seeded ${userCount} users in ${((Date.now() - seeding) / 1000).toFixed(1)} s · ${Os.cpus().length} CPUs, load average ${load} · ${repeats} requests per timing\n`);

        const get = async (path: string): Promise<string> => {

            // Seeding outlasts the server's keep-alive: a pooled socket it has closed is retried once on a new one.
            const send = () => fetch(`${origin}${path}`, { headers: { cookie }, redirect: 'manual' });
            const res = await send().catch(send);
            const html = await res.text();
            if (res.status !== 200) {
                throw new Error(`GET ${path}: ${res.status} ${res.headers.get('location') ?? ''}`);
            }

            return html;
        };

        const time = async (title: string, path: string): Promise<string> => {

            let html = await get(path);                     // one unmeasured request first
            const samples: number[] = [];
            for (let i = 0; i < repeats; ++i) {
                const begun = process.hrtime.bigint();
                html = await get(path);
                samples.push(Number(process.hrtime.bigint() - begun) / 1e6);
            }

            samples.sort((a, b) => a - b);
            const median = samples[Math.floor(samples.length / 2)]!;
            const p95 = samples[Math.floor(samples.length * 0.95)]!;
            console.log(`${title.padEnd(44)} ${median.toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)} ${String(rowsIn(html)).padStart(6)}`);
            return html;
        };

        console.log(`${'GET /admin/users'.padEnd(44)} ${'median'.padStart(8)} ${'p95'.padStart(8)} ${'rows'.padStart(6)}   (ms)`);
        const first = await time('first page                /admin/users', '/admin/users');
        await time('substring "user4242"      ?q=user4242', '/admin/users?q=user4242');
        await time('substring "ser4242"       ?q=ser4242', '/admin/users?q=ser4242');
        await time('substring "4242@acme"     ?q=4242@acme', '/admin/users?q=4242@acme');
        await time('substring "acme" (25 %)   ?q=acme', '/admin/users?q=acme');
        await time('2 characters "42" (scan)  ?q=42', '/admin/users?q=42');
        const next = linkOf(first, 'users-next');
        if (next === undefined) {
            throw new Error('the first page has no "Next" link');
        }

        const second = await time('next page (its cursor)    ?after=…', next);
        await time('previous page             ?before=…', linkOf(second, 'users-previous')!);
        await time('GitHub users              ?method=github', '/admin/users?method=github');
        await time('unverified                ?state=unverified', '/admin/users?state=unverified');
        await time('by email                  ?sort=email&order=asc', '/admin/users?sort=email&order=asc');
        await time('by last sign-in           ?sort=lastSignIn', '/admin/users?sort=lastSignIn');

        const exportStarted = process.hrtime.bigint();
        const csv = await fetch(`${origin}/admin/users.csv`, { headers: { cookie } });
        const lines = (await csv.text()).split('\r\n').length - 2;
        const exportMs = Number(process.hrtime.bigint() - exportStarted) / 1e6;
        if (csv.status !== 200 || lines !== userCount + 1) {
            throw new Error(`GET /admin/users.csv: ${csv.status}, ${lines} rows`);
        }

        console.log(`${'export /admin/users.csv (every user, once)'.padEnd(44)} ${exportMs.toFixed(0).padStart(8)} ms for ${lines} rows`);

        const userPath = `/admin/users/${ids[4242]}`;
        if (!(await get(userPath)).includes('user4242@')) {
            throw new Error(`${userPath} does not show user4242`);
        }

        const rate = async (title: string, path: string) => {

            const result = await Autocannon({ url: `${origin}${path}`, headers: { cookie }, connections, duration: seconds });
            const ok = (result.requests.total - result.non2xx - result.errors) / seconds;
            console.log(`${title.padEnd(44)} ${ok.toFixed(0).padStart(8)} ${String(result.latency.p50).padStart(8)} ${String(result.latency.p99).padStart(8)} ${String(result.non2xx + result.errors).padStart(8)}`);
        };

        console.log(`\n${`${connections} connections, ${seconds} s each`.padEnd(44)} ${'2xx/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'non-2xx'.padStart(8)}`);
        await rate('GET /admin (overview)', '/admin');
        await rate('GET /admin/users/{id} (user4242)', userPath);
    }
    catch (err) {
        console.error(`the app's last output:\n${stderr}`);
        throw err;
    }
    finally {
        child.kill('SIGTERM');
        await exited;
        await postgres?.drop();
        Fs.rmSync(dataDir, { recursive: true, force: true });
    }
};


main().catch((err) => {

    console.error(err);
    process.exit(1);
});
