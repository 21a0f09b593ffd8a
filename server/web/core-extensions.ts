/*
 * A small typed client of the Staffgate core's extension endpoints (/staffgate/…: audit trail, lockout, bans, two-factor),
 * for what the CDI has no endpoint for. Everything else goes through supertokens-node.
 *
 * Against an official SuperTokens core these endpoints do not exist: `available()` says so (once, cached), and the
 * admin pages show that the feature needs the Staffgate core instead of failing.
 */

import Joi from 'joi';

import type { WebAuditEvent } from './audit-events';
import type { CoreConnection } from './auth/init';


export interface AuditEventView {
    id: number;
    time: number;
    event: string;
    userId?: string;
    ip?: string;
    userAgent?: string;
    actorId?: string;
    details: Record<string, unknown>;
}

export interface AuditFilter {
    userId?: string;
    /** The events of the user with this email, and those whose details record it. */
    email?: string;
    event?: string;
    from?: number;
    to?: number;
}

export interface LockoutView {
    failures: number;
    locked: boolean;
    lastFailureAt?: number;
    lockedUntil?: number;
}

export interface BanView {
    banned: boolean;
    bannedAt?: number;
    bannedBy?: string;
    reason?: string;
}

export type InvitationState = 'pending' | 'accepted' | 'revoked' | 'expired';

export interface InvitationView {
    invitationId: string;
    email: string;
    roles: string[];
    state: InvitationState;
    createdAt: number;
    sentAt: number;
    expiresAt: number;
    invitedBy?: string;
    acceptedAt?: number;
    acceptedUserId?: string;
    revokedAt?: number;
}

/** Why an invitation token cannot be used. */
export type InvitationProblem = 'INVALID_TOKEN_ERROR' | 'EXPIRED_ERROR' | 'REVOKED_ERROR' | 'ALREADY_ACCEPTED_ERROR';

export type InvitationCheck = { status: 'OK'; invitation: InvitationView } | { status: InvitationProblem };

export type InvitationCreated =
    | { status: 'OK'; result: 'invited' | 'resent'; invitation: InvitationView; token: string }
    | { status: 'ACCOUNT_EXISTS_ERROR' }
    | { status: 'UNKNOWN_ROLE_ERROR'; role: string };

export type InvitationResent =
    | { status: 'OK'; invitation: InvitationView; token: string }
    | { status: 'ACCOUNT_EXISTS_ERROR' | 'UNKNOWN_INVITATION_ERROR' | 'INVITATION_NOT_PENDING_ERROR' };

export interface TwoFactorDeviceView {
    name: string;
    period: number;
    skew: number;
    verified: boolean;
    createdAt: number;
    lastUsedAt?: number;
}

export interface RecoveryCodesView {
    total: number;
    remaining: number;
    createdAt?: number;
    lastUsedAt?: number;
}

/** A user's second factors (never a secret): `enabled` when a device is verified. */
export interface TwoFactorView {
    enabled: boolean;
    devices: TwoFactorDeviceView[];
    recoveryCodes: RecoveryCodesView;
}

/** The admin page's view of one user from the core's extensions (GET /staffgate/user-overview). */
export interface UserOverviewView {
    readonly ban: BanView;
    readonly lockout: LockoutView;
    readonly audit: { events: AuditEventView[]; nextCursor?: string };
    /** The user's latest `refresh` events, newest first. */
    readonly refreshes: { events: AuditEventView[] };
    readonly twoFactor: TwoFactorView;
    readonly sessionEnds: { sessions: SessionEndsView[] };
}

/** One live session's policy, from /staffgate/sessions/ends (ms). */
export interface SessionEndsView {
    sessionHandle: string;
    /** When it ends if unused. */
    expiry: number;
    /** When it ends however it is used; absent = never. */
    absoluteEnd?: number;
    /** How long it may go unused. */
    idleLimit: number;
}

/** A queued message claimed by this process (the core's mail queue): deliver it, then report. */
export interface ClaimedMailView {
    id: string;
    to: string;
    subject: string;
    text: string;
    attempts: number;
    createdAt: number;
    leaseToken: string;
    claimedUntil: number;
}

