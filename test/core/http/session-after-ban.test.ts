import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestCore, testAdapters, type TestCore } from '../../helpers/core';
import { createSession, post, refreshSession, signUp, verifyAccessToken } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


for (const adapter of testAdapters()) {

    describe(`a session created in the moment after a ban (HTTP, ${adapter})`, () => {

        let core: TestCore;

        before(async () => {

            core = await startTestCore({ adapter });
        });

        after(async () => {

            await core.destroy();
        });

        it('refreshes neither with its first token nor with a later one, and fails a database check', async () => {

            const user = await signUp(core.uri, `banned-${adapter}@example.com`);
            const earlier = await createSession(core.uri, user.id);
            const child = await refreshSession(core.uri, earlier.refreshToken.token);
            expect(child.status).to.equal('OK');

            expect((await post(core.uri, '/staffgate/ban', { userId: user.id })).json.status).to.equal('OK');
            expect(await refreshSession(core.uri, child.refreshToken.token)).to.equal({ status: 'UNAUTHORISED', message: 'Session missing in db or has expired' });

            // The core trusts its caller and does not check bans at creation; the ban still holds at every use.
            const afterBan = await createSession(core.uri, user.id);
            expect(await refreshSession(core.uri, afterBan.refreshToken.token)).to.equal({ status: 'UNAUTHORISED', message: 'User is banned' });
            expect((await verifyAccessToken(core.uri, afterBan.accessToken.token, true)).status).to.equal('UNAUTHORISED');

            expect((await post(core.uri, '/staffgate/unban', { userId: user.id })).json.status).to.equal('OK');
            const next = await refreshSession(core.uri, afterBan.refreshToken.token);
            expect(next.status).to.equal('OK');
            expect((await post(core.uri, '/staffgate/ban', { userId: user.id })).json.status).to.equal('OK');
            const later = await createSession(core.uri, user.id);
            const laterChild = await refreshSession(core.uri, later.refreshToken.token);
            expect(laterChild).to.equal({ status: 'UNAUTHORISED', message: 'User is banned' });
        });
    });
}
