/*
 * Passwordless sign-in: one-time codes and magic links for an email or a phone number, as the official core makes
 * and checks them (cdi-5.4-more.md §2). Staffgate sends no SMS, but stores phone numbers as the core does.
 *
 * A device is one sign-in attempt. Its id goes to the client and is never stored; its SHA-256 is the
 * preAuthSessionId. A code's link code is an HMAC of the user input code keyed by the device id and a salt that
 * never leaves the core, and only the link code's SHA-256 is stored: the database alone gives neither a working
 * code nor a link. Wrong or expired user input codes count against `maxCodeInputAttempts`; the device is deleted
 * at the last one. A successful consume deletes every pending device of the email or phone number (single use).
 */

import * as Crypto from 'crypto';

import * as Hoek from '@hapi/hoek';

import type { PasswordlessCode, PasswordlessContact, PasswordlessDeviceWithCodes, Storage } from '../storage';
import type { AuditTrail } from './audit';
import type { Caller } from './caller';
import type { Clock } from './clock';
import { randomUuid } from './crypto';
import { InvalidInputError } from './errors';
import { normalisePhoneNumber } from './phone-numbers';
import { normaliseEmail, toUserJson } from './users';


export interface PasswordlessOptions {
    readonly appId: string;
    readonly storage: Storage;
    readonly clock: Clock;
    readonly audit: AuditTrail;
    /** ms */
    readonly codeLifetime: number;
    readonly maxCodeInputAttempts: number;
}

export type CodeProof =
    | { readonly preAuthSessionId: string; readonly linkCode: string }
    | { readonly preAuthSessionId: string; readonly deviceId: string; readonly userInputCode: string };

export type DeviceQuery = { readonly email: string } | { readonly phoneNumber: string } | { readonly deviceId: string } | { readonly preAuthSessionId: string };

interface NewCode {
    readonly userInputCode: string;
    readonly linkCode: string;
    readonly record: PasswordlessCode;
}

const restartFlow = { status: 'RESTART_FLOW_ERROR' } as const;
const maxCreateTries = 5;


export class Passwordless {

    readonly #options: PasswordlessOptions;

    constructor(options: PasswordlessOptions) {

        this.#options = options;
    }

    get #store() {