/** A message with a delivery error (being retried, or failed), for the admin overview: no body. */
export interface MailErrorView {
    id: string;
    to: string;
    subject: string;
    state: 'pending' | 'failed';
    attempts: number;
    createdAt: number;
    lastError: string;
    lastErrorAt: number;
    nextAttemptAt?: number;
}

export interface MailQueueStatsView {
    pending: number;
    failed: number;
    recentErrors: MailErrorView[];
}

/** The admin user list's filters, as the core's GET /staffgate/users takes them. */
export interface UserListFilterQuery {
    /** Part of the email. */
    search?: string;
    role?: string;
    state?: 'banned' | 'locked' | 'unverified' | 'noTwoFactor';
    /** `emailpassword`, `passwordless` or `thirdparty:<provider id>`. */
    method?: string;
}

export interface UserListPageQuery extends UserListFilterQuery {
    sort?: 'joined' | 'email' | 'lastSignIn';
    order?: 'asc' | 'desc';
    limit?: number;
    after?: string;
    before?: string;
}

/** A user as the admin list shows them (GET /staffgate/users). */
export interface UserListEntry {
    id: string;
    recipeId: 'emailpassword' | 'thirdparty' | 'passwordless';
    email?: string;
    phoneNumber?: string;
    thirdParty?: { id: string; userId: string };
    timeJoined: number;
    verified: boolean;
    lastSignInAt?: number;
    roles: string[];
    banned: boolean;
    locked: boolean;
    twoFactor: boolean;
}

export interface UserListPage {
    users: UserListEntry[];
    nextCursor?: string;
    previousCursor?: string;
}

/** After a failed sign-in: why, when the password was right (the core tells nothing otherwise). */
export interface AccountStateView {
    state: 'none' | 'banned' | 'locked';
    lockedUntil?: number;
}

export class ExtensionUnavailableError extends Error {

    constructor() {

        super('This feature needs the Staffgate core (the configured core has no /staffgate endpoints)');
    }
}

/** The core answered an extension call with something other than what the endpoint documents (an error, or a body of the wrong shape). */
export class ExtensionResponseError extends Error {

    /** `status`: the HTTP status when it was an error status; undefined for a body of the wrong shape. */
    constructor(message: string, readonly status?: number) {

        super(message);
    }
}


/*
 * What each endpoint answers, checked before use: a core of another version (or something else at that address)
 * gets an ExtensionResponseError, not a view built from whatever came back. Unknown keys are allowed (the core
 * adds `status`, and may add fields); a null is read as absent.
 */
const optionalTime = Joi.number().integer().min(0).empty(null);
const optionalText = Joi.string().allow('').empty(null);

const auditEvent = Joi.object<AuditEventView>({
    id: Joi.number().integer().required(),
    time: Joi.number().integer().min(0).required(),
    event: Joi.string().required(),
    userId: optionalText,
    ip: optionalText,
    userAgent: optionalText,
    actorId: optionalText,
    details: Joi.object().unknown(true).required()
}).unknown(true);

const lockout = {
    failures: Joi.number().integer().min(0).required(),
    locked: Joi.boolean().required(),
    lastFailureAt: optionalTime,
    lockedUntil: optionalTime
};

const invitation = Joi.object<InvitationView>({
    invitationId: Joi.string().required(),
    email: Joi.string().required(),
    roles: Joi.array().items(Joi.string()).required(),
    state: Joi.valid('pending', 'accepted', 'revoked', 'expired').required(),
    createdAt: Joi.number().integer().min(0).required(),
    sentAt: Joi.number().integer().min(0).required(),
    expiresAt: Joi.number().integer().min(0).required(),
    invitedBy: optionalText,
    acceptedAt: optionalTime,
    acceptedUserId: optionalText,
    revokedAt: optionalTime
}).unknown(true);

const invitationProblems = ['INVALID_TOKEN_ERROR', 'EXPIRED_ERROR', 'REVOKED_ERROR', 'ALREADY_ACCEPTED_ERROR'] as const;

