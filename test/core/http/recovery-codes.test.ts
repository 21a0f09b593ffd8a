import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestCore, testAdapters, type TestCore } from '../../helpers/core';
import { manualClock, totpCode } from '../../helpers/totp';
import { get, post } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const newUserId = () => `user-${Crypto.randomUUID()}`;
const context = { 'x-staffgate-ip': '203.0.113.9', 'x-staffgate-user-agent': 'lab (recovery codes)' };


describe('Staffgate recovery codes and two-factor status and reset (/staffgate/recovery-codes, /staffgate/two-factor)', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            let core: TestCore;
            const clock = manualClock();

            before(async () => {

                core = await startTestCore({ adapter, clock });
            });

            after(async () => {

                await core.destroy();
            });

            const generate = async (userId: string) => {

                const res = await post(core.uri, '/staffgate/recovery-codes', { userId }, context);
                expect(res.status).to.equal(200);
                return res.json;
            };

            const consume = async (userId: string, code: string) => (await post(core.uri, '/staffgate/recovery-codes/consume', { userId, code }, context)).json;
            const status = async (userId: string) => (await get(core.uri, `/staffgate/recovery-codes?userId=${userId}`)).json;
            const events = async (userId: string) => {

                const { json } = await get(core.uri, `/staffgate/audit?userId=${userId}`);
                return json.events.map(({ event, details, ip, actorId }: Record<string, unknown>) => ({ event, details, ip, ...(actorId ? { actorId } : {}) })).reverse();
            };

            it('generates ten distinct codes of 80 bits, shown once: the status shows only counts', async () => {

                const userId = newUserId();
                const generated = await generate(userId);
                expect(generated.status).to.equal('OK');
                expect(generated.createdAt).to.equal(clock());
                expect(generated.codes).to.have.length(10);
                expect(new Set(generated.codes).size).to.equal(10);
                for (const code of generated.codes) {
                    expect(code).to.match(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/);
                }

                const res = await get(core.uri, `/staffgate/recovery-codes?userId=${userId}`);
                expect(res.json).to.equal({ status: 'OK', total: 10, remaining: 10, createdAt: clock() });
                for (const code of generated.codes) {
                    expect(res.text).to.not.contain(code);
                }
            });

            it('accepts each code once, in any case and with or without dashes, and counts down', async () => {

                const userId = newUserId();
                const { codes } = await generate(userId);
                expect(await consume(userId, codes[0])).to.equal({ status: 'OK', remaining: 9 });
                expect(await consume(userId, codes[0])).to.equal({ status: 'INVALID_RECOVERY_CODE_ERROR' });
                expect(await consume(userId, ` ${codes[1].toUpperCase().replace(/-/g, '')} `)).to.equal({ status: 'OK', remaining: 8 });
                clock.advance(5000);
                expect(await consume(userId, codes[2])).to.equal({ status: 'OK', remaining: 7 });
                expect(await status(userId)).to.equal({ status: 'OK', total: 10, remaining: 7, createdAt: clock() - 5000, lastUsedAt: clock() });
            });

            it('refuses a code of another user, a wrong code, and any code of a user without codes', async () => {

                const alice = newUserId();
                const bob = newUserId();
                const { codes } = await generate(alice);
                await generate(bob);
                expect(await consume(bob, codes[0])).to.equal({ status: 'INVALID_RECOVERY_CODE_ERROR' });
                expect(await consume(alice, 'aaaa-bbbb-cccc-dddd')).to.equal({ status: 'INVALID_RECOVERY_CODE_ERROR' });
                expect(await consume(newUserId(), codes[0])).to.equal({ status: 'INVALID_RECOVERY_CODE_ERROR' });
                expect(await consume(alice, codes[0])).to.equal({ status: 'OK', remaining: 9 });
            });

            it('lets a code through once when uses race', async () => {

                const userId = newUserId();
                const { codes } = await generate(userId);
                const answers = await Promise.all(Array.from({ length: 6 }, () => consume(userId, codes[3])));
                expect(answers.filter((answer) => answer.status === 'OK')).to.equal([{ status: 'OK', remaining: 9 }]);
            });

            it('lets a code through once when the service is called concurrently (both read before either spends)', async () => {

                const userId = newUserId();
                const { codes } = await generate(userId);
                const answers = await Promise.all([1, 2, 3].map(() => core.services.recoveryCodes.consume({}, userId, codes[0])));
                expect(answers.filter((answer) => answer.status === 'OK')).to.have.length(1);
                expect(answers.filter((answer) => answer.status === 'INVALID_RECOVERY_CODE_ERROR')).to.have.length(2);
            });

            it('invalidates the old set when a new one is generated', async () => {

                const userId = newUserId();
                const old = await generate(userId);
                await consume(userId, old.codes[0]);
                const fresh = await generate(userId);
                expect(await consume(userId, old.codes[1])).to.equal({ status: 'INVALID_RECOVERY_CODE_ERROR' });
                expect(await consume(userId, fresh.codes[0])).to.equal({ status: 'OK', remaining: 9 });
            });

            it('removes the codes', async () => {

                const userId = newUserId();
                const { codes } = await generate(userId);
                expect((await post(core.uri, '/staffgate/recovery-codes/remove', { userId }, context)).json).to.equal({ status: 'OK', didCodesExist: true });
                expect((await post(core.uri, '/staffgate/recovery-codes/remove', { userId }, context)).json).to.equal({ status: 'OK', didCodesExist: false });
                expect(await status(userId)).to.equal({ status: 'OK', total: 0, remaining: 0 });
                expect(await consume(userId, codes[0])).to.equal({ status: 'INVALID_RECOVERY_CODE_ERROR' });
            });

            it('audits generation, use, failure and removal, with the caller\'s context and never a code', async () => {

                const userId = newUserId();
                const { codes } = await generate(userId);
                await consume(userId, codes[0]);
                await consume(userId, 'wrong');
                await generate(userId);
                await post(core.uri, '/staffgate/recovery-codes/remove', { userId }, { ...context, 'x-staffgate-actor': 'admin-1' });

                expect(await events(userId)).to.equal([
                    { event: 'recovery_codes_generated', details: { replaced: 0 }, ip: '203.0.113.9' },
                    { event: 'recovery_code_used', details: { remaining: 9 }, ip: '203.0.113.9' },
                    { event: 'recovery_code_failed', details: {}, ip: '203.0.113.9' },
                    { event: 'recovery_codes_generated', details: { replaced: 9 }, ip: '203.0.113.9' },
                    { event: 'recovery_codes_removed', details: { removed: 10 }, ip: '203.0.113.9', actorId: 'admin-1' }
                ]);
                const { text } = await get(core.uri, `/staffgate/audit?userId=${userId}`);
                for (const code of codes) {
                    expect(text).to.not.contain(code);
                }
            });

            it('shows a user\'s two-factor state, lists enrolled users, and resets everything for an admin', async () => {

                const userId = newUserId();
                const device = (await post(core.uri, '/recipe/totp/device', { userId, deviceName: 'phone', skew: 1, period: 30 })).json;
                await post(core.uri, '/recipe/totp/device', { userId, deviceName: 'spare', skew: 0, period: 30 });
                const created = clock();
                expect((await get(core.uri, `/staffgate/two-factor?userId=${userId}`)).json).to.part.include({ enabled: false });
                expect((await get(core.uri, '/staffgate/two-factor/users')).json.userIds).to.not.include(userId);

                clock.advance(1000);
                await post(core.uri, '/public/recipe/totp/device/verify', { userId, deviceName: 'phone', totp: totpCode(device.secret, clock()) });
                await generate(userId);

                const state = await get(core.uri, `/staffgate/two-factor?userId=${userId}`);
                expect(state.json).to.equal({
                    status: 'OK',
                    enabled: true,
                    devices: [
                        { name: 'phone', period: 30, skew: 1, verified: true, createdAt: created, lastUsedAt: clock() },
                        { name: 'spare', period: 30, skew: 0, verified: false, createdAt: created }
                    ],
                    recoveryCodes: { total: 10, remaining: 10, createdAt: clock() }
                });
                expect(state.text).to.not.contain(device.secret);
                expect((await get(core.uri, '/staffgate/two-factor/users')).json.userIds).to.include(userId);

                const reset = await post(core.uri, '/staffgate/two-factor/reset', { userId }, { ...context, 'x-staffgate-actor': 'admin-2' });
                expect(reset.json).to.equal({ status: 'OK', devicesRemoved: 2, recoveryCodesRemoved: 10 });
                expect((await get(core.uri, `/staffgate/two-factor?userId=${userId}`)).json).to.equal({ status: 'OK', enabled: false, devices: [], recoveryCodes: { total: 0, remaining: 0 } });
                expect((await get(core.uri, '/staffgate/two-factor/users')).json.userIds).to.not.include(userId);
                expect((await events(userId)).at(-1)).to.equal({ event: 'two_factor_reset', details: { devicesRemoved: 2, recoveryCodesRemoved: 10 }, ip: '203.0.113.9', actorId: 'admin-2' });
            });

            it('rejects bad input with 400', async () => {

                expect((await post(core.uri, '/staffgate/recovery-codes', { userId: '' })).text).to.equal('userId cannot be empty\n');
                expect((await post(core.uri, '/staffgate/recovery-codes/consume', { userId: 'u' })).status).to.equal(400);
                expect((await get(core.uri, '/staffgate/recovery-codes')).status).to.equal(400);
                expect((await get(core.uri, '/staffgate/two-factor')).status).to.equal(400);
                expect((await post(core.uri, '/staffgate/two-factor/reset', {})).status).to.equal(400);
            });
        });
    }
});
