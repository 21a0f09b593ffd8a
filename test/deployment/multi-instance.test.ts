/*
 * A deployment of several instances, as docs/operations.md ("Several instances") describes it: two cores (real
 * processes) on one PostgreSQL schema, two web instances (real processes, `npm start` with
 * SUPERTOKENS_CONNECTION_URI naming its own core) sharing their limits in Redis, driven over real HTTP the way a load
 * balancer would send a client's requests to either one (X-Forwarded-For from a trusted proxy gives each test client
 * its own address). Skipped, saying so, without TEST_PG_URL or Redis.
 *
 * One core per web instance, not both cores in each: supertokens-node's own failover between connection URIs
 * (`a;b`) keeps one index of the next host for all requests, so while one core is down, concurrent requests can each
 * be sent to the dead core twice and fail ("No SuperTokens core available to query"; seen here: 1 in 3 of six
 * concurrent calls). An instance whose core is down answers /health/ready with 503 instead, and the load balancer
 * sends its clients to the other.
 */

import * as Crypto from 'crypto';
import * as Fs from 'fs';
import * as Os from 'os';
import * as Path from 'path';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import EmailVerification from 'supertokens-node/recipe/emailverification';
import Session from 'supertokens-node/recipe/session';
import { RecipeUserId } from 'supertokens-node';

import { dropSchema, fastHashing } from '../helpers/core';
import { freePort, spawnCore, waitForHello, type CoreProcess } from '../helpers/processes';
import { deleteKeys, hasRedis, testRedisUrl, uniqueKeyPrefix } from '../helpers/redis';
import { initSdk, resetSdk } from '../helpers/sdk';
import { sleep } from '../helpers/session-tools';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const pgUrl = process.env.TEST_PG_URL;
const missing = [...(pgUrl ? [] : ['TEST_PG_URL']), ...(hasRedis ? [] : [`a Redis at ${testRedisUrl}`])];
const title = 'Two web instances and two cores on one PostgreSQL, limits in Redis';
const apiKey = `multi-instance-${Crypto.randomBytes(12).toString('hex')}`;
const adminEmail = 'ops.admin@example.com';
const password = 'a long enough password 1';


/** A client over real HTTP: its cookies (name, value, path), sent to whichever instance it talks to. */
class Client {

    readonly cookies = new Map<string, { value: string; path: string }>();
    readonly #address: string;

    constructor(address: string) {

        this.#address = address;
    }

    async request(base: string, method: string, path: string, body?: object | string): Promise<{ status: number; headers: Headers; text: string }> {

        const cookie = [...this.cookies].filter(([, c]) => path.startsWith(c.path)).map(([name, c]) => `${name}=${c.value}`).join('; ');
        const form = typeof body === 'string';
        const res = await fetch(`${base}${path}`, {
            method,
            redirect: 'manual',
            headers: {
                'x-forwarded-for': this.#address,
                ...(cookie ? { cookie } : {}),
                ...(body === undefined ? {} : { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' }),
                ...(method === 'POST' && path.startsWith('/auth/') ? { rid: 'anti-csrf' } : {})
            },
            body: body === undefined ? undefined : form ? body : JSON.stringify(body)
        });

        for (const line of res.headers.getSetCookie()) {
            const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
            const name = pair.slice(0, pair.indexOf('='));
            const value = pair.slice(pair.indexOf('=') + 1);
            const cookiePath = attributes.find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
            const expired = attributes.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) <= Date.now()));
            if (expired || value === '') {
                this.cookies.delete(name);
            }
            else {
                this.cookies.set(name, { value, path: cookiePath });
            }
        }

        return { status: res.status, headers: res.headers, text: await res.text() };
    }

    post(base: string, path: string, body: object | string) {

        return this.request(base, 'POST', path, body);
    }

    get(base: string, path: string) {

        return this.request(base, 'GET', path);
    }

    /** A copy of this client's cookies in another client (the same browser, replayed later). */
    copy(): Client {

        const other = new Client(this.#address);
        for (const [name, cookie] of this.cookies) {
            other.cookies.set(name, { ...cookie });
        }

        return other;
    }
}

const credentials = (email: string, secret = password) => ({ formFields: [{ id: 'email', value: email }, { id: 'password', value: secret }] });

const crumbOf = (html: string): string => {

    const match = /name="crumb" value="([^"]+)"/.exec(html);
    expect(match, 'no crumb on the page').to.exist();
    return match![1]!;
};

const waitForLive = async (web: CoreProcess, timeoutMs = 30_000): Promise<void> => {

    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
        const res = await fetch(`${web.uri}/health/live`).catch(() => undefined);
        if (res?.ok) {
            return;
        }

        if (web.child.exitCode !== null) {
            break;
        }

        await sleep(50);
    }

    throw new Error(`web instance at ${web.uri} did not start:\n${web.output()}`);
};