const invitationSchemas = {
    list: Joi.object<{ invitations: InvitationView[] }>({ invitations: Joi.array().items(invitation).required() }).unknown(true),
    check: Joi.object<InvitationCheck>({
        status: Joi.valid('OK', ...invitationProblems).required(),
        invitation: invitation.when('status', { is: 'OK', then: Joi.required() })
    }).unknown(true),
    created: Joi.object<InvitationCreated>({
        status: Joi.valid('OK', 'ACCOUNT_EXISTS_ERROR', 'UNKNOWN_ROLE_ERROR').required(),
        result: Joi.valid('invited', 'resent').when('status', { is: 'OK', then: Joi.required() }),
        invitation: invitation.when('status', { is: 'OK', then: Joi.required() }),
        token: Joi.string().when('status', { is: 'OK', then: Joi.required() }),
        role: Joi.string().when('status', { is: 'UNKNOWN_ROLE_ERROR', then: Joi.required() })
    }).unknown(true),
    resent: Joi.object<InvitationResent>({
        status: Joi.valid('OK', 'ACCOUNT_EXISTS_ERROR', 'UNKNOWN_INVITATION_ERROR', 'INVITATION_NOT_PENDING_ERROR').required(),
        invitation: invitation.when('status', { is: 'OK', then: Joi.required() }),
        token: Joi.string().when('status', { is: 'OK', then: Joi.required() })
    }).unknown(true),
    revoked: Joi.object<{ status: 'OK' | 'UNKNOWN_INVITATION_ERROR'; wasPending?: boolean }>({
        status: Joi.valid('OK', 'UNKNOWN_INVITATION_ERROR').required(),
        wasPending: Joi.boolean().when('status', { is: 'OK', then: Joi.required() })
    }).unknown(true)
};

const claimedMail = Joi.object<ClaimedMailView>({
    id: Joi.string().required(),
    to: Joi.string().required(),
    subject: Joi.string().required(),
    text: Joi.string().required(),
    attempts: Joi.number().integer().min(1).required(),
    createdAt: Joi.number().integer().min(0).required(),
    leaseToken: Joi.string().required(),
    claimedUntil: Joi.number().integer().min(0).required()
}).unknown(true);

const mailSchemas = {
    queued: Joi.object<{ status: 'OK'; id?: string; message?: ClaimedMailView }>({ status: Joi.valid('OK').required(), id: Joi.string(), message: claimedMail }).unknown(true),
    claimed: Joi.object<{ messages: ClaimedMailView[] }>({ messages: Joi.array().items(claimedMail).required() }).unknown(true),
    sent: Joi.object<{ status: 'OK' | 'UNKNOWN_MESSAGE_ERROR' }>({ status: Joi.valid('OK', 'UNKNOWN_MESSAGE_ERROR').required() }).unknown(true),
    failed: Joi.object<{ status: 'OK' | 'LEASE_EXPIRED_ERROR'; state?: 'pending' | 'failed'; nextAttemptAt?: number }>({
        status: Joi.valid('OK', 'LEASE_EXPIRED_ERROR').required(),
        state: Joi.valid('pending', 'failed').when('status', { is: 'OK', then: Joi.required() }),
        nextAttemptAt: optionalTime
    }).unknown(true),
    stats: Joi.object<MailQueueStatsView>({
        pending: Joi.number().integer().min(0).required(),
        failed: Joi.number().integer().min(0).required(),
        recentErrors: Joi.array().items(Joi.object({
            id: Joi.string().required(),
            to: Joi.string().required(),
            subject: Joi.string().required(),
            state: Joi.valid('pending', 'failed').required(),
            attempts: Joi.number().integer().min(0).required(),
            createdAt: Joi.number().integer().min(0).required(),
            lastError: Joi.string().allow('').required(),
            lastErrorAt: Joi.number().integer().min(0).required(),
            nextAttemptAt: optionalTime
        }).unknown(true)).required()
    }).unknown(true)
};

