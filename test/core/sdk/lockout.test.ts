import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import EmailPassword from 'supertokens-node/recipe/emailpassword';

import { startTestCore, testAdapters, type TestCore } from '../../helpers/core';
import { until } from '../../helpers/session-tools';
import { get, post } from '../http/client';
import { initAllRecipes, newEmail, password, signUp } from './all-recipes';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


const signInStatus = async (email: string, pass: string) => (await EmailPassword.signIn('public', email, pass)).status;


describe('SDK sign-in lockout against the core (threshold 3, longest wait 2 s)', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            let core: TestCore;

            before(async () => {

                core = await startTestCore({ adapter, env: { CORE_LOCKOUT_THRESHOLD: '3', CORE_LOCKOUT_MAX_SECONDS: '2' } });
                initAllRecipes(core.uri);
            });

            after(async () => {

                await core.destroy();
            });

            const lockoutOf = async (userId: string) => (await get(core.uri, `/staffgate/lockout?userId=${userId}`)).json;

            const failureReasons = async (userId: string) => {

                const { json } = await get(core.uri, `/staffgate/audit?userId=${userId}&event=sign_in_failed`);
                return json.events.map((event: { details: { reason: string } }) => event.details.reason).reverse();
            };

            const lock = async (email: string) => {

                for (let i = 0; i < 3; ++i) {
                    expect(await signInStatus(email, `wrong-${i}`)).to.equal('WRONG_CREDENTIALS_ERROR');
                }
            };

            it('counts wrong passwords without locking below the threshold', async () => {

                const email = newEmail('counted');
                const user = await signUp(email);
                const start = Date.now();

                await signInStatus(email, 'wrong-1');
                await signInStatus(email, 'wrong-2');
                const state = await lockoutOf(user.id);
                expect(state).to.equal({ status: 'OK', failures: 2, locked: false, lastFailureAt: state.lastFailureAt });
                expect(state.lastFailureAt as number).to.be.within(start, Date.now());
            });

            it('clears the counter on a successful sign-in below the threshold', async () => {

                const email = newEmail('cleared');
                const user = await signUp(email);

                await signInStatus(email, 'wrong-1');
                await signInStatus(email, 'wrong-2');
                expect(await signInStatus(email, password)).to.equal('OK');
                expect(await lockoutOf(user.id)).to.equal({ status: 'OK', failures: 0, locked: false });

                // Three more wrong ones are needed to lock now.
                await signInStatus(email, 'wrong-3');
                await signInStatus(email, 'wrong-4');
                expect(await signInStatus(email, password)).to.equal('OK');
            });

            it('locks after three wrong passwords: the right one then fails too, until the wait is over', async () => {

                const email = newEmail('locked');
                const user = await signUp(email);
                const start = Date.now();

                await lock(email);
                expect(await signInStatus(email, password)).to.equal('WRONG_CREDENTIALS_ERROR');
                expect(await EmailPassword.verifyCredentials('public', email, password)).to.equal({ status: 'WRONG_CREDENTIALS_ERROR' });

                const state = await lockoutOf(user.id);
                expect(state).to.include({ status: 'OK', failures: 3, locked: true });
                expect(state.lockedUntil as number).to.be.within(start + 2000, Date.now() + 2000);
                expect(state.lastFailureAt as number).to.be.within(start, Date.now());

                const { json: list } = await get(core.uri, '/staffgate/lockouts');
                expect(list.status).to.equal('OK');
                expect(list.accounts).to.include({ userId: user.id, failures: 3, locked: true, lockedUntil: state.lockedUntil, lastFailureAt: state.lastFailureAt });

                await until(state.lockedUntil, 100);
                expect(await signInStatus(email, password)).to.equal('OK');
                expect(await lockoutOf(user.id)).to.equal({ status: 'OK', failures: 0, locked: false });
                expect((await get(core.uri, '/staffgate/lockouts')).json.accounts.map((account: { userId: string }) => account.userId)).to.not.include(user.id);

                expect(await failureReasons(user.id)).to.equal(['wrong_password', 'wrong_password', 'wrong_password', 'locked', 'locked']);
            });

            it('locks again at once for a wrong password after the wait', async () => {

                const email = newEmail('relock');
                const user = await signUp(email);

                await lock(email);
                await until((await lockoutOf(user.id)).lockedUntil, 100);

                expect(await signInStatus(email, 'wrong-again')).to.equal('WRONG_CREDENTIALS_ERROR');
                const state = await lockoutOf(user.id);
                expect(state).to.include({ failures: 4, locked: true });
                expect(await signInStatus(email, password)).to.equal('WRONG_CREDENTIALS_ERROR');
            });

            it('unlocks at once with POST /staffgate/lockout/reset, and audits it with the admin as actor', async () => {

                const email = newEmail('reset');
                const user = await signUp(email);
                const admin = await signUp(newEmail('admin'));

                await lock(email);
                expect((await lockoutOf(user.id)).locked).to.be.true();

                const res = await post(core.uri, '/staffgate/lockout/reset', { userId: user.id }, { 'x-staffgate-actor': admin.id });
                expect(res.json).to.equal({ status: 'OK' });
                expect(await lockoutOf(user.id)).to.equal({ status: 'OK', failures: 0, locked: false });
                expect(await signInStatus(email, password)).to.equal('OK');

                const { json } = await get(core.uri, `/staffgate/audit?userId=${user.id}&event=lockout_cleared`);
                expect(json.events).to.have.length(1);
                expect(json.events[0]).to.include({ event: 'lockout_cleared', userId: user.id, actorId: admin.id });
            });

            it('locks one account only', async () => {

                const email = newEmail('victim');
                const other = newEmail('other');
                await signUp(email);
                const otherUser = await signUp(other);

                await lock(email);
                expect(await signInStatus(other, password)).to.equal('OK');
                expect(await lockoutOf(otherUser.id)).to.equal({ status: 'OK', failures: 0, locked: false });
            });

            it('keeps no counter for an unknown email', async () => {

                const before_ = (await get(core.uri, '/staffgate/lockouts')).json.accounts.length;
                for (let i = 0; i < 4; ++i) {
                    expect(await signInStatus(newEmail('nobody'), 'whatever')).to.equal('WRONG_CREDENTIALS_ERROR');
                }

                expect((await get(core.uri, '/staffgate/lockouts')).json.accounts).to.have.length(before_);
            });
        });
    }
});
