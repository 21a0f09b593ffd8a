/*
 * The storage contract for two-factor data (TotpStore, RecoveryCodeStore), run by describeStorage() inside its
 * per-test storage. Same conventions as contract.ts.
 */

import * as Code from '@hapi/code';
import type * as Lab from '@hapi/lab';

import type { Storage, TotpDeviceRecord, UsedTotpCode } from '../../../server/core/storage';
import { app, now, otherApp, otherTenant, sha256, tenant, uuid } from './contract';


const { expect } = Code;

const device = (n: number, overrides: Partial<TotpDeviceRecord> = {}): TotpDeviceRecord => ({
    userId: uuid(1),
    name: `device ${n}`,
    secret: `JBSWY3DPEHPK3PXP${String(n).padStart(16, 'A')}`,
    period: 30,
    skew: 1,
    verified: false,
    createdAt: now + n,
    ...overrides
});

const used = (code: string, isValid: boolean, createdAt: number, overrides: Partial<UsedTotpCode> = {}): UsedTotpCode => ({ code, isValid, createdAt, expiresAt: createdAt + 90_000, ...overrides });

/** A check that records `record` and accepts `acceptedDevice`, answering what it saw. */
const recording = (record?: UsedTotpCode, acceptedDevice?: string) => {

    return (state: { devices: TotpDeviceRecord[]; usedCodes: UsedTotpCode[] }) => ({
        ...(record ? { record } : {}),
        ...(acceptedDevice === undefined ? {} : { acceptedDevice }),
        result: state
    });
};


