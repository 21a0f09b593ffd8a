import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestCore, testAdapters, type TestCore } from '../../helpers/core';
import { createSession, get, post } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('GET /staffgate/sessions/count', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            let core: TestCore;

            before(async () => {

                core = await startTestCore({ adapter });
            });

            after(async () => {

                await core.destroy();
            });

            it('counts live sessions, and no longer counts a revoked one', async () => {

                const count = async () => (await get(core.uri, '/staffgate/sessions/count')).json.count;
                expect(await count()).to.equal(0);
                const first = await createSession(core.uri, 'user-a');
                await createSession(core.uri, 'user-b');
                expect(await count()).to.equal(2);

                await post(core.uri, '/recipe/session/remove', { sessionHandles: [first.session.handle] });
                expect(await count()).to.equal(1);
            });
        });
    }
});
