import type { Database } from 'better-sqlite3';

import type { TotpCheckDecision, TotpDeviceRecord, TotpStore, UsedTotpCode } from '..';
import { toTotpDevice, toUsedTotpCode, type TotpDeviceRow, type UsedTotpCodeRow } from '../rows';


export const createTotpStore = (db: Database): TotpStore => {

    const statements = {
        addUser: db.prepare('INSERT INTO totp_users (app_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING'),
        removeUser: db.prepare('DELETE FROM totp_users WHERE app_id = ? AND user_id = ?'),
        getDevice: db.prepare('SELECT * FROM totp_devices WHERE app_id = ? AND user_id = ? AND device_name = ?'),
        listDevices: db.prepare('SELECT * FROM totp_devices WHERE app_id = ? AND user_id = ? ORDER BY created_at, device_name'),
        deleteDevice: db.prepare('DELETE FROM totp_devices WHERE app_id = ? AND user_id = ? AND device_name = ?'),
        insertDevice: db.prepare(`INSERT INTO totp_devices (app_id, user_id, device_name, secret, period, skew, verified, created_at)
                                  VALUES (@appId, @userId, @name, @secret, @period, @skew, 0, @createdAt)`),
        rename: db.prepare('UPDATE totp_devices SET device_name = ? WHERE app_id = ? AND user_id = ? AND device_name = ?'),
        usedCodes: db.prepare('SELECT * FROM totp_used_codes WHERE app_id = ? AND tenant_id = ? AND user_id = ? ORDER BY created_at DESC, id DESC'),
        insertCode: db.prepare(`INSERT INTO totp_used_codes (app_id, tenant_id, user_id, code, is_valid, created_at, expires_at)
                                VALUES (?, ?, ?, ?, ?, ?, ?)`),
        accept: db.prepare('UPDATE totp_devices SET verified = 1, last_used_at = ? WHERE app_id = ? AND user_id = ? AND device_name = ?'),
        deleteExpired: db.prepare('DELETE FROM totp_used_codes WHERE expires_at < ?'),
        enrolled: db.prepare('SELECT DISTINCT user_id FROM totp_devices WHERE app_id = ? AND verified = 1 ORDER BY user_id').pluck()
    };

    const listDevices = (appId: string, userId: string) => (statements.listDevices.all(appId, userId) as TotpDeviceRow[]).map(toTotpDevice);

    const createDevice = db.transaction((appId: string, device: TotpDeviceRecord): boolean => {

        const existing = statements.getDevice.get(appId, device.userId, device.name) as TotpDeviceRow | undefined;
        if (existing?.verified) {
            return false;
        }

        statements.addUser.run(appId, device.userId);
        statements.deleteDevice.run(appId, device.userId, device.name);
        statements.insertDevice.run({ appId, ...device });
        return true;
    });

    const renameDevice = db.transaction((appId: string, userId: string, from: string, to: string): 'OK' | 'UNKNOWN_DEVICE' | 'DEVICE_ALREADY_EXISTS' => {

        if (!statements.getDevice.get(appId, userId, from)) {
            return 'UNKNOWN_DEVICE';
        }

        if (from !== to && statements.getDevice.get(appId, userId, to)) {
            return 'DEVICE_ALREADY_EXISTS';
        }

        statements.rename.run(to, appId, userId, from);
        return 'OK';
    });

    const removeDevice = db.transaction((appId: string, userId: string, name: string): TotpDeviceRecord | undefined => {

        const row = statements.getDevice.get(appId, userId, name) as TotpDeviceRow | undefined;
        if (!row) {
            return undefined;
        }

        statements.deleteDevice.run(appId, userId, name);
        if (!listDevices(appId, userId).length) {
            statements.removeUser.run(appId, userId);
        }

        return toTotpDevice(row);
    });

    const removeUser = db.transaction((appId: string, userId: string): TotpDeviceRecord[] => {

        const devices = listDevices(appId, userId);
        statements.removeUser.run(appId, userId);
        return devices;
    });

    const runCheck = <T>(appId: string, tenantId: string, userId: string, decide: (state: { devices: TotpDeviceRecord[]; usedCodes: UsedTotpCode[] }) => TotpCheckDecision<T>): T => {

        const devices = listDevices(appId, userId);
        const usedCodes = (statements.usedCodes.all(appId, tenantId, userId) as UsedTotpCodeRow[]).map(toUsedTotpCode);
        const decision = decide({ devices, usedCodes });
        const { record } = decision;
        if (record) {
            statements.insertCode.run(appId, tenantId, userId, record.code, record.isValid ? 1 : 0, record.createdAt, record.expiresAt);
            if (decision.acceptedDevice !== undefined) {
                statements.accept.run(record.createdAt, appId, userId, decision.acceptedDevice);
            }
        }

        return decision.result;
    };

    return {
        createDevice: async (appId, device) => createDevice.immediate(appId, device),

        renameDevice: async (appId, userId, from, to) => renameDevice.immediate(appId, userId, from, to),
        listDevices: async (appId, userId) => listDevices(appId, userId),
        removeDevice: async (appId, userId, name) => removeDevice.immediate(appId, userId, name),
        removeUser: async (appId, userId) => removeUser.immediate(appId, userId),
        checkCode: async (appId, tenantId, userId, decide) => db.transaction(() => runCheck(appId, tenantId, userId, decide)).immediate(),
        deleteExpiredCodes: async (time) => statements.deleteExpired.run(time).changes,
        listEnrolledUsers: async (appId) => statements.enrolled.all(appId) as string[]
    };
};
