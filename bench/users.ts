/*
 * The user list with 100 000 users: first page, a later page (by token), an email-prefix search, a domain search
 * and the count, each timed over real HTTP against a real core. Seeding writes the rows directly with SQL in one
 * transaction (through the storage's own migrations), because 100 000 Argon2 sign-ups would take hours and
 * measure nothing about the list.
 *
 * Run: npm run bench:users                       (SQLite)
 *      BENCH_DATABASE_URL=postgres://… npm run bench:users   (PostgreSQL, in a scratch schema that is dropped)
 */

import * as Crypto from 'crypto';
import * as Fs from 'fs';
import * as Os from 'os';
import * as Path from 'path';

import Database from 'better-sqlite3';

import { loadConfig } from '../server/config';
import { startCore } from '../server/core';
import { benchStorage } from './storage';


const userCount = Number(process.env.BENCH_USERS ?? 100_000);
const repeats = Number(process.env.BENCH_REPEATS ?? 50);
const domains = ['example.com', 'staff.example.org', 'acme.test', 'northwind.io'];

const seedRows = (count: number) => {

    const start = Date.UTC(2025, 0, 1);
    return Array.from({ length: count }, (_, i) => ({
        userId: Crypto.randomUUID(),
        email: `user${i}@${domains[i % domains.length]}`,
        timeJoined: start + i * 1000,
        thirdParty: i % 10 === 0 ? `github` : undefined
    }));
};

const seedSqlite = (file: string, count: number) => {

    const db = new Database(file);
    const insert = db.prepare(`INSERT INTO users (app_id, tenant_id, user_id, recipe_id, email, time_joined, third_party_id, third_party_user_id)
                               VALUES ('public', 'public', ?, ?, ?, ?, ?, ?)`);
    db.transaction(() => {

        for (const row of seedRows(count)) {
            insert.run(row.userId, row.thirdParty ? 'thirdparty' : 'emailpassword', row.email, row.timeJoined, row.thirdParty ?? null, row.thirdParty ? row.userId : null);
        }
    })();
    db.close();
};

const seedPostgres = async (url: string, schema: string, count: number) => {

    const { Client } = require('pg');

    const client = new Client({ connectionString: url, options: `-c search_path=${schema}` });
    await client.connect();
    await client.query(`INSERT INTO users (app_id, tenant_id, user_id, recipe_id, email, time_joined, third_party_id, third_party_user_id)
                        SELECT 'public', 'public', id, CASE WHEN i % 10 = 0 THEN 'thirdparty' ELSE 'emailpassword' END,
                               'user' || i || '@' || (ARRAY['example.com', 'staff.example.org', 'acme.test', 'northwind.io'])[i % 4 + 1],
                               $1::bigint + i * 1000, CASE WHEN i % 10 = 0 THEN 'github' END, CASE WHEN i % 10 = 0 THEN id END
                        FROM (SELECT i, gen_random_uuid()::text AS id FROM generate_series(0, $2::int - 1) AS i) AS rows`, [Date.UTC(2025, 0, 1), count]);
    await client.query('ANALYZE users');
    await client.end();
};

const time = async (title: string, url: string): Promise<any> => {

    let body: any;
    const samples: number[] = [];
    for (let i = 0; i < repeats; ++i) {
        const started = process.hrtime.bigint();
        const res = await fetch(url, { headers: { 'cdi-version': '5.4' } });
        body = await res.json();
        samples.push(Number(process.hrtime.bigint() - started) / 1e6);
        if (res.status !== 200 || body.status !== 'OK') {
            throw new Error(`${title}: ${res.status} ${JSON.stringify(body)}`);
        }
    }

    samples.sort((a, b) => a - b);
    const median = samples[Math.floor(samples.length / 2)]!;
    const p95 = samples[Math.floor(samples.length * 0.95)]!;
    const rows = Array.isArray(body.users) ? `${body.users.length} rows` : `count ${body.count}`;
    console.log(`${title.padEnd(36)} median ${median.toFixed(2).padStart(7)} ms   p95 ${p95.toFixed(2).padStart(7)} ms   (${rows})`);
    return body;
};


const main = async () => {

    const dataDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-bench-users-'));
    const { core: settings } = loadConfig({ DATA_DIR: dataDir, CORE_PORT: '0' });
    const { storage, postgres, dispose } = benchStorage(settings);

    await storage.migrate();
    const seeded = Date.now();
    if (postgres) {
        await seedPostgres(postgres.url, postgres.schema, userCount);
    }
    else {
        seedSqlite(settings.sqliteFile, userCount);
    }

    console.log(`${storage.name}: seeded ${userCount} users in ${((Date.now() - seeded) / 1000).toFixed(1)} s; ${repeats} requests per figure\n`);
    const core = await startCore({ settings, storage });
    try {
        const base = `${core.uri}/public/users`;
        const first = await time('first page (25, newest first)', `${base}?limit=25&timeJoinedOrder=DESC`);
        await time('next page by token', `${base}?limit=25&timeJoinedOrder=DESC&paginationToken=${encodeURIComponent(first.nextPaginationToken)}`);
        await time('page 100 deep (oldest first)', `${base}?limit=25&paginationToken=${encodeURIComponent(Buffer.from(`~;${Date.UTC(2025, 0, 1) + 2500 * 1000}`).toString('base64'))}`);
        await time('email prefix search "user4242"', `${base}?limit=25&email=user4242`);
        await time('domain search "acme"', `${base}?limit=25&email=acme`);
        await time('provider search "git"', `${base}?limit=25&provider=git`);
        await time('count', `${core.uri}/public/users/count`);
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
