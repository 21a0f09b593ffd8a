/*
 * The user list with 100 000 users: first page, a later page (by token), an email-prefix search, a domain search
 * and the count (the CDI's GET /users); then the admin list's extension (GET /staffgate/users): substring search
 * through the trigram index (FTS5 / pg_trgm), short searches without it, filters, sorts, cursors and counts; each
 * timed over real HTTP against a real core. One user in 100 holds the role `staff`, one in 1000 is banned, one in
 * three has signed in. Seeding writes the rows directly with SQL in one
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
    const role = db.prepare('INSERT INTO user_roles (app_id, tenant_id, user_id, role) VALUES (\'public\', \'public\', ?, \'staff\')');
    const ban = db.prepare('INSERT INTO user_bans (app_id, user_id, banned_at) VALUES (\'public\', ?, 0)');
    const signedIn = db.prepare('UPDATE users SET last_sign_in_at = ? WHERE app_id = \'public\' AND user_id = ?');
    db.transaction(() => {

        db.exec('INSERT INTO roles (app_id, role) VALUES (\'public\', \'staff\')');
        seedRows(count).forEach((row, i) => {

            insert.run(row.userId, row.thirdParty ? 'thirdparty' : 'emailpassword', row.email, row.timeJoined, row.thirdParty ?? null, row.thirdParty ? row.userId : null);
            if (i % 100 === 0) {
                role.run(row.userId);
            }

            if (i % 1000 === 0) {
                ban.run(row.userId);
            }

            if (i % 3 === 0) {
                signedIn.run(row.timeJoined + (i * 7919 % 1_000_000) * 1000, row.userId);
            }
        });
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
    await client.query('INSERT INTO roles (app_id, role) VALUES (\'public\', \'staff\')');
    await client.query(`INSERT INTO user_roles (app_id, tenant_id, user_id, role)
                        SELECT 'public', 'public', user_id, 'staff' FROM users WHERE (time_joined - $1::bigint) / 1000 % 100 = 0`, [Date.UTC(2025, 0, 1)]);
    await client.query(`INSERT INTO user_bans (app_id, user_id, banned_at)
                        SELECT 'public', user_id, 0 FROM users WHERE (time_joined - $1::bigint) / 1000 % 1000 = 0`, [Date.UTC(2025, 0, 1)]);
    await client.query(`UPDATE users SET last_sign_in_at = time_joined + ((time_joined - $1::bigint) / 1000 * 7919 % 1000000) * 1000
                        WHERE (time_joined - $1::bigint) / 1000 % 3 = 0`, [Date.UTC(2025, 0, 1)]);
    await client.query('ANALYZE');
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
    console.log(`${title.padEnd(52)} median ${median.toFixed(2).padStart(7)} ms   p95 ${p95.toFixed(2).padStart(7)} ms   (${rows})`);
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

        // The admin list's extension: what /admin/users asks (a page of 25, plus the count).
        const list = `${core.uri}/staffgate/users`;
        const count = `${core.uri}/staffgate/users/count`;
        console.log('\nGET /staffgate/users (25 rows) and /staffgate/users/count');
        const page = await time('list, newest first', `${list}?limit=25`);
        const second = await time('next page (after= cursor)', `${list}?limit=25&after=${page.nextCursor}`);
        await time('previous page (before= cursor)', `${list}?limit=25&before=${second.previousCursor}`);
        await time('count, no filter', count);
        await time('substring "ser4242" (trigram index)', `${list}?limit=25&search=ser4242`);
        await time('  count', `${count}?search=ser4242`);
        await time('substring "4242@acme" (trigram index)', `${list}?limit=25&search=4242@acme`);
        await time('substring "acme" (a quarter of users)', `${list}?limit=25&search=acme`);
        await time('  count', `${count}?search=acme`);
        await time('substring "42" (2 chars: scan, LIMIT-bound)', `${list}?limit=25&search=42`);
        await time('  count', `${count}?search=42`);
        await time('substring "zz" (2 chars, no match: full scan)', `${list}?limit=25&search=zz`);
        await time('role=staff', `${list}?limit=25&role=staff`);
        await time('  count', `${count}?role=staff`);
        await time('state=banned', `${list}?limit=25&state=banned`);
        await time('state=unverified', `${list}?limit=25&state=unverified`);
        await time('  count', `${count}?state=unverified`);
        await time('state=noTwoFactor', `${list}?limit=25&state=noTwoFactor`);
        await time('method=thirdparty:github', `${list}?limit=25&method=thirdparty:github`);
        await time('  count', `${count}?method=thirdparty:github`);
        await time('sort=email asc', `${list}?limit=25&sort=email&order=asc`);
        await time('sort=lastSignIn desc', `${list}?limit=25&sort=lastSignIn&order=desc`);
        await time('substring "acme" + role=staff + sort=email', `${list}?limit=25&search=acme&role=staff&sort=email`);
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