const userListEntry = Joi.object<UserListEntry>({
    id: Joi.string().required(),
    recipeId: Joi.valid('emailpassword', 'thirdparty', 'passwordless').required(),
    email: optionalText,
    phoneNumber: optionalText,
    thirdParty: Joi.object({ id: Joi.string().required(), userId: Joi.string().required() }).unknown(true),
    timeJoined: Joi.number().integer().min(0).required(),
    verified: Joi.boolean().required(),
    lastSignInAt: optionalTime,
    roles: Joi.array().items(Joi.string()).required(),
    banned: Joi.boolean().required(),
    locked: Joi.boolean().required(),
    twoFactor: Joi.boolean().required()
}).unknown(true);

const schemas = {
    userListPage: Joi.object<UserListPage>({ users: Joi.array().items(userListEntry).required(), nextCursor: Joi.string().empty(null), previousCursor: Joi.string().empty(null) }).unknown(true),
    auditPage: Joi.object<{ events: AuditEventView[]; nextCursor?: string }>({ events: Joi.array().items(auditEvent).required(), nextCursor: Joi.string().empty(null) }).unknown(true),
    count: Joi.object<{ count: number }>({ count: Joi.number().integer().min(0).required() }).unknown(true),
    lockout: Joi.object<LockoutView>(lockout).unknown(true),
    lockouts: Joi.object<{ accounts: (LockoutView & { userId: string })[] }>({
        accounts: Joi.array().items(Joi.object({ userId: Joi.string().required(), ...lockout }).unknown(true)).required()
    }).unknown(true),
    ban: Joi.object<BanView>({ banned: Joi.boolean().required(), bannedAt: optionalTime, bannedBy: optionalText, reason: optionalText }).unknown(true),
    banned: Joi.object<{ status: string; sessionHandlesRevoked?: string[] }>({
        status: Joi.string().required(),
        sessionHandlesRevoked: Joi.array().items(Joi.string()).when('status', { is: 'OK', then: Joi.required() })
    }).unknown(true),
    twoFactor: Joi.object<TwoFactorView>({
        enabled: Joi.boolean().required(),
        devices: Joi.array().items(Joi.object({
            name: Joi.string().required(),
            period: Joi.number().integer().min(1).required(),
            skew: Joi.number().integer().min(0).required(),
            verified: Joi.boolean().required(),
            createdAt: Joi.number().integer().min(0).required(),
            lastUsedAt: optionalTime
        }).unknown(true)).required(),
        recoveryCodes: Joi.object({
            total: Joi.number().integer().min(0).required(),
            remaining: Joi.number().integer().min(0).required(),
            createdAt: optionalTime,
            lastUsedAt: optionalTime
        }).unknown(true).required()
    }).unknown(true),
    twoFactorUsers: Joi.object<{ userIds: string[] }>({ userIds: Joi.array().items(Joi.string()).required() }).unknown(true),
    twoFactorReset: Joi.object<{ devicesRemoved: number; recoveryCodesRemoved: number }>({
        devicesRemoved: Joi.number().integer().min(0).required(),
        recoveryCodesRemoved: Joi.number().integer().min(0).required()
    }).unknown(true),
    unbanned: Joi.object<{ wasBanned: boolean }>({ wasBanned: Joi.boolean().required() }).unknown(true),
    sessionEnds: Joi.object<{ sessions: SessionEndsView[] }>({
        sessions: Joi.array().items(Joi.object({
            sessionHandle: Joi.string().required(),
            expiry: Joi.number().integer().min(0).required(),
            absoluteEnd: optionalTime,
            idleLimit: Joi.number().integer().min(0).required()
        }).unknown(true)).required()
    }).unknown(true),
    ok: Joi.object<{ status: 'OK' }>({ status: Joi.valid('OK').required() }).unknown(true),
    recoveryCodesMade: Joi.object<{ codes: string[] }>({ codes: Joi.array().items(Joi.string()).min(1).required() }).unknown(true),
    recoveryCodeSpent: Joi.object<{ status: string; remaining?: number }>({
        status: Joi.valid('OK', 'INVALID_RECOVERY_CODE_ERROR').required(),
        remaining: Joi.number().integer().min(0).when('status', { is: 'OK', then: Joi.required() })
    }).unknown(true),
    recoveryCodes: Joi.object<RecoveryCodesView>({ total: Joi.number().integer().min(0).required(), remaining: Joi.number().integer().min(0).required(), createdAt: optionalTime, lastUsedAt: optionalTime }).unknown(true),
    resetCheck: Joi.object<{ valid: boolean }>({ valid: Joi.boolean().required() }).unknown(true),
    accountState: Joi.object<AccountStateView>({ state: Joi.valid('none', 'banned', 'locked').required(), lockedUntil: optionalTime }).unknown(true)
};


