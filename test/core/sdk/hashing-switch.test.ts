import * as Crypto from 'crypto';
import * as Fs from 'fs';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import Bcrypt from '@node-rs/bcrypt';
import EmailPassword from 'supertokens-node/recipe/emailpassword';

import type { CoreSettings } from '../../../server/config';
import { startCore, type Core } from '../../../server/core';
import { appId } from '../../../server/core/services';
import { dropSchema, postgresStorage, startTestCore, testAdapters, type TestCore } from '../../helpers/core';
import { initSdk } from '../../helpers/sdk';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


const newEmail = (name: string) => `${name}-${Crypto.randomUUID()}@example.com`;

/** The m, t and p an Argon2id PHC string was made with (undefined for anything else). */
const argon2Params = (hash: string) => {

    const match = /^\$argon2id\$v=19\$([a-z]=\d+(?:,[a-z]=\d+)*)\$/.exec(hash);
    if (!match) {
        return undefined;
    }

    const params = Object.fromEntries(match[1]!.split(',').map((pair) => pair.split('=') as [string, string]));
    return { m: Number(params.m), t: Number(params.t), p: Number(params.p) };
};

const signUp = async (email: string, password: string) => {

    const result = await EmailPassword.signUp('public', email, password);
    if (result.status !== 'OK') {
        throw new Error(`sign up of ${email} failed: ${result.status}`);
    }

    return result.user.id;
};


