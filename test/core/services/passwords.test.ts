import * as Os from 'os';

import Argon2 from '@node-rs/argon2';
import Bcrypt from '@node-rs/bcrypt';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { hashingConcurrency, PasswordHasher, type HashingSettings } from '../../../server/core/services/passwords';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


const argon2Settings: HashingSettings = { passwordHashingAlg: 'ARGON2', argon2MemoryKb: 1024, argon2Iterations: 1, argon2Parallelism: 1, bcryptLogRounds: 4 };
const bcryptSettings: HashingSettings = { ...argon2Settings, passwordHashingAlg: 'BCRYPT' };

const password = 'correct horse battery staple';

const originals = { argon2Verify: Argon2.verify, argon2Hash: Argon2.hash, bcryptVerify: Bcrypt.verify };

/** A bcrypt hash as bcrypt libraries (and this core before bcrypt-sha256) store it: the password itself, truncated at 72 bytes. */
const plainBcrypt = (secret: string, cost = 4) => Bcrypt.hash(secret, cost);

/** The m, t and p an Argon2id PHC string (`$argon2id$v=19$m=…,p=…,t=…$salt$hash`, any order) was made with. */
const argon2Params = (hash: string) => {

    const match = /^\$argon2id\$v=19\$([a-z]=\d+(?:,[a-z]=\d+)*)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/.exec(hash);
    expect(match, hash).to.exist();
    const params = Object.fromEntries(match![1]!.split(',').map((pair) => pair.split('=') as [string, string]));
    return { m: Number(params.m), t: Number(params.t), p: Number(params.p) };
};

/** Replaces `module[name]` by a recording wrapper until `restore()`; the wrapper still does the real work. */
const spyOn = <M extends Record<string, any>, K extends keyof M & string>(module: M, name: K) => {

    const original = module[name];
    const calls: { args: any[]; result?: unknown; error?: unknown }[] = [];
    (module as Record<string, unknown>)[name] = async (...args: any[]) => {

        const call: { args: any[]; result?: unknown; error?: unknown } = { args };
        calls.push(call);
        try {
            call.result = await original(...args);
            return call.result;
        }
        catch (err) {
            call.error = err;
            throw err;
        }
    };

    return { calls, restore: () => void ((module as Record<string, unknown>)[name] = original) };
};


