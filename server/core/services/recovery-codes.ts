/*
 * Recovery codes (a Staffgate extension): ten single-use codes that stand in for the authenticator app.
 *
 * Threat model: someone who knows a user's password, or who reads the database. Invariants: a code is shown only
 * in the answer that generated it; only a hash is stored, bound to the user; each code has 80 random bits, so a
 * SHA-256 hash cannot be reversed by guessing and online guessing is hopeless without an attempt counter; the
 * submitted code is compared with every stored hash in constant time; spending is a compare-and-set, so a code
 * works once even when two requests race; generating a new set deletes the old one in the same transaction.
 */

import * as Crypto from 'crypto';

import type { Caller } from '../audit';
import type { RecoveryCodeStore } from '../storage';
import type { Clock } from './clock';
import { constantTimeEqual, sha256Hex } from './crypto';
import { encodeBase32 } from './totp-codes';
import type { TwoFactorAudit } from './two-factor-audit';


export const recoveryCodeCount = 10;

/** 10 random bytes: 80 bits, 16 Base32 characters shown as four groups (`abcd-efgh-jkmn-pqrs`). */
const newRecoveryCode = (): string => encodeBase32(Crypto.randomBytes(10)).toLowerCase().match(/.{4}/g)!.join('-');

/** What users may type: any case, with or without the dashes and spaces. */
const normalise = (code: string): string => code.replace(/[\s-]/g, '').toLowerCase();

const hashOf = (userId: string, code: string): string => sha256Hex(`${userId}\n${normalise(code)}`);


export class RecoveryCodes {

    readonly #appId: string;
    readonly #store: RecoveryCodeStore;
    readonly #clock: Clock;
    readonly #audit: TwoFactorAudit;

    constructor(options: { appId: string; store: RecoveryCodeStore; clock: Clock; audit: TwoFactorAudit }) {

        this.#appId = options.appId;
        this.#store = options.store;
        this.#clock = options.clock;
        this.#audit = options.audit;
    }

    /** A new set of codes, replacing the old one; the codes are in this answer and nowhere else. */
    async generate(userId: string, caller: Caller) {

        const codes = Array.from({ length: recoveryCodeCount }, newRecoveryCode);
        const createdAt = this.#clock();
        const replaced = (await this.#store.listCodes(this.#appId, userId)).filter((code) => code.usedAt === undefined).length;
        await this.#store.replaceCodes(this.#appId, userId, codes.map((code) => hashOf(userId, code)), createdAt);
        await this.#audit({ event: 'recovery_codes_generated', userId, details: { replaced } }, caller);
        return { status: 'OK' as const, codes, createdAt };
    }

    /** Spends a code: OK with the number left, or INVALID_RECOVERY_CODE_ERROR (unknown, used, or for someone else). */
    async consume(userId: string, code: string, caller: Caller) {

        const stored = await this.#store.listCodes(this.#appId, userId);
        const presented = hashOf(userId, code);
        let match: string | undefined;
        for (const candidate of stored) {
            // Every unused hash is compared, matched or not, so the time taken does not say which one matched.
            if (constantTimeEqual(candidate.codeHash, presented) && candidate.usedAt === undefined) {
                match = candidate.codeHash;
            }
        }

        if (match === undefined || !await this.#store.useCode(this.#appId, userId, match, this.#clock())) {
            await this.#audit({ event: 'recovery_code_failed', userId, details: {} }, caller);
            return { status: 'INVALID_RECOVERY_CODE_ERROR' as const };
        }

        const remaining = stored.filter((candidate) => candidate.usedAt === undefined).length - 1;
        await this.#audit({ event: 'recovery_code_used', userId, details: { remaining } }, caller);
        return { status: 'OK' as const, remaining };
    }

    /** How many codes are left, and when the set was made and last used. */
    async status(userId: string) {

        const stored = await this.#store.listCodes(this.#appId, userId);
        const used = stored.flatMap((code) => (code.usedAt === undefined ? [] : [code.usedAt]));
        return {
            total: stored.length,
            remaining: stored.length - used.length,
            ...(stored[0] ? { createdAt: stored[0].createdAt } : {}),
            ...(used.length ? { lastUsedAt: Math.max(...used) } : {})
        };
    }

    /** Deletes the user's codes; returns how many there were. */
    async remove(userId: string, caller: Caller) {

        const removed = await this.removeAll(userId);
        if (removed) {
            await this.#audit({ event: 'recovery_codes_removed', userId, details: { removed } }, caller);
        }

        return { status: 'OK' as const, didCodesExist: removed > 0 };
    }

    /** Deletes the user's codes without an audit event of its own (part of a two-factor reset). */
    removeAll(userId: string): Promise<number> {

        return this.#store.removeCodes(this.#appId, userId);
    }
}
