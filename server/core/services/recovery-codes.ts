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

import type { RecoveryCodeStore } from '../storage';
import type { AuditTrail } from './audit';
import type { Caller } from './caller';
import type { Clock } from './clock';
import { constantTimeEqual, sha256Hex } from './crypto';
import { nonEmpty } from './errors';
import { encodeBase32 } from './totp-codes';


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
    readonly #audit: AuditTrail;

    constructor(options: { appId: string; store: RecoveryCodeStore; clock: Clock; audit: AuditTrail }) {

        this.#appId = options.appId;
        this.#store = options.store;
        this.#clock = options.clock;
        this.#audit = options.audit;
    }

    /** A new set of codes, replacing the old one; the codes are in this answer and nowhere else. */
    async generate(caller: Caller, userId: string) {

        nonEmpty('userId', userId);
        const codes = Array.from({ length: recoveryCodeCount }, newRecoveryCode);
        const createdAt = this.#clock();
        const replaced = (await this.#store.listCodes(this.#appId, userId)).filter((code) => code.usedAt === undefined).length;
        await this.#store.replaceCodes(this.#appId, userId, codes.map((code) => hashOf(userId, code)), createdAt);
        await this.#audit.record(caller, 'recovery_codes_generated', userId, { replaced });
        return { status: 'OK' as const, codes, createdAt };
    }

    /** Spends a code: OK with the number left, or INVALID_RECOVERY_CODE_ERROR (unknown, used, or for someone else). */
    async consume(caller: Caller, userId: string, code: string) {

        nonEmpty('userId', userId);
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
            await this.#audit.record(caller, 'recovery_code_failed', userId);
            return { status: 'INVALID_RECOVERY_CODE_ERROR' as const };
        }

        const remaining = stored.filter((candidate) => candidate.usedAt === undefined).length - 1;
        await this.#audit.record(caller, 'recovery_code_used', userId, { remaining });
        return { status: 'OK' as const, remaining };
    }

    /** GET /staffgate/recovery-codes: the summary below. */
    async status(userId: string) {

        return { status: 'OK' as const, ...await this.summary(userId) };
    }

    /** How many codes are left, and when the set was made and last used. */
    async summary(userId: string) {

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
    async remove(caller: Caller, userId: string) {

        const removed = await this.removeAll(nonEmpty('userId', userId));
        if (removed) {
            await this.#audit.record(caller, 'recovery_codes_removed', userId, { removed });
        }

        return { status: 'OK' as const, didCodesExist: removed > 0 };
    }

    /** Deletes the user's codes without an audit event of its own (part of a two-factor reset). */
    removeAll(userId: string): Promise<number> {

        return this.#store.removeCodes(this.#appId, userId);
    }
}