describe('PasswordHasher', () => {

    describe('Argon2id (the default)', () => {

        it('makes $argon2id$ hashes that carry the configured memory, iterations and parallelism', async () => {

            const hash = await new PasswordHasher(argon2Settings).hash(password);
            expect(hash).to.startWith('$argon2id$');
            expect(argon2Params(hash)).to.equal({ m: 1024, t: 1, p: 1 });

            const other = await new PasswordHasher({ ...argon2Settings, argon2MemoryKb: 2048, argon2Iterations: 2, argon2Parallelism: 2 }).hash(password);
            expect(argon2Params(other)).to.equal({ m: 2048, t: 2, p: 2 });
        });

        it('salts every hash', async () => {

            const hasher = new PasswordHasher(argon2Settings);
            expect(await hasher.hash(password)).to.not.equal(await hasher.hash(password));
        });

        it('verifies the right password and rejects a wrong one', async () => {

            const hasher = new PasswordHasher(argon2Settings);
            const hash = await hasher.hash(password);
            expect(await hasher.verify(hash, password)).to.be.true();
            expect(await hasher.verify(hash, `${password}!`)).to.be.false();
            expect(await hasher.verify(hash, '')).to.be.false();
            expect(await hasher.verify(hash, password.toUpperCase())).to.be.false();
        });
    });

    describe('bcrypt', () => {

        it('makes $bcrypt-sha256$v=1$2b$ hashes with the configured cost', async () => {

            const hash = await new PasswordHasher(bcryptSettings).hash(password);
            expect(hash).to.match(/^\$bcrypt-sha256\$v=1\$2b\$04\$[./A-Za-z0-9]{53}$/);

            const costlier = await new PasswordHasher({ ...bcryptSettings, bcryptLogRounds: 5 }).hash(password);
            expect(costlier).to.startWith('$bcrypt-sha256$v=1$2b$05$');
        });

        it('tells apart passwords that share their first 72 bytes', async () => {

            const hasher = new PasswordHasher(bcryptSettings);
            for (const prefix of ['a'.repeat(72), 'é'.repeat(36), `${password} `.repeat(3).slice(0, 72)]) {
                expect(Buffer.byteLength(prefix)).to.equal(72);
                const hash = await hasher.hash(`${prefix}one`);
                expect(await hasher.verify(hash, `${prefix}one`), prefix).to.be.true();
                expect(await hasher.verify(hash, `${prefix}two`), prefix).to.be.false();
                expect(await hasher.verify(hash, prefix), prefix).to.be.false();
            }
        });

        it('verifies a plain bcrypt hash of a long password as before, and replaces it at the next sign-in', async () => {

            const long = `${'b'.repeat(72)}tail`;
            const legacy = await plainBcrypt(long);
            const hasher = new PasswordHasher(bcryptSettings);
            expect(await hasher.verify(legacy, long)).to.be.true();
            expect(hasher.needsRehash(legacy)).to.be.true();

            const upgraded = await hasher.hash(long);
            expect(hasher.needsRehash(upgraded)).to.be.false();
            expect(await hasher.verify(upgraded, long)).to.be.true();
            expect(await hasher.verify(upgraded, 'b'.repeat(72))).to.be.false();
        });

        it('verifies the right password and rejects a wrong one', async () => {

            const hasher = new PasswordHasher(bcryptSettings);
            const hash = await hasher.hash(password);
            expect(await hasher.verify(hash, password)).to.be.true();
            expect(await hasher.verify(hash, `${password}!`)).to.be.false();
            expect(await hasher.verify(hash, '')).to.be.false();
        });

        it('verifies plain $2b$, $2a$ and $2y$ hashes (what bcrypt libraries write), under either algorithm', async () => {

            const legacy = await plainBcrypt(password);
            expect(legacy).to.match(/^\$2b\$04\$[./A-Za-z0-9]{53}$/);
            for (const settings of [bcryptSettings, argon2Settings]) {
                const hasher = new PasswordHasher(settings);
                for (const hash of [legacy, legacy.replace(/^\$2b\$/, '$2a$'), legacy.replace(/^\$2b\$/, '$2y$')]) {
                    expect(await hasher.verify(hash, password), hash).to.be.true();
                    expect(await hasher.verify(hash, 'wrong'), hash).to.be.false();
                    expect(hasher.needsRehash(hash), hash).to.be.true();
                }
            }
        });
    });

    describe('switching algorithms', () => {

        it('a hasher set to BCRYPT still verifies an Argon2 hash, and one set to ARGON2 a bcrypt hash', async () => {

            const argon2Hash = await new PasswordHasher(argon2Settings).hash(password);
            const bcryptHash = await new PasswordHasher(bcryptSettings).hash(password);

            const nowBcrypt = new PasswordHasher(bcryptSettings);
            expect(await nowBcrypt.verify(argon2Hash, password)).to.be.true();
            expect(await nowBcrypt.verify(argon2Hash, 'wrong')).to.be.false();

            const nowArgon2 = new PasswordHasher(argon2Settings);
            expect(await nowArgon2.verify(bcryptHash, password)).to.be.true();
            expect(await nowArgon2.verify(bcryptHash, 'wrong')).to.be.false();
        });

        it('verifies a hash made with another cost than the current one', async () => {

            const oldArgon2 = await new PasswordHasher({ ...argon2Settings, argon2MemoryKb: 2048, argon2Iterations: 2 }).hash(password);
            const oldBcrypt = await new PasswordHasher({ ...bcryptSettings, bcryptLogRounds: 5 }).hash(password);
            expect(await new PasswordHasher(argon2Settings).verify(oldArgon2, password)).to.be.true();
            expect(await new PasswordHasher(bcryptSettings).verify(oldBcrypt, password)).to.be.true();
        });
    });

    describe('needsRehash', () => {

        it('is false for a hash made with the current algorithm and cost', async () => {

            for (const settings of [argon2Settings, bcryptSettings]) {
                const hasher = new PasswordHasher(settings);
                expect(hasher.needsRehash(await hasher.hash(password)), settings.passwordHashingAlg).to.be.false();
            }
        });

        it('is true across algorithms', async () => {

            const argon2 = new PasswordHasher(argon2Settings);
            const bcrypt = new PasswordHasher(bcryptSettings);
            expect(argon2.needsRehash(await bcrypt.hash(password))).to.be.true();
            expect(bcrypt.needsRehash(await argon2.hash(password))).to.be.true();
        });

        it('is true when the Argon2 memory, iterations or parallelism changed', async () => {

            const hash = await new PasswordHasher(argon2Settings).hash(password);
            for (const change of [{ argon2MemoryKb: 2048 }, { argon2Iterations: 2 }, { argon2Parallelism: 2 }]) {
                expect(new PasswordHasher({ ...argon2Settings, ...change }).needsRehash(hash), JSON.stringify(change)).to.be.true();
            }

            // The bcrypt cost is not the Argon2 hasher's business.
            expect(new PasswordHasher({ ...argon2Settings, bcryptLogRounds: 10 }).needsRehash(hash)).to.be.false();
        });

        it('is true for an Argon2i or Argon2d hash, or a version 1.0 one, which still verify', async () => {

            const hasher = new PasswordHasher(argon2Settings);
            const others = [{ algorithm: Argon2.Algorithm.Argon2i }, { algorithm: Argon2.Algorithm.Argon2d }, { algorithm: Argon2.Algorithm.Argon2id, version: Argon2.Version.V0x10 }];
            for (const other of others) {
                const hash = await Argon2.hash(password, { ...other, memoryCost: 1024, timeCost: 1, parallelism: 1 });
                expect(await hasher.verify(hash, password), hash).to.be.true();
                expect(hasher.needsRehash(hash), hash).to.be.true();
            }
        });

        it('is true when the bcrypt cost changed, up or down', async () => {

            const hash = await new PasswordHasher({ ...bcryptSettings, bcryptLogRounds: 5 }).hash(password);
            expect(new PasswordHasher({ ...bcryptSettings, bcryptLogRounds: 4 }).needsRehash(hash)).to.be.true();
            expect(new PasswordHasher({ ...bcryptSettings, bcryptLogRounds: 6 }).needsRehash(hash)).to.be.true();
            expect(new PasswordHasher({ ...bcryptSettings, bcryptLogRounds: 5 }).needsRehash(hash)).to.be.false();

            // The Argon2 cost is not the bcrypt hasher's business.
            expect(new PasswordHasher({ ...bcryptSettings, bcryptLogRounds: 5, argon2MemoryKb: 4096 }).needsRehash(hash)).to.be.false();
        });
    });

    describe('malformed hashes', () => {

        it('verify false, without throwing, whatever the current algorithm', async () => {

            const good = await new PasswordHasher(argon2Settings).hash(password);
            const malformed = [
                '',
                'not a hash',
                password,
                '$argon2id$',
                '$argon2id$v=19$m=1024,t=1,p=1$',
                good.slice(0, -10),
                good.replace('$argon2id$', '$argon2xx$'),
                '$2b$04$',
                '$2b$04$tooshort',
                '$bcrypt-sha256$v=1',
                '$bcrypt-sha256$v=1$2b$04$tooshort',
                `$bcrypt-sha256$v=1${good}`,
                '$2b$99$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0',
                '$1$abc$def'
            ];

            for (const settings of [argon2Settings, bcryptSettings]) {
                const hasher = new PasswordHasher(settings);
                for (const hash of malformed) {
                    expect(await hasher.verify(hash, password), `${settings.passwordHashingAlg} ${hash}`).to.be.false();
                }
            }
        });
    });

    describe('concurrency', () => {

        it('runs at most hashingConcurrency hashes at once, one per CPU, keeping a libuv pool thread free', async () => {

            expect(hashingConcurrency).to.equal(Math.max(1, Math.min(Os.availableParallelism(), 3)));

            let inFlight = 0;
            let most = 0;
            const verify = Argon2.verify;
            Argon2.verify = async (...args) => {

                most = Math.max(most, ++inFlight);
                try {
                    return await verify(...args);
                }
                finally {
                    --inFlight;
                }
            };

            try {
                const hasher = new PasswordHasher(argon2Settings);
                const hash = await hasher.hash(password);
                const results = await Promise.all(Array.from({ length: 4 * hashingConcurrency + 2 }, (_, i) => hasher.verify(hash, i % 2 ? password : 'wrong')));
                expect(results.filter(Boolean).length).to.equal(2 * hashingConcurrency + 1);
                expect(most).to.equal(hashingConcurrency);
            }
            finally {
                Argon2.verify = verify;
            }
        });
    });

    describe('verifyDummy', () => {

        it('runs one real Argon2 verification against a hash with the current settings', async () => {

            const verify = spyOn(Argon2, 'verify');
            try {
                const hasher = new PasswordHasher(argon2Settings);
                await hasher.verifyDummy(password);

                expect(verify.calls.length).to.equal(1);
                const [call] = verify.calls;
                const [hash, given] = call!.args;
                expect(argon2Params(hash)).to.equal({ m: 1024, t: 1, p: 1 });
                expect(given).to.equal(password);
                expect(call!.error).to.not.exist();
                expect(call!.result).to.be.false();
            }
            finally {
                verify.restore();
            }
        });

        it('hashes the dummy once and verifies against it on every call', async () => {

            const hash = spyOn(Argon2, 'hash');
            const verify = spyOn(Argon2, 'verify');
            try {
                const hasher = new PasswordHasher(argon2Settings);
                await Promise.all([hasher.verifyDummy('one'), hasher.verifyDummy('two')]);
                await hasher.verifyDummy('three');

                expect(hash.calls.length).to.equal(1);
                expect(verify.calls.map((call) => call.args[1])).to.equal(['one', 'two', 'three']);
                expect(new Set(verify.calls.map((call) => call.args[0])).size).to.equal(1);
                expect(verify.calls.every((call) => call.result === false)).to.be.true();
            }
            finally {
                hash.restore();
                verify.restore();
            }
        });

        it('runs one real bcrypt comparison at the configured cost when the algorithm is BCRYPT', async () => {

            const compare = spyOn(Bcrypt, 'verify');
            const argon2Verify = spyOn(Argon2, 'verify');
            try {
                await new PasswordHasher(bcryptSettings).verifyDummy(password);

                expect(argon2Verify.calls).to.equal([]);
                expect(compare.calls.length).to.equal(1);
                const [call] = compare.calls;
                expect(call!.args[0]).to.match(/^[A-Za-z0-9+/]{43}=$/);          // the pre-hashed password
                expect(call!.args[1] as string).to.startWith('$2b$04$');
                expect(call!.error).to.not.exist();
                expect(call!.result).to.be.false();
            }
            finally {
                compare.restore();
                argon2Verify.restore();
            }
        });

        it('leaves the spied modules as they were', () => {

            expect(Argon2.verify).to.shallow.equal(originals.argon2Verify);
            expect(Argon2.hash).to.shallow.equal(originals.argon2Hash);
            expect(Bcrypt.verify).to.shallow.equal(originals.bcryptVerify);
        });
    });
});
