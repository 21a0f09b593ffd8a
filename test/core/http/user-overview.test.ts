import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestCore, testAdapters, type TestCore } from '../../helpers/core';
import { createSession, get, post, refreshSession, signUp } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('GET /staffgate/user-overview', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            let core: TestCore;

            before(async () => {

                core = await startTestCore({ adapter });
            });

            after(async () => {

                await core.destroy();
            });

            it('answers each part exactly as its own endpoint does, in one call', async () => {

                const user = await signUp(core.uri, 'overview@example.com');
                const first = await createSession(core.uri, user.id);
                await createSession(core.uri, user.id);
                await refreshSession(core.uri, first.refreshToken.token);
                expect((await post(core.uri, '/public/recipe/signin', { email: 'overview@example.com', password: 'wrong password' })).json.status).to.equal('WRONG_CREDENTIALS_ERROR');
                expect((await post(core.uri, '/staffgate/ban', { userId: user.id, reason: 'left the company' })).json.status).to.equal('OK');

                const userId = encodeURIComponent(user.id);
                const overview = await get(core.uri, `/staffgate/user-overview?userId=${userId}&auditLimit=2&refreshLimit=10`);
                expect(overview.status).to.equal(200);
                expect(overview.json.status).to.equal('OK');

                const own = async (path: string) => (await get(core.uri, path)).json;
                expect(overview.json.ban).to.equal(await own(`/staffgate/ban?userId=${userId}`));
                expect(overview.json.ban).to.include({ banned: true, reason: 'left the company' });
                expect(overview.json.lockout).to.equal(await own(`/staffgate/lockout?userId=${userId}`));
                expect(overview.json.lockout.failures).to.equal(1);
                expect(overview.json.audit).to.equal(await own(`/staffgate/audit?userId=${userId}&limit=2`));
                expect(overview.json.audit.events).to.have.length(2);
                expect(overview.json.audit.nextCursor).to.exist();
                expect(overview.json.refreshes).to.equal(await own(`/staffgate/audit?userId=${userId}&event=refresh&limit=10`));
                expect(overview.json.refreshes.events.map((event: { details: { sessionHandle: string } }) => event.details.sessionHandle)).to.equal([first.session.handle]);
                expect(overview.json.twoFactor).to.equal(await own(`/staffgate/two-factor?userId=${userId}`));
                expect(overview.json.sessionEnds).to.equal(await own(`/staffgate/sessions/ends?userId=${userId}`));
                expect(overview.json.sessionEnds.sessions).to.equal([]);                   // the ban ended both sessions
            });

            it('reads 25 audit events and 500 refreshes unless told, and refuses bad input with a 400 that says why', async () => {

                const user = await signUp(core.uri, 'overview.defaults@example.com');
                const overview = await get(core.uri, `/staffgate/user-overview?userId=${encodeURIComponent(user.id)}`);
                expect(overview.json.audit).to.equal((await get(core.uri, `/staffgate/audit?userId=${encodeURIComponent(user.id)}&limit=25`)).json);

                const missing = await get(core.uri, '/staffgate/user-overview');
                expect(missing.status).to.equal(400);
                expect(missing.text).to.contain('userId');
                for (const bad of ['auditLimit=0', 'auditLimit=501', 'refreshLimit=many', 'refreshLimit=-1']) {
                    const res = await get(core.uri, `/staffgate/user-overview?userId=u&${bad}`);
                    expect(res.status, bad).to.equal(400);
                    expect(res.text, bad).to.contain('must be an integer from 1 to 500');
                }
            });
        });
    }
});