const stop = async (processes: (CoreProcess | undefined)[]) => {

    for (const child of processes) {
        if (child && child.child.exitCode === null && child.child.signalCode === null) {
            child.child.kill('SIGTERM');
            await child.exited;
        }
    }
};


describe(missing.length ? `${title} (skipped: needs ${missing.join(' and ')})` : title, { skip: missing.length > 0 }, () => {

    const schema = `test_deploy_${Crypto.randomBytes(4).toString('hex')}`;
    const keyPrefix = uniqueKeyPrefix();
    const dataDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-deploy-'));
    let coreA: CoreProcess;
    let coreB: CoreProcess;
    let webA: CoreProcess;
    let webB: CoreProcess;
    let a: string;
    let b: string;

    before({ timeout: 60_000 }, async () => {

        const { Client: PgClient } = require('pg');

        const pg = new PgClient({ connectionString: pgUrl });
        await pg.connect();
        await pg.query(`CREATE SCHEMA ${schema}`);
        await pg.end();

        const coreEnv = {
            ...fastHashing,
            DATABASE_URL: `${pgUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
            CORE_API_KEYS: apiKey
        };

        [coreA, coreB] = await Promise.all([spawnCore(coreEnv), spawnCore(coreEnv)]);
        await Promise.all([waitForHello(coreA, 30_000), waitForHello(coreB, 30_000)]);

        // The same settings for both instances, as behind a load balancer; only the port differs.
        const webEnv = (port: number, core: CoreProcess) => ({
            NODE_ENV: 'test',
            HOST: '127.0.0.1',
            PORT: String(port),
            API_DOMAIN: 'http://staffgate.test',
            SUPERTOKENS_CONNECTION_URI: core.uri,
            SUPERTOKENS_API_KEY: apiKey,
            REDIS_URL: testRedisUrl,
            REDIS_KEY_PREFIX: keyPrefix,
            TRUSTED_PROXIES: '127.0.0.1',
            RATE_LIMITS: 'on',
            RATE_LIMIT_SIGNIN: '5',
            MFA: 'off',
            SIGNUP: 'open',
            ADMIN_EMAILS: adminEmail,
            DATA_DIR: dataDir
        });

        const [portA, portB] = [await freePort(), await freePort()];
        [webA, webB] = await Promise.all([spawnCore(webEnv(portA, coreA), 'server/index.ts'), spawnCore(webEnv(portB, coreB), 'server/index.ts')]);
        webA = { ...webA, uri: `http://127.0.0.1:${portA}` };
        webB = { ...webB, uri: `http://127.0.0.1:${portB}` };
        await Promise.all([waitForLive(webA), waitForLive(webB)]);
        [a, b] = [webA.uri, webB.uri];

        // The test's own SDK, for what only a mail link would give (an email verification token).
        initSdk(coreB.uri, { apiKey, recipeList: [EmailPassword.init(), EmailVerification.init({ mode: 'OPTIONAL' }), Session.init()] });
    });

    after({ timeout: 30_000 }, async () => {

        resetSdk();
        await stop([webA, webB, coreA, coreB]);
        await dropSchema(schema);
        await deleteKeys(keyPrefix);
        Fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('a session made through web A works and refreshes through web B', async () => {

        const client = new Client('203.0.113.1');
        const signUp = await client.post(a, '/auth/signup', credentials('roaming@example.com'));
        expect(JSON.parse(signUp.text).status, signUp.text).to.equal('OK');

        expect((await client.get(b, '/dashboard')).status).to.equal(200);
        const firstToken = client.cookies.get('sAccessToken')!.value;
        const refreshed = await client.post(b, '/auth/session/refresh', {});
        expect(refreshed.status, refreshed.text).to.equal(200);
        expect(client.cookies.get('sAccessToken')!.value).to.not.equal(firstToken);
        expect((await client.get(a, '/dashboard')).status).to.equal(200);
        expect((await client.post(a, '/auth/session/refresh', {})).status).to.equal(200);
    });

    it('a sign-in limit reached through web A holds on web B', async () => {

        const client = new Client('203.0.113.50');
        for (let i = 0; i < 5; ++i) {
            const res = await client.post(a, '/auth/signin', credentials('nobody@example.com'));
            expect(JSON.parse(res.text).status).to.equal('WRONG_CREDENTIALS_ERROR');
        }

        const refused = await client.post(b, '/auth/signin', credentials('nobody@example.com'));
        expect(refused.status).to.equal(429);
        expect(Number(refused.headers.get('retry-after'))).to.be.within(1, 60);
        expect(JSON.parse(refused.text).status).to.equal('RATE_LIMITED');
        expect((await client.post(a, '/auth/signin', credentials('nobody@example.com'))).status).to.equal(429);
        expect((await new Client('203.0.113.51').post(b, '/auth/signin', credentials('nobody@example.com'))).status).to.equal(200);
    });

    it('a revocation through web A is in force on web B at the next request', async () => {

        const laptop = new Client('203.0.113.2');
        const phone = new Client('203.0.113.3');
        expect(JSON.parse((await laptop.post(a, '/auth/signup', credentials('two.devices@example.com'))).text).status).to.equal('OK');
        expect(JSON.parse((await phone.post(b, '/auth/signin', credentials('two.devices@example.com'))).text).status).to.equal('OK');
        expect((await phone.get(b, '/dashboard')).status).to.equal(200);

        // The laptop, through A, signs out every other session.
        const dashboard = await laptop.get(a, '/dashboard');
        const revoked = await laptop.post(a, '/dashboard/sessions/revoke-others', `crumb=${encodeURIComponent(crumbOf(dashboard.text))}`);
        expect(revoked.status, revoked.text).to.equal(302);

        const next = await phone.get(b, '/dashboard');
        expect(next.status).to.equal(302);
        expect(next.headers.get('location') ?? '').to.startWith('/auth?');
        expect((await phone.post(b, '/auth/session/refresh', {})).status).to.equal(401);

        // The laptop signs out through A; its cookies, replayed on B, open nothing.
        const replay = laptop.copy();
        expect((await laptop.post(a, '/auth/signout', {})).status).to.equal(200);
        expect((await replay.get(b, '/dashboard')).status).to.equal(302);
        expect((await replay.post(b, '/auth/session/refresh', {})).status).to.equal(401);
    });

    it('a ban through web A is in force on web B at the next request', async () => {

        const user = new Client('203.0.113.4');
        const signUp = await user.post(b, '/auth/signup', credentials('to.ban@example.com'));
        const userId = JSON.parse(signUp.text).user.id as string;

        // The first admin (ADMIN_EMAILS), verified through A as the mail link would.
        const admin = new Client('203.0.113.5');
        const adminId = JSON.parse((await admin.post(a, '/auth/signup', credentials(adminEmail))).text).user.id as string;
        const token = await EmailVerification.createEmailVerificationToken('public', new RecipeUserId(adminId), adminEmail);
        expect(token.status).to.equal('OK');
        const verified = await admin.post(a, '/auth/user/email/verify', { method: 'token', token: (token as { token: string }).token });
        expect(JSON.parse(verified.text).status, verified.text).to.equal('OK');

        const page = await admin.get(a, `/admin/users/${encodeURIComponent(userId)}`);
        expect(page.status, page.text.slice(0, 300)).to.equal(200);
        const banned = await admin.post(a, `/admin/users/${encodeURIComponent(userId)}/ban`, `crumb=${encodeURIComponent(crumbOf(page.text))}&reason=left`);
        expect(banned.status, banned.text.slice(0, 300)).to.equal(302);

        expect((await user.get(b, '/dashboard')).status).to.equal(302);
        expect((await user.post(b, '/auth/session/refresh', {})).status).to.equal(401);
        const again = await new Client('203.0.113.4').post(b, '/auth/signin', credentials('to.ban@example.com'));
        expect(JSON.parse(again.text).status).to.not.equal('OK');
    });

    it('with one core killed, its instance says it is not ready and the other keeps serving, sessions included', async () => {

        const client = new Client('203.0.113.20');
        expect(JSON.parse((await client.post(a, '/auth/signup', credentials('before.kill@example.com'))).text).status).to.equal('OK');

        coreA.child.kill('SIGKILL');
        await coreA.exited;

        // The load balancer's health check takes web A out.
        expect((await fetch(`${a}/health/ready`)).status).to.equal(503);
        expect((await fetch(`${b}/health/ready`)).status).to.equal(200);

        // Web B, on the other core, goes on: the session made through A, and new ones.
        expect((await client.get(b, '/dashboard')).status).to.equal(200);
        expect((await client.post(b, '/auth/session/refresh', {})).status).to.equal(200);
        expect((await client.get(b, '/dashboard')).status).to.equal(200);
        for (let i = 0; i < 3; ++i) {
            const other = new Client(`203.0.113.${30 + i}`);
            expect(JSON.parse((await other.post(b, '/auth/signup', credentials(`after.kill.${i}@example.com`))).text).status).to.equal('OK');
            expect(JSON.parse((await other.post(b, '/auth/signin', credentials(`after.kill.${i}@example.com`))).text).status).to.equal('OK');
        }

        // Web A itself answers its clients 503 (not a 500) until its core is back.
        expect((await new Client('203.0.113.40').post(a, '/auth/signin', credentials('before.kill@example.com'))).status).to.equal(503);
    });
});
