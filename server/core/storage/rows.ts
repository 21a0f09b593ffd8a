/*
 * Table rows as both adapters read them, and their conversion to the records of the storage interface. SQLite
 * gives booleans as 0/1 and PostgreSQL as true/false; both give BIGINT columns as numbers (the PostgreSQL pool
 * parses them), and JSON columns as text.
 */

import type { BanRecord, InvitationRecord, QueuedMailRecord, InvitationState, LockoutState, LoginMethodRecord, PasswordlessCode, PasswordlessContact, PasswordlessDevice, RecipeId, RecoveryCodeRecord, SessionRecord, SigningKeyRecord, StoredAuditEvent, TotpDeviceRecord, UsedTotpCode } from '.';


export interface UserRow {
    user_id: string;
    tenant_id: string;
    recipe_id: RecipeId;
    email: string | null;
    phone_number: string | null;
    time_joined: number;
    third_party_id: string | null;
    third_party_user_id: string | null;
    verified: number | boolean;
}

/** Selects the columns of UserRow, with `verified` worked out from the verified-emails set. */
export const selectUser = `
    SELECT u.user_id, u.tenant_id, u.recipe_id, u.email, u.phone_number, u.time_joined, u.third_party_id, u.third_party_user_id,
           EXISTS (SELECT 1 FROM verified_emails v WHERE v.app_id = u.app_id AND v.user_id = u.user_id AND v.email = u.email) AS verified
    FROM users u`;

export const toLoginMethod = (row: UserRow): LoginMethodRecord => ({
    userId: row.user_id,
    tenantId: row.tenant_id,
    recipeId: row.recipe_id,
    ...(row.email === null ? {} : { email: row.email }),
    ...(row.phone_number === null ? {} : { phoneNumber: row.phone_number }),
    timeJoined: row.time_joined,
    verified: row.email === null || Boolean(row.verified),          // a phone-only user has nothing to verify
    ...(row.third_party_id === null ? {} : { thirdParty: { id: row.third_party_id, userId: row.third_party_user_id! } })
});


export interface SessionRow {
    app_id: string;
    tenant_id: string;
    session_handle: string;
    user_id: string;
    refresh_token_hash_2: string;
    session_data: string;
    jwt_payload: string;
    expires_at: number;
    created_at: number;
    use_static_key: number | boolean;
    idle_limit: number | null;
    absolute_end: number | null;
}

export const toSessionRecord = (row: SessionRow): SessionRecord => ({
    appId: row.app_id,
    tenantId: row.tenant_id,
    sessionHandle: row.session_handle,
    userId: row.user_id,
    refreshTokenHash2: row.refresh_token_hash_2,
    sessionData: JSON.parse(row.session_data),
    jwtPayload: JSON.parse(row.jwt_payload),
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    useStaticKey: Boolean(row.use_static_key),
    ...(row.idle_limit === null ? {} : { idleLimit: row.idle_limit }),
    ...(row.absolute_end === null ? {} : { absoluteEnd: row.absolute_end })
});


export interface KeyRow {
    app_id: string;
    key_id: string;
    kind: SigningKeyRecord['kind'];
    algorithm: 'RS256';
    private_key: string;
    created_at: number;
    generation: number;
}

export const toSigningKey = (row: KeyRow): SigningKeyRecord => ({
    appId: row.app_id,
    keyId: row.key_id,
    kind: row.kind,
    algorithm: row.algorithm,
    privateKey: row.private_key,
    createdAt: row.created_at,
    generation: row.generation
});


export interface AuditRow {
    id: number | string;
    app_id: string;
    time: number;
    event: string;
    user_id: string | null;
    ip: string | null;
    user_agent: string | null;
    actor_id: string | null;
    details: string;
}

export const toAuditEvent = (row: AuditRow): StoredAuditEvent => ({
    id: Number(row.id),                                 // PostgreSQL's BIGSERIAL: a number, safe below 2^53
    appId: row.app_id,
    time: row.time,
    event: row.event,
    ...(row.user_id === null ? {} : { userId: row.user_id }),
    ...(row.ip === null ? {} : { ip: row.ip }),
    ...(row.user_agent === null ? {} : { userAgent: row.user_agent }),
    ...(row.actor_id === null ? {} : { actorId: row.actor_id }),
    details: JSON.parse(row.details)
});


export interface LockoutRow {
    user_id: string;
    failures: number;
    last_failure_at: number;
    locked_until: number | null;
}

export const toLockoutState = (row: LockoutRow): LockoutState => ({
    userId: row.user_id,
    failures: row.failures,
    lastFailureAt: row.last_failure_at,
    ...(row.locked_until === null ? {} : { lockedUntil: row.locked_until })
});


export interface BanRow {
    user_id: string;
    banned_at: number;
    banned_by: string | null;
    reason: string | null;
}

