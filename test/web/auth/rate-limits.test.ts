import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { defaultRules, endpointOf, rateLimitMessage, SlidingWindowLimiter } from '../../../server/web/plugins/rate-limits';
import { captureMailLog } from '../../helpers/outbox';
import { startTestApp, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const credentials = (email: string) => ({ formFields: [{ id: 'email', value: email }, { id: 'password', value: 'a long enough password' }] });


describe('Rate limits', () => {

    describe('SlidingWindowLimiter', () => {

        it('allows `limit` hits per window and says how long until the next one is allowed', () => {

            let now = 10_000;
            const limiter = new SlidingWindowLimiter({ now: () => now });
            const rule = { limit: 3, windowMs: 1000 };

            expect(limiter.hit('k', rule)).to.equal(0);
            now += 100;
            expect(limiter.hit('k', rule)).to.equal(0);
            expect(limiter.hit('k', rule)).to.equal(0);
            expect(limiter.hit('k', rule)).to.equal(900);           // the first hit leaves the window at 11 000
            expect(limiter.hit('other', rule)).to.equal(0);

            now = 10_999;
            expect(limiter.hit('k', rule)).to.equal(1);
            now = 11_000;
            expect(limiter.hit('k', rule)).to.equal(0);             // sliding: one slot came free
            expect(limiter.hit('k', rule)).to.equal(100);
        });

        it('does not count refused hits, so waiting as told is enough', () => {

            let now = 0;
            const limiter = new SlidingWindowLimiter({ now: () => now });
            const rule = { limit: 1, windowMs: 1000 };

            expect(limiter.hit('k', rule)).to.equal(0);
            for (let i = 0; i < 10; ++i) {
                now += 50;
                expect(limiter.hit('k', rule)).to.be.above(0);
            }

            now = 1000;
            expect(limiter.hit('k', rule)).to.equal(0);
        });

        it('forgets the least recently used keys beyond maxKeys, and stale ones', () => {

            let now = 0;
            const limiter = new SlidingWindowLimiter({ now: () => now, maxKeys: 2 });
            const rule = { limit: 1, windowMs: 1000 };

            limiter.hit('a', rule);
            limiter.hit('b', rule);
            limiter.hit('c', rule);
            expect(limiter.size).to.equal(2);
            expect(limiter.hit('a', rule)).to.equal(0);              // forgotten, so allowed again
            expect(limiter.hit('c', rule)).to.be.above(0);

            now = 5000;
            limiter.hit('d', rule);
            expect(limiter.size).to.equal(1);
        });
    });

    describe('rateLimitMessage', () => {

        it('says how long to wait, in seconds', () => {

            expect(rateLimitMessage(defaultRules.signin!, 1)).to.equal('Too many sign-in attempts from your network. Try again in 1 second.');
            expect(rateLimitMessage(defaultRules['user/password/reset/token']!, 42)).to.equal('Too many password reset email attempts from your network. Try again in 42 seconds.');
        });
    });

    describe('endpointOf', () => {

        const of = (path: string) => endpointOf({ url: new URL(`http://localhost${path}`) }, '/auth', defaultRules);

        it('finds the endpoint with or without a tenant, a trailing slash, repeated slashes or percent-encoding', () => {

            expect(of('/auth/signin')).to.equal('signin');
            expect(of('/auth/signin/')).to.equal('signin');
            expect(of('//auth//signin')).to.equal('signin');
            expect(of('/auth/public/signin')).to.equal('signin');
            expect(of('/auth/sign%69n')).to.equal('signin');
            expect(of('/auth/user/password/reset/token')).to.equal('user/password/reset/token');
            expect(of('/auth/public/user/password/reset')).to.equal('user/password/reset');
        });

        it('leaves other paths alone', () => {

            expect(of('/auth/signout')).to.be.undefined();
            expect(of('/auth/session/refresh')).to.be.undefined();
            expect(of('/signin')).to.be.undefined();
            expect(of('/auth/a/b/signin')).to.be.undefined();
            expect(of('/auth/%E0%A4%A')).to.be.undefined();
            expect(of('/auth/constructor')).to.be.undefined();
            expect(of('/auth/public/__proto__')).to.be.undefined();
        });
    });

    describe('RATE_LIMITS=on', () => {

        let app: TestApp;
        let restoreLog: () => void;

        before(async () => {

            restoreLog = captureMailLog().restore;
            app = await startTestApp({ RATE_LIMITS: 'on', RATE_LIMIT_SIGNIN: '10', RATE_LIMIT_SIGNUP: '10', RATE_LIMIT_RESET_EMAIL: '5', RATE_LIMIT_RESET: '5' });
        });

        after(async () => {

            await app.destroy();
            restoreLog();
        });

        const post = (url: string, payload: object, remoteAddress: string) => app.browser().request({ method: 'POST', url, payload, headers: { rid: 'anti-csrf' }, remoteAddress });

        it('answers the 11th sign-in within a minute from one IP with 429, Retry-After and a JSON message', async () => {

            const ip = '203.0.113.10';
            for (let i = 0; i < 10; ++i) {
                const res = await post('/auth/signin', credentials('nobody@example.com'), ip);
                expect(res.statusCode).to.equal(200);
                expect(JSON.parse(res.payload).status).to.equal('WRONG_CREDENTIALS_ERROR');
            }

            for (const url of ['/auth/signin', '/auth/public/signin', '/auth/signin/']) {
                const res = await post(url, credentials('nobody@example.com'), ip);
                expect(res.statusCode, url).to.equal(429);
                const retryAfter = Number(res.headers['retry-after']);
                expect(retryAfter).to.be.within(1, 60);
                expect(res.headers['content-type'] as string).to.startWith('application/json');
                expect(JSON.parse(res.payload)).to.equal({ status: 'RATE_LIMITED', message: rateLimitMessage(defaultRules.signin!, retryAfter) });
            }

            // Another IP, and another endpoint from the same IP, have their own allowance.
            expect((await post('/auth/signin', credentials('nobody@example.com'), '203.0.113.11')).statusCode).to.equal(200);
            expect(JSON.parse((await post('/auth/signup', credentials('fresh@example.com'), ip)).payload).status).to.equal('OK');
        });

        it('limits sign-up to 10 a minute per IP', async () => {

            const ip = '203.0.113.20';
            for (let i = 0; i < 10; ++i) {
                expect((await post('/auth/signup', credentials(`user${i}@example.com`), ip)).statusCode).to.equal(200);
            }

            expect((await post('/auth/signup', credentials('user10@example.com'), ip)).statusCode).to.equal(429);
        });

        it('limits password reset emails, and password resets, to 5 a minute per IP', async () => {

            const ip = '203.0.113.30';
            const email = { formFields: [{ id: 'email', value: 'nobody@example.com' }] };
            for (let i = 0; i < 5; ++i) {
                expect((await post('/auth/user/password/reset/token', email, ip)).statusCode).to.equal(200);
            }

            const refused = await post('/auth/user/password/reset/token', email, ip);
            expect(refused.statusCode).to.equal(429);
            expect(JSON.parse(refused.payload).message as string).to.startWith('Too many password reset email attempts');

            const reset = { method: 'token', token: 'not-a-token', formFields: [{ id: 'password', value: 'a long enough password' }] };
            for (let i = 0; i < 5; ++i) {
                expect((await post('/auth/user/password/reset', reset, ip)).statusCode).to.equal(200);
            }

            expect((await post('/auth/user/password/reset', reset, ip)).statusCode).to.equal(429);
        });

        it('does not limit other requests', async () => {

            const ip = '203.0.113.40';
            for (let i = 0; i < 12; ++i) {
                expect((await app.browser().request({ method: 'GET', url: '/health/live', remoteAddress: ip })).statusCode).to.equal(200);
                expect((await post('/auth/signout', {}, ip)).statusCode).to.not.equal(429);
            }
        });
    });

    describe('RATE_LIMITS=off', () => {

        it('lets every request through', async () => {

            const app = await startTestApp();
            try {
                expect(app.config.web.rateLimits).to.be.false();
                for (let i = 0; i < 12; ++i) {
                    const res = await app.browser().post('/auth/signin', credentials('nobody@example.com'));
                    expect(res.statusCode).to.equal(200);
                }
            }
            finally {
                await app.destroy();
            }
        });
    });
});
