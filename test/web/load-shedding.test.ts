import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestApp, type TestApp } from '../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('load shedding (hapi load limits, LOAD_*)', () => {

    let app: TestApp;

    before(async () => {

        // A heap limit of 1 MiB is always exceeded: every request after the first sample is shed.
        app = await startTestApp({ LOAD_SAMPLE_INTERVAL: '5', LOAD_MAX_HEAP_MB: '1' });
    });

    after(async () => {

        await app.destroy();
    });

    it('answers 503 at once when over a limit, instead of queueing the request', async () => {

        expect(app.web.settings.load).to.include({ sampleInterval: 5, maxHeapUsedBytes: 1024 * 1024, maxEventLoopDelay: 200 });
        while (app.web.load.heapUsed === 0) {                   // the first sample: not a timing assertion
            await new Promise((resolve) => setTimeout(resolve, 5));
        }

        const res = await app.web.inject('/health/live');
        expect(res.statusCode).to.equal(503);
        expect(JSON.parse(res.payload).message).to.equal('Server under heavy load (heap)');
    });
});
