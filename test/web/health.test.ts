import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import SuperTokens from 'supertokens-node';

import { startTestApp, type TestApp } from '../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('web health probes', () => {

    let app: TestApp;

    before(async () => {

        app = await startTestApp();
    });

    after(() => app.destroy());

    const withUserCount = async (count: typeof SuperTokens.getUserCount, check: () => Promise<void>) => {

        const original = SuperTokens.getUserCount;
        SuperTokens.getUserCount = count;
        try {
            await check();
        }
        finally {
            SuperTokens.getUserCount = original;
        }
    };

    it('answers live, and ready while the core answers', async () => {

        const live = await app.web.inject('/health/live');
        expect(live.statusCode).to.equal(200);
        expect(live.result).to.equal({ status: 'ok' });

        const ready = await app.web.inject('/health/ready');
        expect(ready.statusCode).to.equal(200);
        expect(ready.result).to.equal({ status: 'ok', core: 'ok' });
    });

    it('answers 503 when the core does not answer', async () => {

        await withUserCount(() => Promise.reject(new Error('No SuperTokens core available to query')), async () => {

            const res = await app.web.inject('/health/ready');
            expect(res.statusCode).to.equal(503);
            expect(res.result).to.equal({ status: 'unavailable', core: 'unreachable' });
        });
    });

    it('answers a bug in the check with a 500, not with "core unreachable"', async () => {

        await withUserCount(() => Promise.reject(new TypeError('undefined is not a function')), async () => {

            const res = await app.web.inject('/health/ready');
            expect(res.statusCode).to.equal(500);
        });
    });
});
