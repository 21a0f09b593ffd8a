import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestCore, testAdapters, type TestCore } from '../../helpers/core';
import { hotpOf, manualClock, totpCode, wrongCode } from '../../helpers/totp';
import { get, post, put, signUp } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const newUserId = () => `totp-user-${Crypto.randomUUID()}`;
const period = 30_000;


describe('the test RFC 6238 helper', () => {

    it('gives the RFC 6238 SHA-1 test vectors (last 6 digits)', () => {

        const key = Buffer.from('12345678901234567890', 'ascii');
        expect(hotpOf(key, Math.floor(59 / 30))).to.equal('287082');
        expect(hotpOf(key, Math.floor(1111111109 / 30))).to.equal('081804');
        expect(hotpOf(key, Math.floor(1234567890 / 30))).to.equal('005924');
        expect(hotpOf(key, Math.floor(20000000000 / 30))).to.equal('353130');
        // The same key in Base32 gives the same code.
        expect(totpCode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 59_000)).to.equal('287082');
    });
});


describe('CDI TOTP endpoints (/recipe/totp/...)', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            let core: TestCore;
            const clock = manualClock();

            before(async () => {

                core = await startTestCore({ adapter, clock, env: { CORE_TOTP_MAX_ATTEMPTS: '3', CORE_TOTP_RATE_LIMIT_COOLDOWN_SEC: '60' } });
            });

            after(async () => {

                await core.destroy();
            });

            const createDevice = async (userId: string, extra: Record<string, unknown> = {}) => {

                const res = await post(core.uri, '/recipe/totp/device', { userId, skew: 1, period: 30, ...extra });
                expect(res.status).to.equal(200);
                return res.json;
            };

            const verifyDevice = async (userId: string, deviceName: string, totp: string) => (await post(core.uri, '/public/recipe/totp/device/verify', { userId, deviceName, totp })).json;
            const verifyCode = async (userId: string, totp: string) => (await post(core.uri, '/public/recipe/totp/verify', { userId, totp })).json;
            const list = async (userId: string) => (await get(core.uri, `/recipe/totp/device/list?userId=${encodeURIComponent(userId)}`)).json;

            /** A user with one verified device; the clock is moved past the code used to verify it. */
            const enrolled = async () => {

                const userId = newUserId();
                const { secret } = await createDevice(userId);
                expect(await verifyDevice(userId, 'TOTP Device 0', totpCode(secret, clock()))).to.equal({ status: 'OK', wasAlreadyVerified: false });
                clock.advance(3 * period);
                return { userId, secret };
            };

            it('creates an unverified device with a 32-character Base32 secret, answering exactly status, deviceName and secret', async () => {

                const userId = newUserId();
                const created = await createDevice(userId);
                expect(Object.keys(created).sort()).to.equal(['deviceName', 'secret', 'status']);
                expect(created.status).to.equal('OK');
                expect(created.deviceName).to.equal('TOTP Device 0');
                expect(created.secret).to.match(/^[A-Z2-7]{32}$/);
                expect(await list(userId)).to.equal({ status: 'OK', devices: [{ name: 'TOTP Device 0', period: 30, skew: 1, verified: false }] });
            });

            it('never shows the secret again (list, two-factor status)', async () => {

                const userId = newUserId();
                const { secret } = await createDevice(userId);
                expect((await get(core.uri, `/recipe/totp/device/list?userId=${userId}`)).text).to.not.contain(secret);
                expect((await get(core.uri, `/staffgate/two-factor?userId=${userId}`)).text).to.not.contain(secret);
            });

            it('replaces an unverified device of the same name with a new secret, and refuses to replace a verified one', async () => {

                const userId = newUserId();
                const first = await createDevice(userId, { deviceName: 'phone' });
                const second = await createDevice(userId, { deviceName: 'phone' });
                expect(second.status).to.equal('OK');
                expect(second.secret).to.not.equal(first.secret);
                expect((await list(userId)).devices).to.have.length(1);

                // The old secret no longer verifies the device.
                expect((await verifyDevice(userId, 'phone', totpCode(first.secret, clock()))).status).to.equal('INVALID_TOTP_ERROR');
                expect(await verifyDevice(userId, 'phone', totpCode(second.secret, clock()))).to.equal({ status: 'OK', wasAlreadyVerified: false });
                expect(await createDevice(userId, { deviceName: 'phone' })).to.equal({ status: 'DEVICE_ALREADY_EXISTS_ERROR' });
            });

            it('names devices after the number of verified ones, skipping taken names', async () => {

                const { userId } = await enrolled();
                expect((await createDevice(userId)).deviceName).to.equal('TOTP Device 1');
                // The unverified "TOTP Device 1" is replaced, not skipped.
                expect((await createDevice(userId)).deviceName).to.equal('TOTP Device 1');
                expect((await list(userId)).devices.map((device: { name: string }) => device.name).sort()).to.equal(['TOTP Device 0', 'TOTP Device 1']);

                // One verified device, named "TOTP Device 1": that name is taken, so the next is "TOTP Device 2".
                const other = newUserId();
                const named = await createDevice(other);
                await verifyDevice(other, 'TOTP Device 0', totpCode(named.secret, clock()));
                const renamed = await put(core.uri, '/recipe/totp/device', { userId: other, existingDeviceName: 'TOTP Device 0', newDeviceName: 'TOTP Device 1' });
                expect(renamed.json).to.equal({ status: 'OK' });
                expect((await createDevice(other)).deviceName).to.equal('TOTP Device 2');
            });

            it('renames a device, keeping it verified; unknown devices and name clashes are errors', async () => {

                const { userId } = await enrolled();
                await createDevice(userId, { deviceName: 'laptop' });
                const rename = (existingDeviceName: string, newDeviceName: string, id = userId) => put(core.uri, '/recipe/totp/device', { userId: id, existingDeviceName, newDeviceName });

                expect((await rename('TOTP Device 0', 'phone')).json).to.equal({ status: 'OK' });
                expect((await rename('phone', 'phone')).json).to.equal({ status: 'OK' });
                expect((await rename('TOTP Device 0', 'other')).json).to.equal({ status: 'UNKNOWN_DEVICE_ERROR' });
                expect((await rename('phone', 'x', newUserId())).json).to.equal({ status: 'UNKNOWN_DEVICE_ERROR' });
                expect((await rename('phone', 'laptop')).json).to.equal({ status: 'DEVICE_ALREADY_EXISTS_ERROR' });
                expect((await list(userId)).devices).to.part.include([{ name: 'phone', verified: true }, { name: 'laptop', verified: false }]);
                const { json } = await get(core.uri, `/staffgate/audit?userId=${userId}&event=totp_device_renamed`);
                expect(json.events.map((event: { details: unknown }) => event.details)).to.equal([{ from: 'TOTP Device 0', to: 'phone' }]);
            });

            it('removes a device; an unknown device or user answers didDeviceExist false', async () => {

                const { userId } = await enrolled();
                expect((await post(core.uri, '/recipe/totp/device/remove', { userId, deviceName: 'nope' })).json).to.equal({ status: 'OK', didDeviceExist: false });
                expect((await post(core.uri, '/recipe/totp/device/remove', { userId: newUserId(), deviceName: 'nope' })).json).to.equal({ status: 'OK', didDeviceExist: false });
                expect((await post(core.uri, '/recipe/totp/device/remove', { userId, deviceName: 'TOTP Device 0' })).json).to.equal({ status: 'OK', didDeviceExist: true });
                expect(await list(userId)).to.equal({ status: 'OK', devices: [] });
                expect(await verifyCode(userId, '123456')).to.equal({ status: 'UNKNOWN_USER_ID_ERROR' });
            });

            it('verifies a device only with its own current code, and then answers wasAlreadyVerified without checking', async () => {

                const userId = newUserId();
                const { secret } = await createDevice(userId);
                const other = await createDevice(userId, { deviceName: 'other' });

                expect(await verifyDevice(userId, 'missing', totpCode(secret, clock()))).to.equal({ status: 'UNKNOWN_DEVICE_ERROR' });
                expect(await verifyDevice(newUserId(), 'TOTP Device 0', '000000')).to.equal({ status: 'UNKNOWN_DEVICE_ERROR' });
                // The other device's code does not verify this one.
                expect(await verifyDevice(userId, 'TOTP Device 0', totpCode(other.secret, clock()))).to.equal({ status: 'INVALID_TOTP_ERROR', currentNumberOfFailedAttempts: 1, maxNumberOfFailedAttempts: 3 });
                expect(await verifyDevice(userId, 'TOTP Device 0', totpCode(secret, clock()))).to.equal({ status: 'OK', wasAlreadyVerified: false });
                expect(await verifyDevice(userId, 'TOTP Device 0', 'garbage')).to.equal({ status: 'OK', wasAlreadyVerified: true });
                expect((await list(userId)).devices).to.part.include([{ name: 'TOTP Device 0', verified: true }, { name: 'other', verified: false }]);
            });

            it('checks codes against verified devices only', async () => {

                const userId = newUserId();
                const { secret } = await createDevice(userId);
                expect(await verifyCode(userId, totpCode(secret, clock()))).to.equal({ status: 'INVALID_TOTP_ERROR', currentNumberOfFailedAttempts: 1, maxNumberOfFailedAttempts: 3 });
                expect(await verifyCode(newUserId(), '123456')).to.equal({ status: 'UNKNOWN_USER_ID_ERROR' });
            });

            it('accepts the codes within the skew (one period either side) and no further', async () => {

                const { userId, secret } = await enrolled();
                expect(await verifyCode(userId, totpCode(secret, clock() - 2 * period))).to.equal({ status: 'INVALID_TOTP_ERROR', currentNumberOfFailedAttempts: 1, maxNumberOfFailedAttempts: 3 });
                expect(await verifyCode(userId, totpCode(secret, clock() + 2 * period))).to.equal({ status: 'INVALID_TOTP_ERROR', currentNumberOfFailedAttempts: 2, maxNumberOfFailedAttempts: 3 });
                expect(await verifyCode(userId, totpCode(secret, clock() - period))).to.equal({ status: 'OK' });
                expect(await verifyCode(userId, totpCode(secret, clock() + period))).to.equal({ status: 'OK' });
                expect(await verifyCode(userId, totpCode(secret, clock()))).to.equal({ status: 'OK' });
            });

            it('uses the device\'s own skew and period', async () => {

                const userId = newUserId();
                const { secret } = await createDevice(userId, { skew: 0, period: 5 });
                expect(await list(userId)).to.equal({ status: 'OK', devices: [{ name: 'TOTP Device 0', period: 5, skew: 0, verified: false }] });
                expect((await verifyDevice(userId, 'TOTP Device 0', totpCode(secret, clock() - 5000, 5))).status).to.equal('INVALID_TOTP_ERROR');
                expect((await verifyDevice(userId, 'TOTP Device 0', totpCode(secret, clock(), 5))).status).to.equal('OK');
            });

            it('refuses a code accepted before within its window, on any device, and counts the replay as a failure', async () => {

                const { userId, secret } = await enrolled();
                const code = totpCode(secret, clock());
                expect(await verifyCode(userId, code)).to.equal({ status: 'OK' });
                expect(await verifyCode(userId, code)).to.equal({ status: 'INVALID_TOTP_ERROR', currentNumberOfFailedAttempts: 1, maxNumberOfFailedAttempts: 3 });

                // Still inside the window (3 periods for skew 1): refused.
                clock.advance(period);
                expect((await verifyCode(userId, code)).status).to.equal('INVALID_TOTP_ERROR');
                // The next code works, and resets the streak.
                expect(await verifyCode(userId, totpCode(secret, clock()))).to.equal({ status: 'OK' });
            });

            it('does not accept the code that verified the device at /totp/verify', async () => {

                const userId = newUserId();
                const { secret } = await createDevice(userId);
                const code = totpCode(secret, clock());
                expect((await verifyDevice(userId, 'TOTP Device 0', code)).status).to.equal('OK');
                expect((await verifyCode(userId, code)).status).to.equal('INVALID_TOTP_ERROR');
            });

            it('answers LIMIT_REACHED_ERROR with retryAfterMs after the maximum of wrong codes, until the cooldown has passed', async () => {

                const { userId, secret } = await enrolled();
                const wrong = wrongCode(secret, clock());
                expect(await verifyCode(userId, wrong)).to.equal({ status: 'INVALID_TOTP_ERROR', currentNumberOfFailedAttempts: 1, maxNumberOfFailedAttempts: 3 });
                clock.advance(1000);
                expect(await verifyCode(userId, wrong)).to.equal({ status: 'INVALID_TOTP_ERROR', currentNumberOfFailedAttempts: 2, maxNumberOfFailedAttempts: 3 });
                clock.advance(1000);
                expect(await verifyCode(userId, wrong)).to.equal({ status: 'INVALID_TOTP_ERROR', currentNumberOfFailedAttempts: 3, maxNumberOfFailedAttempts: 3 });

                clock.advance(10_000);
                // Even the right code is refused now, and nothing is counted.
                expect(await verifyCode(userId, totpCode(secret, clock()))).to.equal({ status: 'LIMIT_REACHED_ERROR', retryAfterMs: 50_000, currentNumberOfFailedAttempts: 3, maxNumberOfFailedAttempts: 3 });
                expect((await verifyDevice(userId, 'TOTP Device 0', 'x')).status).to.equal('OK');          // verified already: no check
                clock.advance(49_999);
                expect((await verifyCode(userId, wrong)).retryAfterMs).to.equal(1);

                clock.advance(1);
                expect(await verifyCode(userId, wrong)).to.equal({ status: 'INVALID_TOTP_ERROR', currentNumberOfFailedAttempts: 1, maxNumberOfFailedAttempts: 3 });
                expect(await verifyCode(userId, totpCode(secret, clock()))).to.equal({ status: 'OK' });
                expect((await verifyCode(userId, wrong)).currentNumberOfFailedAttempts).to.equal(1);

                const { json } = await get(core.uri, `/staffgate/audit?userId=${userId}`);
                const events = json.events.map((event: { event: string }) => event.event).reverse();
                expect(events).to.equal([
                    'totp_device_created', 'totp_device_verified',
                    'totp_code_failed', 'totp_code_failed', 'totp_code_failed', 'totp_limit_reached',
                    'totp_code_failed', 'totp_code_failed'
                ]);
            });

            it('shares one counter between device verification and code checks', async () => {

                const userId = newUserId();
                const { secret } = await createDevice(userId);
                expect((await verifyDevice(userId, 'TOTP Device 0', wrongCode(secret, clock()))).currentNumberOfFailedAttempts).to.equal(1);
                expect((await verifyCode(userId, wrongCode(secret, clock()))).currentNumberOfFailedAttempts).to.equal(2);
            });

            it('refuses codes longer than 8 characters without counting them', async () => {

                const { userId, secret } = await enrolled();
                expect(await verifyCode(userId, '123456789')).to.equal({ status: 'INVALID_TOTP_ERROR', currentNumberOfFailedAttempts: 1, maxNumberOfFailedAttempts: 3 });
                expect(await verifyCode(userId, '123456789')).to.equal({ status: 'INVALID_TOTP_ERROR', currentNumberOfFailedAttempts: 1, maxNumberOfFailedAttempts: 3 });
                expect((await verifyCode(userId, wrongCode(secret, clock()))).currentNumberOfFailedAttempts).to.equal(1);
            });

            it('counts racing wrong codes one at a time: exactly the maximum get INVALID_TOTP_ERROR', async () => {

                const { userId, secret } = await enrolled();
                const wrong = wrongCode(secret, clock());
                const answers = await Promise.all(Array.from({ length: 10 }, () => verifyCode(userId, wrong)));
                const statuses = answers.map((answer) => answer.status);
                expect(statuses.filter((status) => status === 'INVALID_TOTP_ERROR')).to.have.length(3);
                expect(statuses.filter((status) => status === 'LIMIT_REACHED_ERROR')).to.have.length(7);
                expect(answers.filter((answer) => answer.status === 'INVALID_TOTP_ERROR').map((answer) => answer.currentNumberOfFailedAttempts).sort()).to.equal([1, 2, 3]);
            });

            it('accepts a racing correct code once', async () => {

                const { userId, secret } = await enrolled();
                const code = totpCode(secret, clock());
                const answers = await Promise.all(Array.from({ length: 5 }, () => verifyCode(userId, code)));
                expect(answers.filter((answer) => answer.status === 'OK')).to.have.length(1);
            });

            it('deletes used codes once past their window and the cooldown (the hourly cleanup)', async () => {

                const { userId, secret } = await enrolled();
                await verifyCode(userId, wrongCode(secret, clock()));
                // Expires 3 periods after it was tried, and is kept for the cooldown (60 s) after that. Older codes
                // (the one that verified the device) go first.
                await core.services.totp.deleteExpiredCodes(clock() + 3 * period + 60_000);
                expect(await core.services.totp.deleteExpiredCodes(clock() + 3 * period + 60_000)).to.equal(0);
                expect(await core.services.totp.deleteExpiredCodes(clock() + 3 * period + 60_001)).to.equal(1);
                clock.advance(10);
                expect((await verifyCode(userId, wrongCode(secret, clock()))).currentNumberOfFailedAttempts).to.equal(1);
            });

            it('rejects bad input with the official 400 texts', async () => {

                const cases: [string, string, unknown, string][] = [
                    ['POST', '/recipe/totp/device', { userId: '', skew: 1, period: 30 }, 'userId cannot be empty'],
                    ['POST', '/recipe/totp/device', { userId: 'u', deviceName: '', skew: 1, period: 30 }, 'deviceName cannot be empty'],
                    ['POST', '/recipe/totp/device', { userId: 'u', skew: -1, period: 30 }, 'skew must be >= 0'],
                    ['POST', '/recipe/totp/device', { userId: 'u', skew: 1, period: 0 }, 'period must be > 0'],
                    ['POST', '/recipe/totp/device', { userId: 'u', skew: 1 }, `Field name 'period' is invalid in JSON input`],
                    ['POST', '/recipe/totp/device', { userId: 'u', skew: 1.5, period: 30 }, `Field name 'skew' is invalid in JSON input`],
                    ['POST', '/recipe/totp/device', { userId: 'u', skew: 1000, period: 30 }, 'skew must be <= 100'],
                    ['PUT', '/recipe/totp/device', { userId: 'u', existingDeviceName: '', newDeviceName: 'b' }, 'existingDeviceName cannot be empty'],
                    ['PUT', '/recipe/totp/device', { userId: 'u', existingDeviceName: 'a', newDeviceName: '' }, 'newDeviceName cannot be empty'],
                    ['POST', '/recipe/totp/verify', { userId: 'u' }, `Field name 'totp' is invalid in JSON input`],
                    ['POST', '/recipe/totp/device/verify', { userId: 'u', totp: '1' }, `Field name 'deviceName' is invalid in JSON input`]
                ];

                for (const [method, path, body, message] of cases) {
                    const res = method === 'PUT' ? await put(core.uri, path, body) : await post(core.uri, path, body);
                    expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).to.equal(400);
                    expect(res.text).to.equal(`${message}\n`);
                }

                expect((await get(core.uri, '/recipe/totp/device/list')).status).to.equal(400);
                expect((await get(core.uri, '/recipe/totp/device/list?userId=')).text).to.equal('userId cannot be empty\n');
            });

            it('deletes the devices and recovery codes of a deleted user', async () => {

                const user = await signUp(core.uri, `totp-${Crypto.randomUUID()}@example.com`);
                const { secret } = await createDevice(user.id);
                await verifyDevice(user.id, 'TOTP Device 0', totpCode(secret, clock()));
                await post(core.uri, '/staffgate/recovery-codes', { userId: user.id });

                expect((await post(core.uri, '/user/remove', { userId: user.id })).json.status).to.equal('OK');
                expect(await list(user.id)).to.equal({ status: 'OK', devices: [] });
                expect((await get(core.uri, `/staffgate/recovery-codes?userId=${user.id}`)).json).to.equal({ status: 'OK', total: 0, remaining: 0 });
            });
        });
    }
});
