import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { choosePlan, drivenCap } from '../../../server/core/storage/user-list-sql';
import { startTestCore, testAdapters, testClock, type TestCore } from '../../helpers/core';
import { totpCode } from '../../helpers/totp';
import { createSession, get, post, put, signUp } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('Staffgate user list (GET /staffgate/users, /staffgate/users/count)', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            let core: TestCore;
            const clock = testClock();
            const ids: Record<string, string> = {};
            const name = (id: string) => Object.keys(ids).find((key) => ids[key] === id);

            const thirdParty = async (thirdPartyId: string, thirdPartyUserId: string, email: string) => {

                const res = await post(core.uri, '/public/recipe/signinup', { thirdPartyId, thirdPartyUserId, email: { id: email, isVerified: true } });
                expect(res.json.status).to.equal('OK');
                return res.json.user.id as string;
            };

            before(async () => {

                core = await startTestCore({ adapter, clock: clock.now, env: { CORE_LOCKOUT_THRESHOLD: '2' } });
                const emails = {
                    smith: 'james.smith@acme.test',
                    jane: 'jane.doe@acme.test',
                    percent: 'a%b@odd.test',
                    underscore: 'a_b@odd.test',
                    plain: 'axb@odd.test',
                    quote: 'say"hi"@odd.test'
                };

                for (const [key, email] of Object.entries(emails)) {
                    ids[key] = (await signUp(core.uri, email)).id;
                    clock.advance(1000);                    // distinct join times: a known order
                }

                ids.github = await thirdParty('github', 'gh-1', 'octo.smith@github.test');
                clock.advance(1000);
                ids.google = await thirdParty('google', 'go-1', 'g@google.test');
                clock.advance(1000);
                const code = (await post(core.uri, '/public/recipe/signinup/code', { phoneNumber: '+15550100' })).json;
                const consumed = await post(core.uri, '/public/recipe/signinup/code/consume', { preAuthSessionId: code.preAuthSessionId, linkCode: code.linkCode });
                ids.phone = consumed.json.user.id;

                // roles
                expect((await put(core.uri, '/recipe/role', { role: 'admin', permissions: [] })).status).to.equal(200);
                expect((await put(core.uri, '/recipe/role', { role: 'viewer', permissions: [] })).status).to.equal(200);
                for (const [key, role] of [['smith', 'admin'], ['smith', 'viewer'], ['jane', 'viewer']] as const) {
                    expect((await put(core.uri, '/public/recipe/user/role', { userId: ids[key], role })).json.status).to.equal('OK');
                }

                // banned, locked (two wrong passwords), signed in, two-factor
                expect((await post(core.uri, '/staffgate/ban', { userId: ids.percent })).json.status).to.equal('OK');
                for (let i = 0; i < 2; ++i) {
                    await post(core.uri, '/public/recipe/signin', { email: 'axb@odd.test', password: 'wrong password 1' });
                }

                clock.advance(1000);
                await createSession(core.uri, ids.jane!);
                const device = await post(core.uri, '/recipe/totp/device', { userId: ids.jane, skew: 1, period: 30 });
                expect((await post(core.uri, '/public/recipe/totp/device/verify', { userId: ids.jane, deviceName: 'TOTP Device 0', totp: totpCode(device.json.secret, clock.now()) })).json.status).to.equal('OK');
            });

            after(async () => {

                await core.destroy();
            });

            const list = async (query: string) => {

                const res = await get(core.uri, `/staffgate/users?${query}`);
                expect(res.status, `${query}: ${res.text}`).to.equal(200);
                return res.json as { users: any[]; nextCursor?: string; previousCursor?: string };
            };

            const names = async (query: string) => (await list(query)).users.map((user) => name(user.id));

            const count = async (query: string) => {

                const res = await get(core.uri, `/staffgate/users/count?${query}`);
                expect(res.status, res.text).to.equal(200);
                return res.json.count as number;
            };

            it('lists newest first by default, with roles, state and last sign-in', async () => {

                const page = await list('');
                expect(page.users.map((user) => name(user.id))).to.equal(['phone', 'google', 'github', 'quote', 'plain', 'underscore', 'percent', 'jane', 'smith']);
                expect(page.nextCursor).to.not.exist();
                expect(page.previousCursor).to.not.exist();
                const smith = page.users.find((user) => user.id === ids.smith);
                expect(smith).to.include({ email: 'james.smith@acme.test', recipeId: 'emailpassword', roles: ['admin', 'viewer'], banned: false, locked: false, twoFactor: false, verified: false });
                expect(smith.lastSignInAt).to.not.exist();
                const jane = page.users.find((user) => user.id === ids.jane);
                expect(jane).to.include({ twoFactor: true, roles: ['viewer'] });
                expect(jane.lastSignInAt).to.be.a.number();
                expect(page.users.find((user) => user.id === ids.percent).banned).to.be.true();
                expect(page.users.find((user) => user.id === ids.plain).locked).to.be.true();
                expect(page.users.find((user) => user.id === ids.github)).to.include({ recipeId: 'thirdparty', thirdParty: { id: 'github', userId: 'gh-1' }, verified: true });
                expect(page.users[0]).to.include({ recipeId: 'passwordless', phoneNumber: '+15550100', verified: true });
                expect(page.users[0].email).to.not.exist();
                expect(await count('')).to.equal(9);
            });

            it('finds any part of the email, case-insensitively, with the index (3+ characters) and without (1-2)', async () => {

                expect(await names('search=smith')).to.equal(['github', 'smith']);
                expect(await names('search=SMITH&order=asc')).to.equal(['smith', 'github']);
                expect(await count('search=smith')).to.equal(2);
                expect(await names('search=th')).to.equal(['github', 'smith']);
                expect(await count('search=th')).to.equal(2);
                expect(await names('search=nobody')).to.equal([]);
                expect(await count('search=zq')).to.equal(0);
            });

            it('takes % and _ literally, and double quotes too', async () => {

                expect(await names('search=a%25b')).to.equal(['percent']);
                expect(await names('search=a_b')).to.equal(['underscore']);
                expect(await names('search=_')).to.equal(['underscore']);
                expect(await count('search=%25')).to.equal(1);
                expect(await names('search=y%22hi%22')).to.equal(['quote']);
            });

            it('filters by role, state and sign-in method', async () => {

                expect(await names('role=viewer')).to.equal(['jane', 'smith']);
                expect(await count('role=admin')).to.equal(1);
                expect(await names('role=nobody')).to.equal([]);
                expect(await names('state=banned')).to.equal(['percent']);
                expect(await names('state=locked')).to.equal(['plain']);
                expect(await names('state=locked&search=odd')).to.equal(['plain']);
                expect(await names('state=banned&role=admin')).to.equal([]);
                expect(await count('state=unverified')).to.equal(6);
                expect(await names('state=noTwoFactor&search=acme')).to.equal(['smith']);
                expect(await names('method=thirdparty:github')).to.equal(['github']);
                expect(await count('method=emailpassword')).to.equal(6);
                expect(await names('method=passwordless')).to.equal(['phone']);
                expect(await names('role=viewer&search=jane&state=noTwoFactor')).to.equal([]);
                expect(await names('state=banned&search=odd&method=emailpassword&role=admin')).to.equal([]);
            });

            it('a locked account unlocks when its wait is over', async () => {

                clock.advance(24 * 3600_000);
                expect(await names('state=locked')).to.equal([]);
            });

            it('sorts by email and by last sign-in, both ways', async () => {

                expect(await names('sort=email&order=asc&search=acme')).to.equal(['smith', 'jane']);           // james < jane
                expect(await names('sort=email&order=desc&search=acme')).to.equal(['jane', 'smith']);
                expect((await names('sort=email&order=asc'))[0]).to.equal('phone');                           // no email sorts as ''
                const first = await list('sort=email&order=asc&limit=1');
                expect((await list(`sort=email&order=asc&limit=1&after=${first.nextCursor}`)).users[0].id).to.not.equal(ids.phone);
                expect((await names('sort=lastSignIn&order=desc'))[0]).to.equal('jane');
                expect((await names('sort=lastSignIn&order=asc')).at(-1)).to.equal('jane');
            });

            it('pages forwards and backwards with cursors', async () => {

                for (const sort of ['joined', 'email', 'lastSignIn']) {
                    const all = (await list(`sort=${sort}`)).users.map((user) => user.id);
                    const first = await list(`sort=${sort}&limit=3`);
                    expect(first.users.map((user) => user.id)).to.equal(all.slice(0, 3));
                    expect(first.previousCursor).to.not.exist();
                    const second = await list(`sort=${sort}&limit=3&after=${first.nextCursor}`);
                    expect(second.users.map((user) => user.id)).to.equal(all.slice(3, 6));
                    const third = await list(`sort=${sort}&limit=3&after=${second.nextCursor}`);
                    expect(third.users.map((user) => user.id)).to.equal(all.slice(6));
                    expect(third.nextCursor).to.not.exist();
                    const back = await list(`sort=${sort}&limit=3&before=${third.previousCursor}`);
                    expect(back.users.map((user) => user.id)).to.equal(all.slice(3, 6));
                    expect(back.nextCursor).to.exist();
                    const start = await list(`sort=${sort}&limit=3&before=${back.previousCursor}`);
                    expect(start.users.map((user) => user.id)).to.equal(all.slice(0, 3));
                    expect(start.previousCursor).to.not.exist();
                    expect(start.nextCursor).to.exist();
                }
            });

            it('refuses bad input with 400', async () => {

                const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
                for (const query of ['sort=name', 'order=up', 'state=odd', 'limit=0', 'limit=abc', 'limit=1001', 'role=', `search=${'a'.repeat(255)}`,
                    'method=sms', 'after=x', `after=${cursor(['a', 'b'])}`, `sort=email&after=${cursor([1, 'b'])}`, `after=${cursor([1.5, 'b'])}`,
                    `after=${cursor([1])}`, `after=${cursor([1, 2])}`, `after=${cursor({})}`, `after=${cursor([1, 'b'])}&before=${cursor([1, 'b'])}`, 'search=a&search=b']) {

                    const res = await get(core.uri, `/staffgate/users?${query}`);
                    expect(res.status, query).to.equal(400);
                }

                expect((await get(core.uri, '/staffgate/users/count?state=odd')).status).to.equal(400);
            });

            it('keeps the search index in step when an email changes and when a user is deleted', async () => {

                const user = await signUp(core.uri, 'temp.person@change.test');
                expect(await names('search=person')).to.equal([undefined]);
                expect((await put(core.uri, '/recipe/user', { recipeUserId: user.id, email: 'renamed.someone@change.test' })).json.status).to.equal('OK');
                expect(await count('search=person')).to.equal(0);
                expect(await count('search=someone')).to.equal(1);
                expect((await post(core.uri, '/user/remove', { userId: user.id })).json.status).to.equal('OK');
                expect(await count('search=someone')).to.equal(0);
            });
        });
    }

    describe('the query plan', () => {

        const lockout = { now: 0, threshold: 1 };

        it('starts from the first indexed condition that names few users, else walks the list in its order', async () => {

            const counts = { search: drivenCap + 1, role: 5, banned: 1, locked: 1 };
            expect(await choosePlan({ search: 'abc', role: 'r', state: 'banned', lockout }, (driver) => counts[driver])).to.equal('role');
            expect(await choosePlan({ search: 'abc', lockout }, (driver) => counts[driver])).to.be.undefined();
            expect(await choosePlan({ search: 'ab', state: 'locked', lockout }, (driver) => counts[driver])).to.equal('locked');
            expect(await choosePlan({ state: 'unverified', lockout }, () => 0)).to.be.undefined();
        });
    });
});
