import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestCore, testClock, type TestCore, type TestClock } from '../../helpers/core';
import { get, post, signUp } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('GET /staffgate/lockout as time passes (HTTP)', () => {

    let core: TestCore;
    let clock: TestClock;

    before(async () => {

        clock = testClock();
        core = await startTestCore({ clock: clock.now, env: { CORE_LOCKOUT_THRESHOLD: '2', CORE_LOCKOUT_MAX_SECONDS: '900', CORE_LOCKOUT_RESET_SECONDS: '3600' } });
    });

    after(async () => {

        await core.destroy();
    });

    const state = async (userId: string) => (await get(core.uri, `/staffgate/lockout?userId=${userId}`)).json;

    it('shows a lock that has ended as unlocked with its failures kept, and forgets the failures after the quiet period', async () => {

        const user = await signUp(core.uri, 'lock-state@example.com');
        for (let i = 0; i < 2; ++i) {
            expect((await post(core.uri, '/public/recipe/signin', { email: 'lock-state@example.com', password: 'wrong password' })).json.status).to.equal('WRONG_CREDENTIALS_ERROR');
        }

        const locked = await state(user.id);
        expect(locked).to.include({ status: 'OK', failures: 2, locked: true });
        expect(locked.lockedUntil).to.be.a.number();

        clock.advance(31_000);                                          // the first lock lasts 30 s
        const ended = await state(user.id);
        expect(ended).to.include({ status: 'OK', failures: 2, locked: false });
        expect(ended.lockedUntil).to.not.exist();
        expect((await get(core.uri, '/staffgate/lockouts')).json.accounts).to.equal([]);

        clock.advance(3_600_000);                                       // CORE_LOCKOUT_RESET_SECONDS of quiet
        expect(await state(user.id)).to.equal({ status: 'OK', failures: 0, locked: false });
    });
});


describe('GET /users/by-accountinfo with a webauthn credential id (HTTP)', () => {

    let core: TestCore;

    before(async () => {

        core = await startTestCore();
    });

    after(async () => {

        await core.destroy();
    });

    it('finds nobody for the intersection (no user has a credential), and the email\'s user for the union', async () => {

        const user = await signUp(core.uri, 'webauthn@example.com');
        const query = 'email=webauthn%40example.com&webauthnCredentialId=abc';
        expect((await get(core.uri, `/users/by-accountinfo?${query}&doUnionOfAccountInfo=false`)).json).to.equal({ status: 'OK', users: [] });
        const { json } = await get(core.uri, `/users/by-accountinfo?${query}&doUnionOfAccountInfo=true`);
        expect(json.users.map((found: { id: string }) => found.id)).to.equal([user.id]);
    });
});
