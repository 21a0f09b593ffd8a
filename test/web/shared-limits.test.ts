import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { loadConfig } from '../../server/config';
import { addressLimiter } from '../../server/web/auth/reset-mail-limit';
import { LimiterUnavailableError } from '../../server/web/limits';
import { redisAddress, redisLimiterStore } from '../../server/web/limits/redis';
import { limitsUnavailableMessage, rateLimitMessage, rulesFor, unavailableRetryAfterSeconds } from '../../server/web/plugins/rate-limits';
import { createWebServer } from '../../server/web/server';
import { resetSdk } from '../helpers/sdk';
import { sleep } from '../helpers/session-tools';
import { captureLimitsLog, connectedClients, deleteKeys, hasRedis, redisSuite, TcpProxy, testRedisUrl, uniqueKeyPrefix } from '../helpers/redis';
import { startTestApp, type TestApp } from '../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const apiKey = `shared-limits-${'k'.repeat(24)}`;

const signIn = (app: TestApp, remoteAddress: string) => {

    return app.web.inject({
        method: 'POST',
        url: '/auth/signin',
        headers: { rid: 'anti-csrf' },
        remoteAddress,
        payload: { formFields: [{ id: 'email', value: 'nobody@example.com' }, { id: 'password', value: 'a long enough password' }] }
    });
};

const signUp = (app: TestApp, remoteAddress: string, email: string) => {

    return app.web.inject({
        method: 'POST',
        url: '/auth/signup',
        headers: { rid: 'anti-csrf' },
        remoteAddress,
        payload: { formFields: [{ id: 'email', value: email }, { id: 'password', value: 'a long enough password 1' }] }
    });
};

