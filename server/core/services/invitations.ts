/*
 * Invitations (a Staffgate extension): an admin invites an email address, optionally with roles, and the invitee
 * creates their account through a single-use link. Tokens are random (32 bytes), stored only as their SHA-256,
 * found by that hash and compared again in constant time; resending makes a new token, so the old link dies.
 * Accepting is a compare-and-set in storage, so of two concurrent accepts exactly one wins.
 *
 * The web app creates the account (through the SDK, so its policies apply) and then calls `accept` with the new
 * user's id; the lifetime comes from the web app's INVITATION_LIFETIME_HOURS with each create and resend.
 */

import type { InvitationRecord, Storage } from '../storage';
import type { AuditTrail } from './audit';
import type { Caller } from './caller';
import type { Clock } from './clock';
import { constantTimeEqual, randomToken, randomUuid, sha256Hex } from './crypto';
import { InvalidInputError } from './errors';
import { normaliseEmail } from './users';


/** What callers see: the stored invitation without its token hash; a pending one past its expiry reads as expired. */
export type InvitationView = Omit<InvitationRecord, 'tokenHash'>;

/** Why a token cannot be used, as CDI-style statuses. */
export type TokenProblem = 'INVALID_TOKEN_ERROR' | 'EXPIRED_ERROR' | 'REVOKED_ERROR' | 'ALREADY_ACCEPTED_ERROR';

const maxLifetimeHours = 24 * 365;
const maxRoles = 50;
const listLimit = 500;

/** A loose shape check (the web app validates addresses properly): one @, no spaces. */
const plausibleEmail = /^[^\s@]+@[^\s@]+$/;


export class Invitations {

    readonly #appId: string;
    readonly #tenantId: string;
    readonly #storage: Storage;
    readonly #clock: Clock;
    readonly #audit: AuditTrail;

    constructor(appId: string, tenantId: string, storage: Storage, clock: Clock, audit: AuditTrail) {

        this.#appId = appId;
        this.#tenantId = tenantId;
        this.#storage = storage;
        this.#clock = clock;
        this.#audit = audit;
    }

    async list() {

        const now = this.#clock();
        const invitations = await this.#storage.invitations.list(this.#appId, listLimit);
        return { status: 'OK', invitations: invitations.map((invitation) => view(invitation, now)) };
    }

