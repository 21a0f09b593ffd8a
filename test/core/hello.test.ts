import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestCore, type TestCore } from '../helpers/core';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('GET /hello', () => {

    let core: TestCore;

    before(async () => {

        core = await startTestCore();
    });

    after(async () => {

        await core.destroy();
    });

    it('answers Hello as text over a real socket', async () => {

        const res = await fetch(`${core.uri}/hello`);
        expect(res.status).to.equal(200);
        expect(res.headers.get('content-type')).to.equal('text/html; charset=UTF-8');
        expect(await res.text()).to.equal('Hello\n');
    });
});

describe('the core on IPv6 loopback', () => {

    it('gives a URI with the address in brackets, which answers', async () => {

        const core = await startTestCore({ env: { CORE_HOST: '::1' } });
        try {
            expect(core.uri).to.match(/^http:\/\/\[::1\]:\d+$/);
            expect(await (await fetch(`${core.uri}/hello`)).text()).to.equal('Hello\n');
        }
        finally {
            await core.destroy();
        }
    });
});