export const describeTwoFactorStores = (lab: Lab.script.Script, current: () => Storage): void => {

    const { describe, it } = lab;

    describe('totp', () => {

        it('createDevice stores an unverified device; listDevices returns the user\'s devices oldest first', async () => {

            const storage = current();
            expect(await storage.totp.createDevice(app, device(2))).to.be.true();
            expect(await storage.totp.createDevice(app, device(1))).to.be.true();
            expect(await storage.totp.createDevice(app, device(3, { userId: uuid(2) }))).to.be.true();
            expect(await storage.totp.listDevices(app, uuid(1))).to.equal([device(1), device(2)]);
            expect(await storage.totp.listDevices(otherApp, uuid(1))).to.equal([]);
            expect(await storage.totp.listDevices(app, uuid(3))).to.equal([]);
        });

        it('createDevice replaces an unverified device of that name and refuses a verified one', async () => {

            const storage = current();
            await storage.totp.createDevice(app, device(1));
            expect(await storage.totp.createDevice(app, device(1, { secret: 'NEWSECRET', createdAt: now + 50 }))).to.be.true();
            expect(await storage.totp.listDevices(app, uuid(1))).to.equal([device(1, { secret: 'NEWSECRET', createdAt: now + 50 })]);

            await storage.totp.checkCode(app, tenant, uuid(1), recording(used('111111', true, now), 'device 1'));
            expect(await storage.totp.createDevice(app, device(1, { secret: 'THIRD' }))).to.be.false();
            expect((await storage.totp.listDevices(app, uuid(1)))[0]).to.equal(device(1, { secret: 'NEWSECRET', createdAt: now + 50, verified: true, lastUsedAt: now }));
        });

        it('renameDevice renames, keeping the rest; unknown devices and taken names are errors', async () => {

            const storage = current();
            await storage.totp.createDevice(app, device(1));
            await storage.totp.createDevice(app, device(2));
            expect(await storage.totp.renameDevice(app, uuid(1), 'device 1', 'phone')).to.equal('OK');
            expect(await storage.totp.renameDevice(app, uuid(1), 'device 1', 'other')).to.equal('UNKNOWN_DEVICE');
            expect(await storage.totp.renameDevice(app, uuid(1), 'phone', 'device 2')).to.equal('DEVICE_ALREADY_EXISTS');
            expect(await storage.totp.renameDevice(otherApp, uuid(1), 'phone', 'x')).to.equal('UNKNOWN_DEVICE');
            expect(await storage.totp.listDevices(app, uuid(1))).to.equal([device(1, { name: 'phone' }), device(2)]);
        });

        it('checkCode hands the devices and the tenant\'s used codes (newest first) to decide, and applies its decision', async () => {

            const storage = current();
            await storage.totp.createDevice(app, device(1));
            await storage.totp.createDevice(app, device(2));

            const first = await storage.totp.checkCode(app, tenant, uuid(1), recording(used('111111', false, now)));
            expect(first).to.equal({ devices: [device(1), device(2)], usedCodes: [] });

            // Two codes in the same millisecond keep their order.
            await storage.totp.checkCode(app, tenant, uuid(1), recording(used('222222', true, now + 1000), 'device 2'));
            await storage.totp.checkCode(app, tenant, uuid(1), recording(used('333333', false, now + 1000)));
            await storage.totp.checkCode(app, otherTenant, uuid(1), recording(used('444444', false, now + 2000)));

            const seen = await storage.totp.checkCode(app, tenant, uuid(1), recording());
            expect(seen.usedCodes).to.equal([used('333333', false, now + 1000), used('222222', true, now + 1000), used('111111', false, now)]);
            expect(seen.devices).to.equal([device(1), device(2, { verified: true, lastUsedAt: now + 1000 })]);
            expect((await storage.totp.checkCode(app, otherTenant, uuid(1), recording())).usedCodes).to.equal([used('444444', false, now + 2000)]);
        });

        it('checkCode of a user without devices decides on nothing and may store nothing', async () => {

            const storage = current();
            expect(await storage.totp.checkCode(app, tenant, uuid(9), recording())).to.equal({ devices: [], usedCodes: [] });
        });

        it('checkCode runs one decision at a time per user', async () => {

            const storage = current();
            await storage.totp.createDevice(app, device(1));
            const counts = await Promise.all(Array.from({ length: 8 }, (_, i) => {

                return storage.totp.checkCode(app, tenant, uuid(1), (state) => ({
                    record: used(`c${i}`, false, now + i),
                    result: state.usedCodes.length
                }));
            }));

            expect(counts.sort((a, b) => a - b)).to.equal([0, 1, 2, 3, 4, 5, 6, 7]);
        });

        it('removeDevice deletes one device; with the last one the used codes of every tenant go', async () => {

            const storage = current();
            await storage.totp.createDevice(app, device(1));
            await storage.totp.createDevice(app, device(2));
            await storage.totp.checkCode(app, tenant, uuid(1), recording(used('111111', false, now)));
            await storage.totp.checkCode(app, otherTenant, uuid(1), recording(used('222222', false, now)));

            expect(await storage.totp.removeDevice(app, uuid(1), 'device 1')).to.equal(device(1));
            expect(await storage.totp.removeDevice(app, uuid(1), 'device 1')).to.be.undefined();
            expect(await storage.totp.removeDevice(app, uuid(7), 'device 1')).to.be.undefined();
            expect((await storage.totp.checkCode(app, tenant, uuid(1), recording())).usedCodes).to.have.length(1);

            expect(await storage.totp.removeDevice(app, uuid(1), 'device 2')).to.equal(device(2));
            expect(await storage.totp.listDevices(app, uuid(1))).to.equal([]);
            expect(await storage.totp.checkCode(app, tenant, uuid(1), recording())).to.equal({ devices: [], usedCodes: [] });
            expect(await storage.totp.checkCode(app, otherTenant, uuid(1), recording())).to.equal({ devices: [], usedCodes: [] });

            // A new device starts from a clean slate.
            await storage.totp.createDevice(app, device(3));
            expect((await storage.totp.checkCode(app, tenant, uuid(1), recording())).usedCodes).to.equal([]);
        });

        it('removeUser deletes every device and used code of the user, returning the devices', async () => {

            const storage = current();
            await storage.totp.createDevice(app, device(1));
            await storage.totp.createDevice(app, device(2));
            await storage.totp.createDevice(app, device(3, { userId: uuid(2) }));
            await storage.totp.checkCode(app, tenant, uuid(1), recording(used('111111', false, now)));

            expect(await storage.totp.removeUser(app, uuid(1))).to.equal([device(1), device(2)]);
            expect(await storage.totp.removeUser(app, uuid(1))).to.equal([]);
            expect(await storage.totp.checkCode(app, tenant, uuid(1), recording())).to.equal({ devices: [], usedCodes: [] });
            expect(await storage.totp.listDevices(app, uuid(2))).to.equal([device(3, { userId: uuid(2) })]);
        });

        it('deleteExpiredCodes deletes codes that expired before the time', async () => {

            const storage = current();
            await storage.totp.createDevice(app, device(1));
            await storage.totp.checkCode(app, tenant, uuid(1), recording(used('111111', false, now, { expiresAt: now + 10 })));
            await storage.totp.checkCode(app, tenant, uuid(1), recording(used('222222', true, now, { expiresAt: now + 20 })));

            expect(await storage.totp.deleteExpiredCodes(now + 10)).to.equal(0);
            expect(await storage.totp.deleteExpiredCodes(now + 11)).to.equal(1);
            expect((await storage.totp.checkCode(app, tenant, uuid(1), recording())).usedCodes.map((code) => code.code)).to.equal(['222222']);
        });

        it('listEnrolledUsers lists users with a verified device', async () => {

            const storage = current();
            await storage.totp.createDevice(app, device(1, { userId: uuid(2) }));
            await storage.totp.createDevice(app, device(2, { userId: uuid(2) }));
            await storage.totp.createDevice(app, device(1, { userId: uuid(1) }));
            await storage.totp.createDevice(app, device(1, { userId: uuid(3) }));
            await storage.totp.checkCode(app, tenant, uuid(2), recording(used('1', true, now), 'device 1'));
            await storage.totp.checkCode(app, tenant, uuid(2), recording(used('2', true, now), 'device 2'));
            await storage.totp.checkCode(app, tenant, uuid(1), recording(used('1', true, now), 'device 1'));

            expect(await storage.totp.listEnrolledUsers(app)).to.equal([uuid(1), uuid(2)]);
            expect(await storage.totp.listEnrolledUsers(otherApp)).to.equal([]);
        });

        it('deleteUser removes the user\'s devices, used codes and recovery codes', async () => {

            const storage = current();
            const user = { appId: app, tenantId: tenant, userId: uuid(1), email: 'a@example.com', passwordHash: 'h', timeJoined: now, verified: false };
            await storage.users.createEmailPasswordUser(user);
            await storage.totp.createDevice(app, device(1));
            await storage.totp.checkCode(app, tenant, uuid(1), recording(used('111111', false, now)));
            await storage.recoveryCodes.replaceCodes(app, uuid(1), [sha256('a')], now);
            await storage.recoveryCodes.replaceCodes(app, uuid(2), [sha256('b')], now);

            expect(await storage.users.deleteUser(app, uuid(1))).to.be.true();
            expect(await storage.totp.listDevices(app, uuid(1))).to.equal([]);
            expect(await storage.totp.checkCode(app, tenant, uuid(1), recording())).to.equal({ devices: [], usedCodes: [] });
            expect(await storage.recoveryCodes.listCodes(app, uuid(1))).to.equal([]);
            expect(await storage.recoveryCodes.listCodes(app, uuid(2))).to.have.length(1);
        });
    });

    describe('recoveryCodes', () => {

        const hashes = ['a', 'b', 'c'].map(sha256);

        it('replaceCodes stores a set; listCodes lists it; a new set replaces the old one', async () => {

            const storage = current();
            await storage.recoveryCodes.replaceCodes(app, uuid(1), hashes, now);
            expect(await storage.recoveryCodes.listCodes(app, uuid(1))).to.equal([...hashes].sort().map((codeHash) => ({ codeHash, createdAt: now })));
            expect(await storage.recoveryCodes.listCodes(otherApp, uuid(1))).to.equal([]);

            await storage.recoveryCodes.replaceCodes(app, uuid(1), [sha256('d')], now + 1);
            expect(await storage.recoveryCodes.listCodes(app, uuid(1))).to.equal([{ codeHash: sha256('d'), createdAt: now + 1 }]);
        });

        it('useCode spends a code once', async () => {

            const storage = current();
            await storage.recoveryCodes.replaceCodes(app, uuid(1), hashes, now);
            expect(await storage.recoveryCodes.useCode(app, uuid(1), hashes[0]!, now + 5)).to.be.true();
            expect(await storage.recoveryCodes.useCode(app, uuid(1), hashes[0]!, now + 6)).to.be.false();
            expect(await storage.recoveryCodes.useCode(app, uuid(2), hashes[1]!, now + 6)).to.be.false();
            expect(await storage.recoveryCodes.useCode(app, uuid(1), sha256('x'), now + 6)).to.be.false();
            expect((await storage.recoveryCodes.listCodes(app, uuid(1))).find((code) => code.codeHash === hashes[0])).to.equal({ codeHash: hashes[0]!, createdAt: now, usedAt: now + 5 });

            const racing = await Promise.all(Array.from({ length: 5 }, () => storage.recoveryCodes.useCode(app, uuid(1), hashes[1]!, now + 7)));
            expect(racing.filter(Boolean)).to.have.length(1);
        });

        it('removeCodes deletes the user\'s codes and says how many', async () => {

            const storage = current();
            await storage.recoveryCodes.replaceCodes(app, uuid(1), hashes, now);
            await storage.recoveryCodes.replaceCodes(app, uuid(2), hashes, now);
            expect(await storage.recoveryCodes.removeCodes(app, uuid(1))).to.equal(3);
            expect(await storage.recoveryCodes.removeCodes(app, uuid(1))).to.equal(0);
            expect(await storage.recoveryCodes.listCodes(app, uuid(2))).to.have.length(3);
        });
    });
};
