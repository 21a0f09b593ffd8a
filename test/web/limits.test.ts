import * as Code from '@hapi/code';
import * as Hapi from '@hapi/hapi';
import * as Lab from '@hapi/lab';

import { addressLimiter, refusalLine } from '../../server/web/auth/reset-mail-limit';
import { LimiterUnavailableError, type LimiterStore } from '../../server/web/limits';
import { memoryLimiterStore } from '../../server/web/limits/memory';
import { limitsLog } from '../../server/web/limits/redis';
import { limitsUnavailableMessage, rateLimits, unavailableRetryAfterSeconds } from '../../server/web/plugins/rate-limits';
import { defaultRateLimits } from '../../server/config';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;

/** A store whose every hit fails with `error`. */
const failingStore = (error: Error): LimiterStore => ({
    limiter: () => ({ hit: () => Promise.reject(error) }),
    close: async () => {}
});

const limitedServer = async (store?: LimiterStore) => {

    const server = Hapi.server();
    await server.register({ plugin: rateLimits, options: { enabled: true, perMinute: { ...defaultRateLimits, signin: 1 }, store } });
    server.route({ method: 'POST', path: '/auth/{p*}', handler: () => 'through' });
    return server;
};


describe('Limiter stores', () => {

    it('memory: limiters with one id share their counts, others have their own', async () => {

        const store = memoryLimiterStore({ now: () => 0 });
        const rule = { limit: 1, windowMs: 1000 };
        const [first, sameId, otherId] = [store.limiter('a', rule, 'refuse'), store.limiter('a', rule, 'refuse'), store.limiter('b', rule, 'refuse')];
        expect(await first.hit('k')).to.equal(0);
        expect(await sameId.hit('k')).to.equal(1000);
        expect(await otherId.hit('k')).to.equal(0);
        await store.close();
    });

    it('the rate limits count in memory without a store, and refuse with 503 when the store is unreachable', async () => {

        const own = await limitedServer();
        expect((await own.inject({ method: 'POST', url: '/auth/signin' })).payload).to.equal('through');
        expect((await own.inject({ method: 'POST', url: '/auth/signin' })).statusCode).to.equal(429);

        const down = await limitedServer(failingStore(new LimiterUnavailableError()));
        const res = await down.inject({ method: 'POST', url: '/auth/signin' });
        expect(res.statusCode).to.equal(503);
        expect(res.headers['retry-after']).to.equal(String(unavailableRetryAfterSeconds));
        expect(res.result).to.equal({ status: 'RATE_LIMIT_UNAVAILABLE', message: limitsUnavailableMessage({ name: 'sign-in' }) });
    });

    it('treat any other failure of the store as a bug (500), not as an outage', async () => {

        const broken = await limitedServer(failingStore(new TypeError('a bug')));
        expect((await broken.inject({ method: 'POST', url: '/auth/signin' })).statusCode).to.equal(500);
        await expect(addressLimiter({ max: 1, windowMs: 1000 }, failingStore(new TypeError('a bug')))('a@x')).to.reject(TypeError, 'a bug');
    });

    it('per-address throttles send nothing while the store is unreachable, and the log says why', async () => {

        expect(await addressLimiter({ max: 1, windowMs: 1000 }, failingStore(new LimiterUnavailableError()))('a@x')).to.equal('unavailable');
        expect(refusalLine('reset email', 'ann@example.com', 'unavailable')).to.equal('[mail] reset email to a***@example.com not sent: the rate-limit store is unreachable');
        expect(refusalLine('reset email', 'ann@example.com', 'over-limit')).to.equal('[mail] reset email to a***@example.com not sent: 3 already sent in 15 min');
    });

    it('log through the app\'s logger once one is set, else to the console', () => {

        const logger = limitsLog.logger;
        const original = console.warn;
        const lines: unknown[] = [];
        const logged: unknown[][] = [];
        console.warn = (line: unknown) => void lines.push(line);
        try {
            limitsLog.logger = undefined;
            limitsLog.sink('[rate-limits] a line');
            limitsLog.logger = { warn: (...args: unknown[]) => void logged.push(args) } as unknown as typeof limitsLog.logger;
            limitsLog.sink('[rate-limits] another line');
        }
        finally {
            console.warn = original;
            limitsLog.logger = logger;
        }

        expect(lines).to.equal(['[rate-limits] a line']);
        expect(logged).to.equal([[{ tags: ['rate-limits'] }, '[rate-limits] another line']]);
    });
});