/** Each part is checked as its own endpoint's answer is. */
const userOverviewSchema = Joi.object<UserOverviewView>({
    ban: schemas.ban.required(),
    lockout: schemas.lockout.required(),
    audit: schemas.auditPage.required(),
    refreshes: schemas.auditPage.required(),
    twoFactor: schemas.twoFactor.required(),
    sessionEnds: schemas.sessionEnds.required()
}).unknown(true);


export class CoreExtensions {

    readonly #hosts: string[];
    readonly #apiKey: string | undefined;
    #available: Promise<boolean> | undefined;

    constructor(connection: CoreConnection) {

        this.#hosts = connection.uri.split(';').map((host) => host.trim().replace(/\/$/, '')).filter(Boolean);
        this.#apiKey = connection.apiKey;
    }

    /** Whether the core has the extension endpoints (false against an official core). */
    available(): Promise<boolean> {

        this.#available ??= this.#send('GET', '/staffgate/lockouts', schemas.lockouts).then(() => true, (err) => {

            if (err instanceof ExtensionUnavailableError) {
                return false;
            }

            this.#available = undefined;            // a network error: ask again next time
            throw err;
        });

        return this.#available;
    }

    async listAudit(filter: AuditFilter & { limit?: number; cursor?: string }): Promise<{ events: AuditEventView[]; nextCursor?: string }> {

        return await this.#send('GET', `/staffgate/audit?${query({ ...filter, limit: filter.limit ?? 50 })}`, schemas.auditPage);
    }

    async countAudit(filter: AuditFilter): Promise<number> {

        return (await this.#send('GET', `/staffgate/audit/count?${query({ ...filter })}`, schemas.count)).count;
    }

    /** Records an event only the web app sees; `actorId` is the acting admin. */
    async appendAudit(event: WebAuditEvent, userId: string | undefined, details: Record<string, unknown>, context: RequestContext): Promise<void> {

        await this.#send('POST', '/staffgate/audit', schemas.ok, { event, userId, details }, context);
    }

    /** Whether the account of this email and password is banned or locked (`none` with a wrong password). */
    async accountState(email: string, password: string, context: RequestContext): Promise<AccountStateView> {

        return await this.#send('POST', '/staffgate/account-state', schemas.accountState, { email, password }, context);
    }

    /** A page of the admin user list (substring search, filters, sorts, cursors both ways). */
    async listUsers(page: UserListPageQuery): Promise<UserListPage> {

        return await this.#send('GET', `/staffgate/users?${query({ ...page })}`, schemas.userListPage);
    }

    /** How many users the admin user list's filters match. */
    async countUsers(filter: UserListFilterQuery): Promise<number> {

        return (await this.#send('GET', `/staffgate/users/count?${query({ ...filter })}`, schemas.count)).count;
    }

    async countLiveSessions(): Promise<number> {

        return (await this.#send('GET', '/staffgate/sessions/count', schemas.count)).count;
    }

    /** The session policy of each of the user's live sessions. */
    async sessionEnds(userId: string): Promise<SessionEndsView[]> {

        return (await this.#send('GET', `/staffgate/sessions/ends?${query({ userId })}`, schemas.sessionEnds)).sessions;
    }

    /** Ban, lockout, latest audit events and refreshes, two-factor and session ends of one user, in one call. */
    async userOverview(userId: string, limits: { auditLimit: number; refreshLimit: number }): Promise<UserOverviewView> {

        return await this.#send('GET', `/staffgate/user-overview?${query({ userId, ...limits })}`, userOverviewSchema);
    }

    async lockedAccounts(): Promise<(LockoutView & { userId: string })[]> {

        return (await this.#send('GET', '/staffgate/lockouts', schemas.lockouts)).accounts;
    }

    async clearLockout(userId: string, context: RequestContext): Promise<void> {

        await this.#send('POST', '/staffgate/lockout/reset', schemas.ok, { userId }, context);
    }

    /** Whether a password reset link still works, without using it up. */
    async resetTokenValid(token: string): Promise<boolean> {

        return (await this.#send('POST', '/staffgate/password-reset/check', schemas.resetCheck, { token })).valid;
    }

    /** Bans and revokes every session of the user: how many sessions ended, or undefined for an unknown user. */
    async banUser(userId: string, reason: string | undefined, context: RequestContext): Promise<number | undefined> {

        const result = await this.#send('POST', '/staffgate/ban', schemas.banned, { userId, reason }, context);
        return result.status === 'OK' ? result.sessionHandlesRevoked?.length ?? 0 : undefined;
    }

    async unbanUser(userId: string, context: RequestContext): Promise<boolean> {

        return (await this.#send('POST', '/staffgate/unban', schemas.unbanned, { userId }, context)).wasBanned;
    }

    async listInvitations(): Promise<InvitationView[]> {

        return (await this.#send('GET', '/staffgate/invitations', invitationSchemas.list)).invitations;
    }

    /** Invites an address (or renews its pending invitation); the answer carries the token for the link. */
    async createInvitation(input: { email: string; roles: readonly string[]; lifetimeHours: number }, context: RequestContext): Promise<InvitationCreated> {

        return await this.#send('POST', '/staffgate/invitations', invitationSchemas.created, input, context);
    }

    async resendInvitation(invitationId: string, lifetimeHours: number, context: RequestContext): Promise<InvitationResent> {

        return await this.#send('POST', '/staffgate/invitations/resend', invitationSchemas.resent, { invitationId, lifetimeHours }, context);
    }

    /** Revokes a pending invitation: whether it was pending, or undefined for an unknown one. */
    async revokeInvitation(invitationId: string, context: RequestContext): Promise<boolean | undefined> {

        const result = await this.#send('POST', '/staffgate/invitations/revoke', invitationSchemas.revoked, { invitationId }, context);
        return result.status === 'OK' ? result.wasPending : undefined;
    }

    /** Whether an invitation token can be accepted now (changes nothing). */
    async checkInvitation(token: string): Promise<InvitationCheck> {

        return await this.#send('POST', '/staffgate/invitations/check', invitationSchemas.check, { token });
    }

    /** Marks the invitation accepted by `userId`, once; otherwise why not. */
    async acceptInvitation(token: string, userId: string, context: RequestContext): Promise<InvitationCheck> {

        return await this.#send('POST', '/staffgate/invitations/accept', invitationSchemas.check, { token, userId }, context);
    }

    /** The ids of the users with a verified TOTP device. */
    async twoFactorUsers(): Promise<string[]> {

        return (await this.#send('GET', '/staffgate/two-factor/users', schemas.twoFactorUsers)).userIds;
    }

    /** Removes every TOTP device and recovery code of the user (audited by the core as `two_factor_reset`, with the actor). */
    async resetTwoFactor(userId: string, context: RequestContext): Promise<{ devicesRemoved: number; recoveryCodesRemoved: number }> {

        return await this.#send('POST', '/staffgate/two-factor/reset', schemas.twoFactorReset, { userId }, context);
    }

    /** A new set of recovery codes for the user, replacing the old one: the only time the codes are seen. */
    async makeRecoveryCodes(userId: string, context: RequestContext): Promise<string[]> {

        return (await this.#send('POST', '/staffgate/recovery-codes', schemas.recoveryCodesMade, { userId }, context)).codes;
    }

    /** Spends one recovery code: how many are left, or undefined when the code is not one of the user's unused ones. */
    async spendRecoveryCode(userId: string, code: string, context: RequestContext): Promise<number | undefined> {

        const result = await this.#send('POST', '/staffgate/recovery-codes/consume', schemas.recoveryCodeSpent, { userId, code }, context);
        return result.status === 'OK' ? result.remaining : undefined;
    }

    async recoveryCodes(userId: string): Promise<RecoveryCodesView> {

        return await this.#send('GET', `/staffgate/recovery-codes?${query({ userId })}`, schemas.recoveryCodes);
    }

    /**
     * Stores a message in the core's mail queue (durably, before this resolves). With `leaseMs` the answer carries
     * it claimed by this process, to deliver at once; with `discard` it is stored and deleted again (equal work).
     */
    async enqueueMail(message: { to: string; subject: string; text: string; leaseMs?: number; discard?: boolean }): Promise<{ id?: string; message?: ClaimedMailView }> {

        return await this.#send('POST', '/staffgate/mail', mailSchemas.queued, message);
    }

    /** Claims up to `limit` due messages for `leaseMs`: no other process gets them meanwhile. */
    async claimMail(limit: number, leaseMs: number): Promise<ClaimedMailView[]> {

        return (await this.#send('POST', '/staffgate/mail/claim', mailSchemas.claimed, { limit, leaseMs })).messages;
    }

    /** Idempotent. */
    async markMailSent(id: string): Promise<void> {

        await this.#send('POST', '/staffgate/mail/sent', mailSchemas.sent, { id });
    }

    /** The attempt failed: the core schedules the next one (backoff) or, after 24 h, fails the message. */
    async markMailFailed(id: string, leaseToken: string, error: string): Promise<{ status: 'OK' | 'LEASE_EXPIRED_ERROR'; state?: 'pending' | 'failed'; nextAttemptAt?: number }> {

        return await this.#send('POST', '/staffgate/mail/failed', mailSchemas.failed, { id, leaseToken, error });
    }

    /** Pending and failed counts, and the latest `limit` delivery errors. */
    async mailStats(limit = 5): Promise<MailQueueStatsView> {

        return await this.#send('GET', `/staffgate/mail/stats?${query({ limit })}`, mailSchemas.stats);
    }

    async #send<T>(method: 'GET' | 'POST', path: string, schema: Joi.ObjectSchema<T>, body?: object, context?: RequestContext): Promise<T> {

        const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', ...contextHeaders(context) };
        if (this.#apiKey) {
            headers['api-key'] = this.#apiKey;
        }

        let lastError: unknown;
        for (const host of this.#hosts) {
            let res: Response;
            try {
                res = await fetch(`${host}${path}`, { method, headers, body: body && JSON.stringify(body) });
            }
            catch (err) {
                lastError = err;                    // not reachable: try the next core
                continue;
            }

            if (res.status === 404) {
                throw new ExtensionUnavailableError();
            }

            const route = path.split('?')[0]!;
            if (!res.ok) {
                throw new ExtensionResponseError(`core answered ${res.status} to ${method} ${route}: ${(await res.text()).trim()}`, res.status);
            }

            const { error, value } = schema.required().validate(await res.json().catch(() => undefined));
            if (error) {
                throw new ExtensionResponseError(`core answered ${method} ${route} with an unexpected body: ${error.message}`);
            }

            return value;
        }

        throw lastError ?? new Error('no core configured');
    }
}


/** Who did it and from where, recorded with the event. */
export interface RequestContext {
    readonly actorId?: string;
    readonly ip?: string;
    readonly userAgent?: string;
}

const contextHeaders = (context?: RequestContext): Record<string, string> => {

    const headers: Record<string, string> = {};
    if (context?.actorId) {
        headers['x-staffgate-actor'] = context.actorId;
    }

    if (context?.ip) {
        headers['x-staffgate-ip'] = context.ip;
    }

    if (context?.userAgent) {
        headers['x-staffgate-user-agent'] = context.userAgent;
    }

    return headers;
};

const query = (values: { [name: string]: string | number | undefined }): string => {

    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(values)) {
        if (value !== undefined && value !== '') {
            params.set(name, String(value));
        }
    }

    return params.toString();
};