/** Polls `attempt` (real time: ioredis reconnects on its own schedule) until it returns true. */
const eventually = async (attempt: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> => {

    const started = Date.now();
    while (!await attempt()) {
        if (Date.now() - started > timeoutMs) {
            throw new Error(`not within ${timeoutMs} ms`);
        }

        await sleep(100);
    }
};


describe('redisAddress()', () => {

    it('keeps the scheme, host, port and database, never the user or password', () => {

        expect(redisAddress('redis://staffgate:s3cret-pw@cache.internal:6380/2')).to.equal('redis://cache.internal:6380/2');
        expect(redisAddress('rediss://:s3cret-pw@cache.internal')).to.equal('rediss://cache.internal');
        expect(redisAddress('redis://cache.internal:6379/')).to.equal('redis://cache.internal:6379');
    });
});


describe(redisSuite('Rate limits shared in Redis (REDIS_URL)'), { skip: !hasRedis }, () => {

    const keyPrefix = uniqueKeyPrefix();

    after(() => deleteKeys(keyPrefix));

    describe('two instances', () => {

        let appA: TestApp;
        let appB: TestApp;

        before(async () => {

            // One core for both, as in a deployment (supertokens-node is one per process: both instances share its settings).
            const env = { RATE_LIMITS: 'on', RATE_LIMIT_SIGNIN: '3', REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: keyPrefix, CORE_API_KEYS: apiKey };
            appA = await startTestApp(env);
            appB = await startTestApp({ ...env, SUPERTOKENS_CONNECTION_URI: appA.core!.uri, SUPERTOKENS_API_KEY: apiKey });
        });

        after(async () => {

            await appA?.destroy();
            await appB?.destroy();
        });

        it('enforce one sign-in limit: what one instance allowed counts on the other', async () => {

            expect((await signIn(appA, '203.0.113.7')).statusCode).to.equal(200);
            expect((await signIn(appB, '203.0.113.7')).statusCode).to.equal(200);
            expect((await signIn(appA, '203.0.113.7')).statusCode).to.equal(200);

            for (const app of [appB, appA]) {
                const res = await signIn(app, '203.0.113.7');
                expect(res.statusCode).to.equal(429);
                const retryAfter = Number(res.headers['retry-after']);
                expect(retryAfter).to.be.within(1, 60);
                expect(JSON.parse(res.payload)).to.equal({ status: 'RATE_LIMITED', message: rateLimitMessage(rulesFor(appA.config.web.rateLimitsPerMinute).signin!, retryAfter) });
            }

            expect((await signIn(appB, '203.0.113.8')).statusCode).to.equal(200);               // another client
        });

        it('count an IPv6 client by its /64 on both', async () => {

            expect((await signIn(appA, '2001:db8:1:2::1')).statusCode).to.equal(200);
            expect((await signIn(appB, '2001:db8:1:2::2')).statusCode).to.equal(200);
            expect((await signIn(appA, '2001:db8:1:2:aaaa::3')).statusCode).to.equal(200);
            expect((await signIn(appB, '2001:db8:1:2:ffff::4')).statusCode).to.equal(429);
        });

        it('hold one Redis connection each, closed when the server stops', async () => {

            const connected = await connectedClients(`staffgate-limits:${keyPrefix}`);
            expect(connected).to.be.at.least(2);
            await appB.destroy();
            expect(await connectedClients(`staffgate-limits:${keyPrefix}`)).to.equal(connected - 1);
            appB = await startTestApp({ RATE_LIMITS: 'on', RATE_LIMIT_SIGNIN: '3', REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: keyPrefix, SUPERTOKENS_CONNECTION_URI: appA.core!.uri, SUPERTOKENS_API_KEY: apiKey });
        });
    });

    it('counts per-address mail across instances: at most three reset emails to one address in all', async () => {

        const [storeA, storeB] = [await redisLimiterStore({ url: testRedisUrl, keyPrefix }), await redisLimiterStore({ url: testRedisUrl, keyPrefix })];
        try {
            const options = { max: 3, windowMs: 60_000 };
            const [allowA, allowB] = [addressLimiter(options, storeA, 'mail:reset'), addressLimiter(options, storeB, 'mail:reset')];
            const verdicts = [await allowA('ann@example.com'), await allowB('Ann@Example.com'), await allowA('ann@example.com'), await allowB('ann@example.com'), await allowA('ann@example.com')];
            expect(verdicts).to.equal(['ok', 'ok', 'ok', 'over-limit', 'over-limit']);
            expect(await allowB('bob@example.com')).to.equal('ok');
        }
        finally {
            await storeA.close();
            await storeB.close();
        }
    });

    describe('Redis unreachable', () => {

        let proxy: TcpProxy;
        let app: TestApp;
        let log: ReturnType<typeof captureLimitsLog>;

        before(async () => {

            proxy = new TcpProxy(testRedisUrl);
            const port = await proxy.listen();
            log = captureLimitsLog();
            // A password Redis does not ask for (ioredis goes on without it) that must never reach a log line.
            app = await startTestApp({ RATE_LIMITS: 'on', REDIS_URL: `redis://:pw-not-to-log@127.0.0.1:${port}`, REDIS_KEY_PREFIX: keyPrefix });
        });

        after(async () => {

            log?.restore();
            await app?.destroy();
            await proxy?.close();
        });

        it('refuses sign-in and reset with 503 and a clear message, limits sign-up per instance, logs it once, and recovers', async () => {

            expect((await signIn(app, '198.51.100.20')).statusCode).to.equal(200);

            proxy.cut();
            for (let i = 0; i < 3; ++i) {
                const res = await signIn(app, '198.51.100.20');
                expect(res.statusCode).to.equal(503);
                expect(res.headers['retry-after']).to.equal(String(unavailableRetryAfterSeconds));
                expect(JSON.parse(res.payload)).to.equal({ status: 'RATE_LIMIT_UNAVAILABLE', message: limitsUnavailableMessage({ name: 'sign-in' }) });
            }

            expect(limitsUnavailableMessage({ name: 'sign-in' })).to.equal('Sign-in is unavailable for a moment: the server cannot check its limits. Try again in a minute.');
            const reset = await app.web.inject({
                method: 'POST',
                url: '/auth/user/password/reset/token',
                headers: { rid: 'anti-csrf' },
                remoteAddress: '198.51.100.20',
                payload: { formFields: [{ id: 'email', value: 'someone@example.com' }] }
            });
            expect(reset.statusCode).to.equal(503);

            // Sign-up fails open to a limit per instance (20 a minute).
            const signUps = [];
            for (let i = 0; i < 21; ++i) {
                signUps.push((await signUp(app, '198.51.100.21', `new${i}@example.com`)).statusCode);
            }

            expect(signUps.slice(0, 20)).to.equal(Array(20).fill(200));
            expect(signUps[20]).to.equal(429);

            const outage = log.lines.filter((line) => line.includes('unreachable'));
            expect(outage).to.have.length(1);
            expect(outage[0]).to.include(`Redis at redis://127.0.0.1:`);
            expect(log.lines.join('\n')).to.not.include('pw-not-to-log');

            proxy.restore();
            await eventually(async () => (await signIn(app, '198.51.100.20')).statusCode === 200);
            expect(log.lines.filter((line) => line.includes('reachable again'))).to.have.length(1);
            expect(log.lines.join('\n')).to.not.include('pw-not-to-log');
        });
    });

    it('closes a store whose Redis never answered, and one whose web server could not be built', async () => {

        const proxy = new TcpProxy(testRedisUrl);
        const port = await proxy.listen();
        proxy.cut();
        const log = captureLimitsLog();
        try {
            const store = await redisLimiterStore({ url: `redis://127.0.0.1:${port}`, keyPrefix });
            await expect(store.limiter('x', { limit: 1, windowMs: 1000 }, 'refuse').hit('k')).to.reject(LimiterUnavailableError);
            await store.close();
        }
        finally {
            log.restore();
            await proxy.close();
        }

        const connected = await connectedClients(`staffgate-limits:${keyPrefix}`);
        resetSdk();
        const web = { ...loadConfig({ NODE_ENV: 'test', PORT: '0', REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: keyPrefix }).web, secure: 'yes' as never };
        await expect(createWebServer({ web, core: { uri: 'http://127.0.0.1:1', apiKey: undefined } })).to.reject(/Invalid staffgate\/web options/);
        expect(await connectedClients(`staffgate-limits:${keyPrefix}`)).to.equal(connected);
    });

    it('starts while Redis is down, refusing sign-in until it answers', async () => {

        const proxy = new TcpProxy(testRedisUrl);
        const port = await proxy.listen();
        proxy.cut();
        const log = captureLimitsLog();
        const app = await startTestApp({ RATE_LIMITS: 'on', REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_KEY_PREFIX: keyPrefix });
        try {
            expect((await signIn(app, '198.51.100.30')).statusCode).to.equal(503);
            expect(log.lines.filter((line) => line.includes('unreachable'))).to.have.length(1);
            proxy.restore();
            await eventually(async () => (await signIn(app, '198.51.100.30')).statusCode === 200);
        }
        finally {
            log.restore();
            await app.destroy();
            await proxy.close();
        }
    });
});