        return this.#options.storage.passwordless;
    }

    /** A new device with its first code (email or phone number), or another code for a device (deviceId). */
    async createCode(tenantId: string, input: { email: string } | { phoneNumber: string } | { deviceId: string }, userInputCode?: string) {

        if ('deviceId' in input) {
            return this.#resendCode(tenantId, input.deviceId, userInputCode);
        }

        const contact = normaliseContact(input);
        const deviceId = Crypto.randomBytes(32);
        const linkCodeSalt = Crypto.randomBytes(32).toString('base64');
        const deviceIdHash = hashDeviceId(deviceId);
        const code = this.#newCode(deviceId, deviceIdHash, linkCodeSalt, userInputCode);
        // The device id and the link code derive from 32 random bytes: a collision is not a case to retry.
        Hoek.assert(await this.#store.createDevice(this.#options.appId, tenantId, { deviceIdHash, contact, linkCodeSalt, failedAttempts: 0 }, code.record), 'A new passwordless device collided with a stored one');
        return this.#created(deviceId, code);
    }

    /** Checks a code, and with `consume` signs the user in or up and ends every pending code of the contact. */
    async consumeCode(caller: Caller, tenantId: string, proof: CodeProof, consume: boolean) {

        const { appId, codeLifetime, maxCodeInputAttempts } = this.#options;
        const located = await this.#locate(tenantId, proof);
        if (!located) {
            return restartFlow;
        }

        if (located.deviceIdHash !== proof.preAuthSessionId.replace(/=+$/, '')) {
            throw new InvalidInputError('preAuthSessionId and deviceId doesn\'t match');
        }

        const result = await this.#store.checkCode(appId, tenantId, {
            ...located,
            expiredBefore: this.#options.clock() - codeLifetime,
            maxAttempts: maxCodeInputAttempts,
            consume
        });

        if (result.status === 'RESTART_FLOW') {
            return restartFlow;
        }

        if (result.status !== 'OK') {
            return {
                status: `${result.status}_USER_INPUT_CODE_ERROR` as const,
                failedCodeInputAttemptCount: result.failedAttempts,
                maximumCodeInputAttempts: maxCodeInputAttempts
            };
        }

        const { device } = result;
        const consumedDevice = { preAuthSessionId: device.deviceIdHash, failedCodeInputAttemptCount: device.failedAttempts, ...device.contact };
        if (!consume) {
            return { status: 'OK' as const, consumedDevice };
        }

        const signedIn = await this.#options.storage.users.signInUpPasswordless({ appId, tenantId, userId: randomUuid(), ...device.contact, timeJoined: this.#options.clock() });
        // Reachable only when a concurrent sign-up with the same contact won between the code check and this write.
        // $lab:coverage:off$
        if (!signedIn) {
            return restartFlow;
        }
        // $lab:coverage:on$

        const { createdNewUser, user } = signedIn;
        const other: PasswordlessContact | undefined = device.contact.email === undefined ?
            (user.email === undefined ? undefined : { email: user.email }) :
            (user.phoneNumber === undefined ? undefined : { phoneNumber: user.phoneNumber });
        if (other) {
            await this.#store.deleteDevicesOf(appId, tenantId, other);
        }

        if (await this.#options.storage.bans.getBan(appId, user.userId)) {
            await this.#options.audit.record(caller, 'sign_in_failed', user.userId, { method: 'passwordless', reason: 'banned' });
            return restartFlow;
        }

        await this.#options.audit.record(caller, createdNewUser ? 'sign_up' : 'sign_in', user.userId, { method: 'passwordless' });
        return { status: 'OK' as const, createdNewUser, user: toUserJson(user), recipeUserId: user.userId, consumedDevice };
    }

    /** Devices (with their codes, expired ones too) by email, phone number, device id or preAuthSessionId. */
    async listCodes(tenantId: string, query: DeviceQuery) {

        const { appId } = this.#options;
        let devices: PasswordlessDeviceWithCodes[];
        if ('deviceId' in query || 'preAuthSessionId' in query) {
            const deviceIdHash = 'deviceId' in query ? hashDeviceId(decode(query.deviceId, 'deviceId', base64)) : query.preAuthSessionId;
            const device = await this.#store.getDevice(appId, tenantId, deviceIdHash);
            devices = device ? [device] : [];
        }
        else {
            devices = await this.#store.listDevices(appId, tenantId, normaliseContact(query));
        }

        return {
            status: 'OK',
            devices: devices.map((device) => ({
                preAuthSessionId: device.deviceIdHash,
                failedCodeInputAttemptCount: device.failedAttempts,
                ...device.contact,
                codes: device.codes.map((code) => ({ codeId: code.codeId, timeCreated: code.createdAt, codeLifetime: this.#options.codeLifetime }))
            }))
        };
    }

    /** Revokes one code (its device goes with its last code) or a whole device; unknown ids are fine. */
    async revokeCode(tenantId: string, target: { codeId: string } | { preAuthSessionId: string }) {

        if ('codeId' in target) {
            await this.#store.deleteCode(this.#options.appId, tenantId, target.codeId);
        }
        else {
            await this.#store.deleteDevice(this.#options.appId, tenantId, target.preAuthSessionId);
        }

        return { status: 'OK' };
    }

    /** Revokes every pending code of an email or phone number. */
    async revokeAllCodes(tenantId: string, contact: { email: string } | { phoneNumber: string }) {

        await this.#store.deleteDevicesOf(this.#options.appId, tenantId, normaliseContact(contact));
        return { status: 'OK' };
    }

    /** Changes a passwordless user's email or phone number (null clears it); pending codes of both values end. */
    async updateUser(caller: Caller, userId: string, change: { email?: string | null; phoneNumber?: string | null }) {

        if (change.email === null && change.phoneNumber === null) {
            throw new InvalidInputError('You cannot clear both email and phone number of a user');
        }

        const { appId, storage } = this.#options;
        const email = change.email === undefined || change.email === null ? change.email : normaliseEmail(change.email);
        const phoneNumber = change.phoneNumber === undefined || change.phoneNumber === null ? change.phoneNumber : normalisePhoneNumber(change.phoneNumber);
        const before = await storage.users.getUser(appId, userId);
        const result = await storage.users.updatePasswordlessUser(appId, userId, { email, phoneNumber });
        if (result === 'NO_CONTACT_LEFT') {
            throw new InvalidInputError('You cannot clear both email and phone number of a user');
        }

        if (result !== 'OK') {
            return { status: `${result}_ERROR` };
        }

        const ended = [before?.email, email].filter((value) => typeof value === 'string').map((value) => ({ email: value }));
        const endedPhones = [before?.phoneNumber, phoneNumber].filter((value) => typeof value === 'string').map((value) => ({ phoneNumber: value }));
        for (const contact of [...ended, ...endedPhones]) {
            await this.#store.deleteDevicesOf(appId, before!.tenantId, contact);
        }

        if (email !== undefined && email !== before!.email) {
            await this.#options.audit.record(caller, 'email_changed', userId, { email });
        }

        return { status: 'OK' };
    }

    async #resendCode(tenantId: string, deviceIdText: string, userInputCode?: string) {

        const deviceId = decode(deviceIdText, 'deviceId', base64);
        const deviceIdHash = hashDeviceId(deviceId);
        const device = await this.#store.getDevice(this.#options.appId, tenantId, deviceIdHash);
        if (!device) {
            return restartFlow;
        }

        // The loop runs out only when random codes clash with the device's codes five times in a row.
        for (let i = 0; i < maxCreateTries; ++i) {          // $lab:coverage:ignore$
            const code = this.#newCode(deviceId, deviceIdHash, device.linkCodeSalt, userInputCode);
            const added = await this.#store.addCode(this.#options.appId, tenantId, code.record);
            if (added === 'OK') {
                return this.#created(deviceId, code);
            }

            // Reachable only when the device is deleted (consumed, revoked) between the read above and this insert.
            // $lab:coverage:off$
            if (added === 'UNKNOWN_DEVICE') {
                return restartFlow;
            }
            // $lab:coverage:on$

            // A random 6-digit code that clashes with one of the device's codes is drawn again (the false branch).
            if (userInputCode !== undefined) {      // $lab:coverage:ignore$
                return { status: 'USER_INPUT_CODE_ALREADY_USED_ERROR' };
            }
        }

        // Five clashes of random codes in a row: not reachable in practice.
        throw new Error('could not make a unique passwordless code');       // $lab:coverage:ignore$
    }

    #newCode(deviceId: Buffer, deviceIdHash: string, linkCodeSalt: string, userInputCode = randomDigits(6)): NewCode {

        const linkCode = makeLinkCode(deviceId, linkCodeSalt, userInputCode);
        return {
            userInputCode,
            linkCode: linkCode.toString('base64url'),
            record: { codeId: randomUuid(), deviceIdHash, linkCodeHash: hashLinkCode(linkCode), createdAt: this.#options.clock() }
        };
    }

    #created(deviceId: Buffer, code: NewCode) {

        return {
            status: 'OK',
            preAuthSessionId: code.record.deviceIdHash,
            codeId: code.record.codeId,
            deviceId: deviceId.toString('base64'),
            userInputCode: code.userInputCode,
            linkCode: code.linkCode,
            timeCreated: code.record.createdAt,
            codeLifetime: this.#options.codeLifetime
        };
    }

    /** The device and link code hash a proof names; undefined when its device or link code is unknown or expired. */
    async #locate(tenantId: string, proof: CodeProof): Promise<{ deviceIdHash: string; linkCodeHash: string; byLinkCode: boolean } | undefined> {

        const { appId } = this.#options;
        if ('linkCode' in proof) {
            const linkCodeHash = hashLinkCode(decode(proof.linkCode, 'linkCode', base64url));
            const code = await this.#store.findCode(appId, tenantId, linkCodeHash);
            if (!code || code.createdAt < this.#options.clock() - this.#options.codeLifetime) {
                return undefined;
            }

            return { deviceIdHash: code.deviceIdHash, linkCodeHash, byLinkCode: true };
        }

        const deviceId = decode(proof.deviceId, 'deviceId', base64);
        const deviceIdHash = hashDeviceId(deviceId);
        const device = await this.#store.getDevice(appId, tenantId, deviceIdHash);
        if (!device) {
            return undefined;
        }

        return { deviceIdHash, linkCodeHash: hashLinkCode(makeLinkCode(deviceId, device.linkCodeSalt, proof.userInputCode)), byLinkCode: false };
    }
}