    /**
     * Invites an address: `ACCOUNT_EXISTS_ERROR` when a user has it, `UNKNOWN_ROLE_ERROR` for a role that does not
     * exist; else a new invitation ('invited'), or the address's pending one with a new token ('resent').
     */
    async create(caller: Caller, input: { email: string; roles: readonly string[]; lifetimeHours: number }) {

        const email = normaliseEmail(input.email);
        if (!plausibleEmail.test(email) || email.length > 256) {
            throw new InvalidInputError('Field name \'email\' is invalid in JSON input');
        }

        const roles = [...new Set(input.roles.map((role) => role.trim()))];
        if (roles.length > maxRoles || roles.some((role) => !role)) {
            throw new InvalidInputError('Field name \'roles\' is invalid in JSON input');
        }

        const lifetimeMs = lifetimeOf(input.lifetimeHours);
        if (await this.#hasAccount(email)) {
            return { status: 'ACCOUNT_EXISTS_ERROR' };
        }

        for (const role of roles) {
            if (await this.#storage.roles.getPermissions(this.#appId, role) === undefined) {
                return { status: 'UNKNOWN_ROLE_ERROR', role };
            }
        }

        const now = this.#clock();
        const token = randomToken(32);
        const { outcome, invitation } = await this.#storage.invitations.createOrRenew(this.#appId, {
            invitationId: randomUuid(),
            email,
            roles,
            tokenHash: sha256Hex(token),
            createdAt: now,
            expiresAt: now + lifetimeMs,
            invitedBy: caller.actorId
        }, now);

        await this.#audit.record(caller, outcome === 'created' ? 'invitation_created' : 'invitation_resent', undefined, { invitationId: invitation.invitationId, email, roles });
        return { status: 'OK', result: outcome === 'created' ? 'invited' : 'resent', invitation: view(invitation, now), token };
    }

    /** A new token (and expiry) for a pending invitation, expired or not; the previous link stops working. */
    async resend(caller: Caller, invitationId: string, lifetimeHours: number) {

        const lifetimeMs = lifetimeOf(lifetimeHours);
        const existing = await this.#storage.invitations.get(this.#appId, invitationId);
        if (!existing) {
            return { status: 'UNKNOWN_INVITATION_ERROR' };
        }

        if (await this.#hasAccount(existing.email)) {
            return { status: 'ACCOUNT_EXISTS_ERROR' };
        }

        const now = this.#clock();
        const token = randomToken(32);
        const renewed = await this.#storage.invitations.renewToken(this.#appId, invitationId, { tokenHash: sha256Hex(token), sentAt: now, expiresAt: now + lifetimeMs });
        if (!renewed) {
            return { status: 'INVITATION_NOT_PENDING_ERROR' };
        }

        await this.#audit.record(caller, 'invitation_resent', undefined, { invitationId, email: renewed.email });
        return { status: 'OK', invitation: view(renewed, now), token };
    }

    async revoke(caller: Caller, invitationId: string) {

        const revoked = await this.#storage.invitations.revoke(this.#appId, invitationId, this.#clock());
        if (!revoked) {
            const existing = await this.#storage.invitations.get(this.#appId, invitationId);
            return existing ? { status: 'OK', wasPending: false } : { status: 'UNKNOWN_INVITATION_ERROR' };
        }

        await this.#audit.record(caller, 'invitation_revoked', undefined, { invitationId, email: revoked.email });
        return { status: 'OK', wasPending: true };
    }

    /** Whether the token can be accepted now: the invitation, or why not. Changes nothing. */
    async check(token: string) {

        const found = await this.#findByToken(token);
        if (!found) {
            return { status: 'INVALID_TOKEN_ERROR' };
        }

        const now = this.#clock();
        const problem = problemOf(found, now);
        return problem ? { status: problem } : { status: 'OK', invitation: view(found, now) };
    }

    /**
     * Marks the invitation accepted by `userId` (the account the web app just created), once: a second accept of
     * the same token for another account, a revoked or an expired one gets the reason instead. Accepting again for
     * the same account answers OK and changes nothing (the sign-up policy's hook may have accepted it already).
     */
    async accept(caller: Caller, token: string, userId: string) {

        const found = await this.#findByToken(token);
        if (!found) {
            return { status: 'INVALID_TOKEN_ERROR' };
        }

        return this.#accept(caller, found, userId);
    }

    async #accept(caller: Caller, found: InvitationRecord, userId: string) {

        const now = this.#clock();
        const accepted = await this.#storage.invitations.accept(this.#appId, found.tokenHash, userId, now);
        if (!accepted) {
            const current = await this.#storage.invitations.get(this.#appId, found.invitationId);
            if (current?.state === 'accepted' && current.acceptedUserId === userId) {
                return { status: 'OK', invitation: view(current, now) };          // the same account again: no change
            }

            // Neither the same account nor a reason: another accept or revoke raced this one between its reads.
            return { status: (current && problemOf(current, now)) ?? 'INVALID_TOKEN_ERROR' };      // $lab:coverage:ignore$
        }

        await this.#audit.record(caller, 'invitation_accepted', userId, { invitationId: accepted.invitationId, email: accepted.email, roles: accepted.roles });
        return { status: 'OK', invitation: view(accepted, now) };
    }

    /** The address's invitation that can be accepted now, if any (for sign-up paths other than the link). */
    async pendingFor(rawEmail: string) {

        const now = this.#clock();
        const found = await this.#storage.invitations.findPending(this.#appId, normaliseEmail(rawEmail));
        return found && !problemOf(found, now) ? { status: 'OK', invitation: view(found, now) } : { status: 'OK' };
    }

    /** As `accept`, for an invitation found by `pendingFor` (a sign-up that did not come through the link). */
    async acceptById(caller: Caller, invitationId: string, userId: string) {

        const found = await this.#storage.invitations.get(this.#appId, invitationId);
        if (!found) {
            return { status: 'UNKNOWN_INVITATION_ERROR' };
        }

        return this.#accept(caller, found, userId);
    }

    async #findByToken(token: string): Promise<InvitationRecord | undefined> {

        const tokenHash = sha256Hex(token);
        const found = await this.#storage.invitations.findByTokenHash(this.#appId, tokenHash);
        // Found by hash (an index lookup), then compared in constant time, as the refresh and reset tokens are.
        return found && constantTimeEqual(found.tokenHash, tokenHash) ? found : undefined;
    }

    async #hasAccount(email: string): Promise<boolean> {

        const users = await this.#storage.users.listUsersByAccountInfo(this.#appId, this.#tenantId, { email });
        return users.length > 0;
    }
}


const lifetimeOf = (hours: number): number => {

    if (hours <= 0 || hours > maxLifetimeHours) {                // JSON has no NaN or Infinity; the route checks the type
        throw new InvalidInputError('Field name \'lifetimeHours\' is invalid in JSON input');
    }

    return Math.max(1, Math.round(hours * 3_600_000));
};

const stateAt = (invitation: InvitationRecord, now: number): InvitationView['state'] => {

    return invitation.state === 'pending' && invitation.expiresAt <= now ? 'expired' : invitation.state;
};

const problemOf = (invitation: InvitationRecord, now: number): TokenProblem | undefined => {

    const problems = { pending: undefined, accepted: 'ALREADY_ACCEPTED_ERROR', revoked: 'REVOKED_ERROR', expired: 'EXPIRED_ERROR' } as const;
    return problems[stateAt(invitation, now)];
};

const view = (invitation: InvitationRecord, now: number): InvitationView => {

    const { tokenHash: _hash, ...rest } = invitation;
    return { ...rest, state: stateAt(invitation, now) };
};