describe('SDK sign-in across a change of password hashing', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            // An explicit schema outlives each core on it (startTestCore drops only the schemas it made up).
            const schema = `test_switch_${Crypto.randomBytes(6).toString('hex')}`;
            let first: TestCore;
            let core: Core;                 // the core the SDK talks to now

            const alice = { email: newEmail('alice'), password: 'Password123', id: '' };
            const bob = { email: newEmail('bob'), password: 'Password456', id: '' };
            const carol = { email: newEmail('carol'), password: 'Password789', id: '' };

            before(async () => {

                first = await startTestCore({ adapter, schema });
                core = first;
                initSdk(core.uri);
            });

            after(async () => {

                await core.stop();
                Fs.rmSync(first.dataDir, { recursive: true, force: true });
                if (adapter === 'postgres') {
                    await dropSchema(schema);
                }
            });

            /** Settings are fixed for a core's life: stops the current core and starts another on the same data. */
            const switchTo = async (changes: Partial<CoreSettings>) => {

                await core.stop();
                const settings: CoreSettings = { ...first.settings, ...changes, port: 0 };
                core = await startCore({ settings, storage: adapter === 'postgres' ? postgresStorage(schema) : undefined });
                initSdk(core.uri);
            };

            const storedHash = async (userId: string): Promise<string> => {

                const hash = await core.storage.passwords.getPasswordHash(appId, userId);
                expect(hash, `password hash of ${userId}`).to.be.a.string();
                return hash!;
            };

            const signIn = async (user: { email: string; password: string; id: string }, password = user.password) => {

                const result = await EmailPassword.signIn('public', user.email, password);
                if (result.status === 'OK') {
                    expect(result.user.id).to.equal(user.id);
                }

                return result.status;
            };

            it('stores Argon2id hashes with the configured cost under the default settings', async () => {

                expect(first.settings.passwordHashingAlg).to.equal('ARGON2');
                alice.id = await signUp(alice.email, alice.password);
                bob.id = await signUp(bob.email, bob.password);
                expect(argon2Params(await storedHash(alice.id))).to.equal({ m: 1024, t: 1, p: 1 });
                expect(argon2Params(await storedHash(bob.id))).to.equal({ m: 1024, t: 1, p: 1 });
            });

            it('after a switch to BCRYPT, signs the Argon2 user in and re-hashes the password with bcrypt', async () => {

                await switchTo({ passwordHashingAlg: 'BCRYPT' });
                expect(await signIn(alice)).to.equal('OK');

                const hash = await storedHash(alice.id);
                expect(hash).to.match(/^\$bcrypt-sha256\$v=1\$2b\$04\$[./A-Za-z0-9]{53}$/);

                // The new hash is the password's: it signs in again, and is kept as it is.
                expect(await signIn(alice)).to.equal('OK');
                expect(await storedHash(alice.id)).to.equal(hash);
            });

            it('after the switch, refuses a wrong password and does not re-hash on a failure', async () => {

                const aliceHash = await storedHash(alice.id);
                const bobHash = await storedHash(bob.id);

                expect(await signIn(alice, 'Password124')).to.equal('WRONG_CREDENTIALS_ERROR');
                expect(await signIn(bob, alice.password)).to.equal('WRONG_CREDENTIALS_ERROR');

                expect(await storedHash(alice.id)).to.equal(aliceHash);
                expect(await storedHash(bob.id)).to.equal(bobHash);
                expect(argon2Params(bobHash)).to.equal({ m: 1024, t: 1, p: 1 });
            });

            it('hashes new sign-ups with bcrypt', async () => {

                carol.id = await signUp(carol.email, carol.password);
                expect(await storedHash(carol.id)).to.startWith('$bcrypt-sha256$v=1$2b$04$');
                expect(await signIn(carol)).to.equal('OK');
            });

            it('under BCRYPT, refuses a password that shares only its first 72 bytes with the right one', async () => {

                const long = { email: newEmail('long'), password: `${'x1'.repeat(36)}-the-rest`, id: '' };
                long.id = await signUp(long.email, long.password);
                expect(await signIn(long)).to.equal('OK');
                expect(await signIn(long, `${'x1'.repeat(36)}-other`)).to.equal('WRONG_CREDENTIALS_ERROR');
                expect(await signIn(long, 'x1'.repeat(36))).to.equal('WRONG_CREDENTIALS_ERROR');
            });

            it('signs in a user whose plain bcrypt hash predates bcrypt-sha256, and upgrades the hash', async () => {

                const dave = { email: newEmail('dave'), password: 'Password000', id: '' };
                dave.id = await signUp(dave.email, dave.password);
                await core.storage.passwords.setPasswordHash(appId, dave.id, await Bcrypt.hash(dave.password, 4));

                expect(await signIn(dave, 'Password001')).to.equal('WRONG_CREDENTIALS_ERROR');
                expect(await storedHash(dave.id)).to.match(/^\$2b\$04\$/);
                expect(await signIn(dave)).to.equal('OK');
                expect(await storedHash(dave.id)).to.startWith('$bcrypt-sha256$v=1$2b$04$');
                expect(await signIn(dave)).to.equal('OK');
            });

            it('after switching back to ARGON2, signs everyone in and re-hashes bcrypt hashes to Argon2id', async () => {

                await switchTo({ passwordHashingAlg: 'ARGON2' });
                const bobHash = await storedHash(bob.id);

                for (const user of [alice, bob, carol]) {
                    expect(await signIn(user), user.email).to.equal('OK');
                    expect(argon2Params(await storedHash(user.id)), user.email).to.equal({ m: 1024, t: 1, p: 1 });
                    expect(await signIn(user, 'wrong password 1'), user.email).to.equal('WRONG_CREDENTIALS_ERROR');
                }

                // Bob's hash was made with these very settings: nothing to upgrade.
                expect(await storedHash(bob.id)).to.equal(bobHash);
            });

            it('re-hashes when only the cost changes', async () => {

                await switchTo({ passwordHashingAlg: 'ARGON2', argon2Iterations: 2 });
                expect(await signIn(alice)).to.equal('OK');
                expect(argon2Params(await storedHash(alice.id))).to.equal({ m: 1024, t: 2, p: 1 });

                await switchTo({ passwordHashingAlg: 'BCRYPT', bcryptLogRounds: 5 });
                expect(await signIn(alice)).to.equal('OK');
                expect(await storedHash(alice.id)).to.startWith('$bcrypt-sha256$v=1$2b$05$');
                expect(await signIn(carol)).to.equal('OK');
                expect(await storedHash(carol.id)).to.startWith('$bcrypt-sha256$v=1$2b$05$');
            });
        });
    }
});
