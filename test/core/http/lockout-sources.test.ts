import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestCore, testAdapters, type TestCore } from '../../helpers/core';
import { get, post, signUp } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const password = 'correct horse 1';


describe('lockout by account and source (threshold 3)', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            let core: TestCore;

            before(async () => {

                core = await startTestCore({ adapter, env: { CORE_LOCKOUT_THRESHOLD: '3', CORE_LOCKOUT_MAX_SECONDS: '900' } });
            });

            after(() => core.destroy());

            const newUser = async () => {

                const email = `lockout-${Crypto.randomUUID()}@example.com`;
                return { email, id: (await signUp(core.uri, email, password)).id as string };
            };

            const signIn = async (email: string, secret: string, ip?: string) => {

                const res = await post(core.uri, '/public/recipe/signin', { email, password: secret }, ip ? { 'x-staffgate-ip': ip } : {});
                return res.json.status as string;
            };

            // An attacker at 203.0.113.66 guesses until the account locks (and keeps it locked: the wait is 30 s+).
            const attack = async (email: string) => {

                for (let i = 0; i < 4; ++i) {
                    expect(await signIn(email, `guess-${i}`, '203.0.113.66')).to.equal('WRONG_CREDENTIALS_ERROR');
                }

                expect(await signIn(email, password, '203.0.113.66')).to.equal('WRONG_CREDENTIALS_ERROR');
            };

            const resetFrom = async (userId: string, email: string, ip: string) => {

                const { json: created } = await post(core.uri, '/public/recipe/user/password/reset/token', { userId, email });
                expect(created.status).to.equal('OK');
                const { json: consumed } = await post(core.uri, '/public/recipe/user/password/reset/token/consume', { token: created.token }, { 'x-staffgate-ip': ip });
                expect(consumed.status).to.equal('OK');
            };

            it('lets the owner in from where they signed in before, while the attacker stays locked out', async () => {

                const { email } = await newUser();
                expect(await signIn(email, password, '198.51.100.7')).to.equal('OK');

                await attack(email);
                expect(await signIn(email, password, '198.51.100.7')).to.equal('OK');
                expect(await signIn(email, password, '203.0.113.66')).to.equal('WRONG_CREDENTIALS_ERROR');
                expect(await signIn(email, password)).to.equal('WRONG_CREDENTIALS_ERROR');              // No source: not trusted
            });

            it('caps guessing from a trusted source: at the threshold it loses its trust', async () => {

                const { email } = await newUser();
                expect(await signIn(email, password, '198.51.100.8')).to.equal('OK');
                await attack(email);

                for (let i = 0; i < 3; ++i) {
                    expect(await signIn(email, `insider-${i}`, '198.51.100.8')).to.equal('WRONG_CREDENTIALS_ERROR');
                }

                expect(await signIn(email, password, '198.51.100.8')).to.equal('WRONG_CREDENTIALS_ERROR');
            });

            it('a success from a trusted source resets its failures, and does not unlock the account for others', async () => {

                const { email } = await newUser();
                expect(await signIn(email, password, '198.51.100.9')).to.equal('OK');
                await attack(email);

                for (let i = 0; i < 3; ++i) {
                    expect(await signIn(email, 'typo', '198.51.100.9')).to.equal('WRONG_CREDENTIALS_ERROR');
                    expect(await signIn(email, 'typo', '198.51.100.9')).to.equal('WRONG_CREDENTIALS_ERROR');
                    expect(await signIn(email, password, '198.51.100.9')).to.equal('OK');
                }

                expect(await signIn(email, password, '203.0.113.66')).to.equal('WRONG_CREDENTIALS_ERROR');
            });

            it('a password reset clears the lock and lets the owner in from where they reset, even while the attack goes on', async () => {

                const { email, id } = await newUser();
                await attack(email);
                expect((await get(core.uri, `/staffgate/lockout?userId=${id}`)).json.locked).to.be.true();

                await resetFrom(id, email, '192.0.2.10');
                expect((await get(core.uri, `/staffgate/lockout?userId=${id}`)).json).to.equal({ status: 'OK', failures: 0, locked: false });

                await attack(email);
                expect(await signIn(email, password, '192.0.2.10')).to.equal('OK');
            });

            it('forgets the trust when the user is deleted', async () => {

                const { email, id } = await newUser();
                expect(await signIn(email, password, '198.51.100.11')).to.equal('OK');
                await post(core.uri, '/user/remove', { userId: id });
                expect(await core.storage.lockouts.claimTrustedAttempt('public', id, '198.51.100.11', 0, 3)).to.be.false();
            });
        });
    }
});
