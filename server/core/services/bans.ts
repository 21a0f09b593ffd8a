/*
 * Bans (a Staffgate extension): a banned user cannot sign in by any method or refresh a session, and banning
 * deletes their sessions in the same transaction (storage/BanStore.ban). The sign-in and session checks live in
 * users.ts and sessions.ts; this is the admin side.
 */

import type { Storage } from '../storage';
import type { AuditTrail } from './audit';
import type { Caller } from './caller';
import type { Clock } from './clock';


export class Bans {

    readonly #appId: string;
    readonly #storage: Storage;
    readonly #clock: Clock;
    readonly #audit: AuditTrail;

    constructor(appId: string, storage: Storage, clock: Clock, audit: AuditTrail) {

        this.#appId = appId;
        this.#storage = storage;
        this.#clock = clock;
        this.#audit = audit;
    }

    async get(userId: string) {

        const ban = await this.#storage.bans.getBan(this.#appId, userId);
        return ban ? { status: 'OK', banned: true, ...ban } : { status: 'OK', banned: false };
    }

    /** Bans a known user (the acting admin is recorded as `bannedBy`); answers the sessions it revoked. */
    async ban(caller: Caller, userId: string, reason?: string) {

        if (!await this.#storage.users.getUser(this.#appId, userId)) {
            return { status: 'UNKNOWN_USER_ID_ERROR' };
        }

        const sessionHandlesRevoked = await this.#storage.bans.ban(this.#appId, { userId, bannedAt: this.#clock(), bannedBy: caller.actorId, reason });
        await this.#audit.record(caller, 'user_banned', userId, { reason, sessionsRevoked: sessionHandlesRevoked.length });
        return { status: 'OK', sessionHandlesRevoked };
    }

    async unban(caller: Caller, userId: string) {

        const wasBanned = await this.#storage.bans.unban(this.#appId, userId);
        if (wasBanned) {
            await this.#audit.record(caller, 'user_unbanned', userId);
        }

        return { status: 'OK', wasBanned };
    }
}