export const toBanRecord = (row: BanRow): BanRecord => ({
    userId: row.user_id,
    bannedAt: row.banned_at,
    ...(row.banned_by === null ? {} : { bannedBy: row.banned_by }),
    ...(row.reason === null ? {} : { reason: row.reason })
});

export interface TotpDeviceRow {
    user_id: string;
    device_name: string;
    secret: string;
    period: number;
    skew: number;
    verified: number | boolean;
    created_at: number;
    last_used_at: number | null;
}

export const toTotpDevice = (row: TotpDeviceRow): TotpDeviceRecord => ({
    userId: row.user_id,
    name: row.device_name,
    secret: row.secret,
    period: row.period,
    skew: row.skew,
    verified: Boolean(row.verified),
    createdAt: row.created_at,
    ...(row.last_used_at === null ? {} : { lastUsedAt: row.last_used_at })
});

export interface UsedTotpCodeRow {
    code: string;
    is_valid: number | boolean;
    created_at: number;
    expires_at: number;
}

export const toUsedTotpCode = (row: UsedTotpCodeRow): UsedTotpCode => ({
    code: row.code,
    isValid: Boolean(row.is_valid),
    createdAt: row.created_at,
    expiresAt: row.expires_at
});

export interface RecoveryCodeRow {
    code_hash: string;
    created_at: number;
    used_at: number | null;
}

export const toRecoveryCode = (row: RecoveryCodeRow): RecoveryCodeRecord => ({
    codeHash: row.code_hash,
    createdAt: row.created_at,
    ...(row.used_at === null ? {} : { usedAt: row.used_at })
});

export interface PasswordlessDeviceRow {
    device_id_hash: string;
    email: string | null;
    phone_number: string | null;
    link_code_salt: string;
    failed_attempts: number;
}

export const toPasswordlessDevice = (row: PasswordlessDeviceRow): PasswordlessDevice => ({
    deviceIdHash: row.device_id_hash,
    contact: row.email === null ? { phoneNumber: row.phone_number! } : { email: row.email },
    linkCodeSalt: row.link_code_salt,
    failedAttempts: row.failed_attempts
});

export interface PasswordlessCodeRow {
    code_id: string;
    device_id_hash: string;
    link_code_hash: string;
    created_at: number;
}

export const toPasswordlessCode = (row: PasswordlessCodeRow): PasswordlessCode => ({
    codeId: row.code_id,
    deviceIdHash: row.device_id_hash,
    linkCodeHash: row.link_code_hash,
    createdAt: row.created_at
});

/** The column and value that select a device's (or user's) email or phone number. */
export const contactColumn = (contact: PasswordlessContact): { column: 'email' | 'phone_number'; value: string } => {

    return contact.email === undefined ? { column: 'phone_number', value: contact.phoneNumber } : { column: 'email', value: contact.email };
};


export interface InvitationRow {
    invitation_id: string;
    email: string;
    roles: string;
    token_hash: string;
    state: InvitationState;
    created_at: number;
    sent_at: number;
    expires_at: number;
    invited_by: string | null;
    accepted_at: number | null;
    accepted_user_id: string | null;
    revoked_at: number | null;
}

export const toInvitationRecord = (row: InvitationRow): InvitationRecord => ({
    invitationId: row.invitation_id,
    email: row.email,
    roles: JSON.parse(row.roles) as string[],
    tokenHash: row.token_hash,
    state: row.state,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    expiresAt: row.expires_at,
    ...(row.invited_by === null ? {} : { invitedBy: row.invited_by }),
    ...(row.accepted_at === null ? {} : { acceptedAt: row.accepted_at }),
    ...(row.accepted_user_id === null ? {} : { acceptedUserId: row.accepted_user_id }),
    ...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at })
});


export interface MailRow {
    id: string;
    recipient: string;
    subject: string;
    body: string;
    state: QueuedMailRecord['state'];
    attempts: number;
    created_at: number;
    next_attempt_at: number;
    claimed_until: number | null;
    lease_token: string | null;
    last_error: string | null;
    last_error_at: number | null;
    finished_at: number | null;
}

export const toQueuedMail = (row: MailRow): QueuedMailRecord => ({
    id: row.id,
    to: row.recipient,
    subject: row.subject,
    text: row.body,
    state: row.state,
    attempts: row.attempts,
    createdAt: row.created_at,
    nextAttemptAt: row.next_attempt_at,
    ...(row.claimed_until === null ? {} : { claimedUntil: row.claimed_until }),
    ...(row.lease_token === null ? {} : { leaseToken: row.lease_token }),
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    ...(row.last_error_at === null ? {} : { lastErrorAt: row.last_error_at }),
    ...(row.finished_at === null ? {} : { finishedAt: row.finished_at })
});