const base64 = /^[A-Za-z0-9+/]*={0,2}$/;
const base64url = /^[A-Za-z0-9_-]*={0,2}$/;

/** Bytes of a base64 (or base64url) value; other characters are a 400, as Java's decoder makes them. */
const decode = (value: string, name: string, alphabet: RegExp): Buffer => {

    if (!alphabet.test(value)) {
        throw new InvalidInputError(`Input encoding error in ${name}`);
    }

    return Buffer.from(value, alphabet === base64 ? 'base64' : 'base64url');
};

const hashDeviceId = (deviceId: Buffer): string => Crypto.createHash('sha256').update(deviceId).digest('base64url');

const makeLinkCode = (deviceId: Buffer, linkCodeSalt: string, userInputCode: string): Buffer => {

    const key = Buffer.concat([deviceId, Buffer.from(linkCodeSalt, 'base64')]);
    return Crypto.createHmac('sha256', key).update(userInputCode, 'utf8').digest();
};

const hashLinkCode = (linkCode: Buffer): string => Crypto.createHash('sha256').update(linkCode).digest('base64');

const randomDigits = (count: number): string => Array.from({ length: count }, () => Crypto.randomInt(10)).join('');

const normaliseContact = (contact: { email: string } | { phoneNumber: string }): PasswordlessContact => {

    return 'email' in contact ? { email: normaliseEmail(contact.email) } : { phoneNumber: normalisePhoneNumber(contact.phoneNumber) };
};
