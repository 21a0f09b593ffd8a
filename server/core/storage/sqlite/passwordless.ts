import type { Database } from 'better-sqlite3';

import type { PasswordlessCode, PasswordlessCodeCheck, PasswordlessCodeCheckResult, PasswordlessContact, PasswordlessDevice, PasswordlessDeviceWithCodes, PasswordlessStore } from '..';
import { contactColumn, toPasswordlessCode, toPasswordlessDevice, type PasswordlessCodeRow, type PasswordlessDeviceRow } from '../rows';


const isUniqueViolation = (err: unknown) => (err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT') === true;

export const createPasswordlessStore = (db: Database): PasswordlessStore => {

    const statements = {
        insertDevice: db.prepare(`INSERT INTO passwordless_devices (app_id, tenant_id, device_id_hash, email, phone_number, link_code_salt, failed_attempts)
                                  VALUES (?, ?, ?, ?, ?, ?, ?)`),
        insertCode: db.prepare(`INSERT INTO passwordless_codes (app_id, tenant_id, code_id, device_id_hash, link_code_hash, created_at)
                                VALUES (?, ?, ?, ?, ?, ?)`),
        getDevice: db.prepare('SELECT * FROM passwordless_devices WHERE app_id = ? AND tenant_id = ? AND device_id_hash = ?'),
        codesOf: db.prepare('SELECT * FROM passwordless_codes WHERE app_id = ? AND tenant_id = ? AND device_id_hash = ? ORDER BY created_at, code_id'),
        findCode: db.prepare('SELECT * FROM passwordless_codes WHERE app_id = ? AND tenant_id = ? AND link_code_hash = ?'),
        getCode: db.prepare('SELECT * FROM passwordless_codes WHERE app_id = ? AND tenant_id = ? AND code_id = ?'),
        countFailure: db.prepare('UPDATE passwordless_devices SET failed_attempts = failed_attempts + 1 WHERE app_id = ? AND tenant_id = ? AND device_id_hash = ?'),
        deleteDevice: db.prepare('DELETE FROM passwordless_devices WHERE app_id = ? AND tenant_id = ? AND device_id_hash = ?'),
        deleteCode: db.prepare('DELETE FROM passwordless_codes WHERE app_id = ? AND tenant_id = ? AND code_id = ?'),
        deleteByEmail: db.prepare('DELETE FROM passwordless_devices WHERE app_id = ? AND tenant_id = ? AND email = ?'),
        deleteByPhone: db.prepare('DELETE FROM passwordless_devices WHERE app_id = ? AND tenant_id = ? AND phone_number = ?'),
        listByEmail: db.prepare('SELECT * FROM passwordless_devices WHERE app_id = ? AND tenant_id = ? AND email = ? ORDER BY device_id_hash'),
        listByPhone: db.prepare('SELECT * FROM passwordless_devices WHERE app_id = ? AND tenant_id = ? AND phone_number = ? ORDER BY device_id_hash'),
        deleteExpired: db.prepare(`DELETE FROM passwordless_devices AS d WHERE NOT EXISTS (
                                       SELECT 1 FROM passwordless_codes c
                                       WHERE c.app_id = d.app_id AND c.tenant_id = d.tenant_id AND c.device_id_hash = d.device_id_hash AND c.created_at >= ?)`)
    };

    const withCodes = (appId: string, tenantId: string, row: PasswordlessDeviceRow): PasswordlessDeviceWithCodes => ({
        ...toPasswordlessDevice(row),
        codes: (statements.codesOf.all(appId, tenantId, row.device_id_hash) as PasswordlessCodeRow[]).map(toPasswordlessCode)
    });

    const deleteDevicesOf = (appId: string, tenantId: string, contact: PasswordlessContact) => {

        const { column, value } = contactColumn(contact);
        (column === 'email' ? statements.deleteByEmail : statements.deleteByPhone).run(appId, tenantId, value);
    };

    const createDevice = db.transaction((appId: string, tenantId: string, device: PasswordlessDevice, code: PasswordlessCode) => {

        statements.insertDevice.run(appId, tenantId, device.deviceIdHash, device.contact.email ?? null, device.contact.phoneNumber ?? null, device.linkCodeSalt, device.failedAttempts);
        statements.insertCode.run(appId, tenantId, code.codeId, code.deviceIdHash, code.linkCodeHash, code.createdAt);
    });

    const checkCode = db.transaction((appId: string, tenantId: string, check: PasswordlessCodeCheck): PasswordlessCodeCheckResult => {

        const row = statements.getDevice.get(appId, tenantId, check.deviceIdHash) as PasswordlessDeviceRow | undefined;
        if (!row) {
            return { status: 'RESTART_FLOW' };
        }

        if (row.failed_attempts >= check.maxAttempts) {
            statements.deleteDevice.run(appId, tenantId, check.deviceIdHash);
            return { status: 'RESTART_FLOW' };
        }

        const code = statements.findCode.get(appId, tenantId, check.linkCodeHash) as PasswordlessCodeRow | undefined;
        const found = code && code.device_id_hash === check.deviceIdHash ? code : undefined;
        if (!found || found.created_at < check.expiredBefore) {
            if (check.byLinkCode) {
                return { status: 'RESTART_FLOW' };
            }

            if (row.failed_attempts + 1 >= check.maxAttempts) {
                statements.deleteDevice.run(appId, tenantId, check.deviceIdHash);
                return { status: 'RESTART_FLOW' };
            }

            statements.countFailure.run(appId, tenantId, check.deviceIdHash);
            return { status: found ? 'EXPIRED' : 'INCORRECT', failedAttempts: row.failed_attempts + 1 };
        }

        const device = toPasswordlessDevice(row);
        if (check.consume) {
            deleteDevicesOf(appId, tenantId, device.contact);
        }

        return { status: 'OK', device };
    });

    const deleteCode = db.transaction((appId: string, tenantId: string, codeId: string) => {

        const code = statements.getCode.get(appId, tenantId, codeId) as PasswordlessCodeRow | undefined;
        if (!code) {
            return;
        }

        statements.deleteCode.run(appId, tenantId, codeId);
        if (!statements.codesOf.all(appId, tenantId, code.device_id_hash).length) {
            statements.deleteDevice.run(appId, tenantId, code.device_id_hash);
        }
    });

    return {
        createDevice: async (appId, tenantId, device, code) => {

            try {
                createDevice.immediate(appId, tenantId, device, code);
                return true;
            }
            catch (err) {
                if (isUniqueViolation(err)) {
                    return false;
                }

                throw err;
            }
        },

        addCode: async (appId, tenantId, code) => {

            if (!statements.getDevice.get(appId, tenantId, code.deviceIdHash)) {
                return 'UNKNOWN_DEVICE';
            }

            try {
                statements.insertCode.run(appId, tenantId, code.codeId, code.deviceIdHash, code.linkCodeHash, code.createdAt);
                return 'OK';
            }
            catch (err) {
                if (isUniqueViolation(err)) {
                    return 'CODE_EXISTS';
                }

                throw err;
            }
        },

        getDevice: async (appId, tenantId, deviceIdHash) => {

            const row = statements.getDevice.get(appId, tenantId, deviceIdHash) as PasswordlessDeviceRow | undefined;
            return row && withCodes(appId, tenantId, row);
        },

        findCode: async (appId, tenantId, linkCodeHash) => {

            const row = statements.findCode.get(appId, tenantId, linkCodeHash) as PasswordlessCodeRow | undefined;
            return row && toPasswordlessCode(row);
        },

        listDevices: async (appId, tenantId, contact) => {

            const { column, value } = contactColumn(contact);
            const rows = (column === 'email' ? statements.listByEmail : statements.listByPhone).all(appId, tenantId, value) as PasswordlessDeviceRow[];
            return rows.map((row) => withCodes(appId, tenantId, row));
        },

        checkCode: async (appId, tenantId, check) => checkCode.immediate(appId, tenantId, check),
        deleteCode: async (appId, tenantId, codeId) => deleteCode.immediate(appId, tenantId, codeId),

        deleteDevice: async (appId, tenantId, deviceIdHash) => {

            statements.deleteDevice.run(appId, tenantId, deviceIdHash);
        },

        deleteDevicesOf: async (appId, tenantId, contact) => deleteDevicesOf(appId, tenantId, contact),
        deleteExpiredDevices: async (time) => statements.deleteExpired.run(time).changes
    };
};
