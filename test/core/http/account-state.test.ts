import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestCore, testClock, type TestCore, type TestClock } from '../../helpers/core';
import { post, signUp } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


// POST /staffgate/account-state: what a failed sign-in with the right password was refused for, told only to the password.

describe('POST /staffgate/account-state (HTTP)', () => {

    const password = 'correct horse battery';
    let core: TestCore;
    let clock: TestClock;

    before(async () => {

        clock = testClock();
        core = await startTestCore({ clock: clock.now, env: { CORE_LOCKOUT_THRESHOLD: '2', CORE_LOCKOUT_MAX_SECONDS: '900' } });
    });

    after(async () => {

        await core.destroy();
    });

    const ask = async (email: string, candidate: string) => (await post(core.uri, '/staffgate/account-state', { email, password: candidate })).json;

    const lockOut = async (email: string) => {

        for (let i = 0; i < 2; ++i) {
            expect((await post(core.uri, '/public/recipe/signin', { email, password: 'wrong password' })).json.status).to.equal('WRONG_CREDENTIALS_ERROR');
        }
    };

    it('answers none for an email nobody has', async () => {

        expect(await ask('nobody@example.com', password)).to.equal({ status: 'OK', state: 'none' });
    });

    it('answers none for an account in good standing, right password or not', async () => {

        await signUp(core.uri, 'standing@example.com', password);
        expect(await ask('standing@example.com', password)).to.equal({ status: 'OK', state: 'none' });
        expect(await ask('standing@example.com', 'wrong password')).to.equal({ status: 'OK', state: 'none' });
    });

    it('tells a ban only with the right password', async () => {

        const user = await signUp(core.uri, 'banned@example.com', password);
        expect((await post(core.uri, '/staffgate/ban', { userId: user.id })).json.status).to.equal('OK');
        expect(await ask('banned@example.com', password)).to.equal({ status: 'OK', state: 'banned' });
        expect(await ask('banned@example.com', 'wrong password')).to.equal({ status: 'OK', state: 'none' });
    });

    it('tells a lock to the second question about it, and only with the right password', async () => {

        await signUp(core.uri, 'locked@example.com', password);
        await signUp(core.uri, 'guessed@example.com', password);
        await lockOut('locked@example.com');
        await lockOut('guessed@example.com');

        // The first question is the locking sign-in's own: none, whatever the password.
        expect(await ask('locked@example.com', password)).to.equal({ status: 'OK', state: 'none' });
        const told = await ask('locked@example.com', password);
        expect(told).to.include({ status: 'OK', state: 'locked' });
        expect(told.lockedUntil as number).to.be.about(clock.now() + 30_000, 2_000);
        expect(await ask('locked@example.com', password)).to.equal({ status: 'OK', state: 'none' });      // one check per lock

        expect(await ask('guessed@example.com', password)).to.equal({ status: 'OK', state: 'none' });
        expect(await ask('guessed@example.com', 'another guess')).to.equal({ status: 'OK', state: 'none' });
        expect(await ask('guessed@example.com', password)).to.equal({ status: 'OK', state: 'none' });     // the check was spent
    });

    it('tells a lock that has no end yet (an attempt between its claim and its failure) without an end time', async () => {

        const user = await signUp(core.uri, 'claimed@example.com', password);
        const policy = { threshold: 2, maxWait: 900_000, resetAfter: 43_200_000 };
        for (let i = 0; i < 2; ++i) {
            expect(await core.storage.lockouts.claimAttempt('public', user.id, clock.now(), policy)).to.be.true();
        }

        expect(await ask('claimed@example.com', password)).to.equal({ status: 'OK', state: 'none' });
        expect(await ask('claimed@example.com', password)).to.equal({ status: 'OK', state: 'locked' });
    });

    it('forgets a lock once it has ended, and a new lock gets its own check', async () => {

        await signUp(core.uri, 'again@example.com', password);
        await lockOut('again@example.com');
        expect(await ask('again@example.com', password)).to.equal({ status: 'OK', state: 'none' });
        expect(await ask('again@example.com', password)).to.include({ state: 'locked' });

        clock.advance(31_000);                                          // the first lock lasts 30 s
        expect(await ask('again@example.com', password)).to.equal({ status: 'OK', state: 'none' });

        await lockOut('again@example.com');                            // another failure past the threshold: a 60 s lock
        expect(await ask('again@example.com', password)).to.equal({ status: 'OK', state: 'none' });
        const told = await ask('again@example.com', password);
        expect(told).to.include({ state: 'locked' });
        expect(told.lockedUntil as number).to.be.about(clock.now() + 60_000, 2_000);
    });
});
