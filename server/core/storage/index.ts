/*
 * The core's storage, split by domain (as in Kratos' persisters). Each adapter (SQLite, PostgreSQL) implements
 * every store; the contract suite in test/core/storage/contract.ts holds them to the same behaviour.
 *
 * Every method is atomic on its own: where a change touches several rows (a user and its password, a token
 * consumed together with its siblings, a compare-and-set on a refresh token) the adapter runs it as one
 * statement or one transaction. Services never need to compose writes into a transaction themselves.
 *
 * Every key carries the app id (and the tenant id where the CDI scopes by tenant), as the official core does,
 * even though Staffgate serves only app `public`, tenant `public`.
 */

export type RecipeId = 'emailpassword' | 'thirdparty' | 'passwordless';

/** One way of signing in (without account linking, a user has exactly one). */
export interface LoginMethodRecord {
    readonly userId: string;
    readonly tenantId: string;
    readonly recipeId: RecipeId;
    /** Every user has an email but a passwordless one, who has an email, a phone number or both. */
    readonly email?: string;
    readonly phoneNumber?: string;
    readonly timeJoined: number;
    /** Whether (userId, email) is in the verified-emails set; always true for a phone-only passwordless user. */
    readonly verified: boolean;
    /** Set for third-party users: the provider's id and the user's id there. */
    readonly thirdParty?: { readonly id: string; readonly userId: string };
}

export interface NewEmailPasswordUser {
    readonly appId: string;
    readonly tenantId: string;
    readonly userId: string;
    /** Already normalised (trimmed, lower-cased). */
    readonly email: string;
    readonly passwordHash: string;
    readonly timeJoined: number;
    /** Mark the email verified at creation (fake emails made by the SDK). */
    readonly verified: boolean;
}

export interface NewThirdPartyUser {
    readonly appId: string;
    readonly tenantId: string;
    /** Used only when the (thirdPartyId, thirdPartyUserId) pair is new. */
    readonly userId: string;
    readonly thirdPartyId: string;
    readonly thirdPartyUserId: string;
    /** Already normalised. */
    readonly email: string;
    readonly timeJoined: number;
    /** Mark (user, email) verified; never un-verifies. */
    readonly verified: boolean;
}

export interface NewPasswordlessUser {
    readonly appId: string;
    readonly tenantId: string;
    /** Used only when no passwordless user of the tenant has the email or phone number. */
    readonly userId: string;
    /** Exactly one of email (normalised) and phoneNumber. */
    readonly email?: string;
    readonly phoneNumber?: string;
    readonly timeJoined: number;
}

export interface AccountInfoQuery {
    readonly email?: string;
    readonly phoneNumber?: string;
    readonly thirdParty?: { readonly id: string; readonly userId: string };
}

export interface UserSearchQuery {
    readonly order: 'ASC' | 'DESC';
    /** Each matches an email that starts with it, or whose domain starts with it. */
    readonly emails?: readonly string[];
    /** Each matches a third-party id that starts with it. */
    readonly providers?: readonly string[];
    /** Each matches a passwordless phone number that starts with it. */
    readonly phones?: readonly string[];
    /** Rows to return at most. */
    readonly limit: number;
}

export interface UserListQuery {
    readonly order: 'ASC' | 'DESC';
    /** Rows to return at most. */
    readonly limit: number;
    /** Start at this user, inclusive (the pagination token's item). */
    readonly from?: { readonly timeJoined: number; readonly userId: string };
    readonly recipeIds?: readonly RecipeId[];
}

/** The admin user list's sort keys: time joined, email ('' for phone-only users), last sign-in (0 = never). */
export type UserListSort = 'joined' | 'email' | 'lastSignIn';

/** The account states the admin user list filters by. */
export type UserListState = 'banned' | 'locked' | 'unverified' | 'noTwoFactor';

export interface UserListFilter {
    /** Part of the email, lower-cased, matched literally (no wildcards); '' or undefined for any. */
    readonly search?: string;
    /** Users holding this role (in the tenant). */
    readonly role?: string;
    readonly state?: UserListState;
    /** The sign-in method: a recipe, with the provider's id for third-party users. */
    readonly method?: { readonly recipeId: RecipeId; readonly thirdPartyId?: string };
    /** What "locked" means: as many failures as the lockout threshold, and not yet waited out at `now`. */
    readonly lockout: { readonly now: number; readonly threshold: number };
}

/** A position in the list: the sort key's value and the user id (the tie-break). */
export interface UserListKey {
    readonly value: number | string;
    readonly userId: string;
}

export interface UserPageQuery extends UserListFilter {
    readonly sort: UserListSort;
    /** The order rows come in: (key, userId) both ascending or both descending. */
    readonly order: 'ASC' | 'DESC';
    /** Rows to return at most. */
    readonly limit: number;
    /** Start after this position, exclusive, in `order`. */
    readonly after?: UserListKey;
}

/** A user as the admin list shows them. */
export interface UserListRecord extends LoginMethodRecord {
    /** ms since epoch; absent when the user never signed in since this was recorded. */
    readonly lastSignInAt?: number;
    /** The user's roles in the tenant, sorted. */
    readonly roles: string[];
    readonly banned: boolean;
    readonly locked: boolean;
    /** Has a verified TOTP device. */
    readonly twoFactor: boolean;
}

export interface UserListStore {
    /** A page of the tenant's users matching the filter, in (sort key, userId) order, keyset-paged. */
    listUserPage(appId: string, tenantId: string, query: UserPageQuery): Promise<UserListRecord[]>;
    /** How many of the tenant's users match the filter. */
    countUserList(appId: string, tenantId: string, filter: UserListFilter): Promise<number>;
}

export interface UserStore {
    /** Inserts an email-password user with its password; false when the email is taken in that tenant. */
    createEmailPasswordUser(user: NewEmailPasswordUser): Promise<boolean>;
    /** The user with this id, or undefined. */
    getUser(appId: string, userId: string): Promise<LoginMethodRecord | undefined>;
    /** The email-password login method for a normalised email in a tenant, or undefined. */
    findEmailPasswordUser(appId: string, tenantId: string, email: string): Promise<LoginMethodRecord | undefined>;
    /**
     * Signs a third-party user in or up in one step: creates the user when the (provider, provider user id) pair is
     * new in the tenant, else updates the stored email when it changed; marks the email verified when asked.
     */
    signInUpThirdParty(user: NewThirdPartyUser): Promise<{ createdNewUser: boolean; user: LoginMethodRecord }>;
    /**
     * Signs a passwordless user in or up in one step: the tenant's passwordless user with that email or phone number,
     * else a new one; an email is marked verified either way. Undefined when a concurrent sign-up won the race.
     */
    signInUpPasswordless(user: NewPasswordlessUser): Promise<{ createdNewUser: boolean; user: LoginMethodRecord } | undefined>;
    /**
     * Changes a passwordless user's email or phone number (null clears it); nothing changes on a conflict, or when
     * the user would be left with neither.
     */
    updatePasswordlessUser(appId: string, userId: string, change: { email?: string | null; phoneNumber?: string | null }): Promise<'OK' | 'UNKNOWN_USER_ID' | 'EMAIL_ALREADY_EXISTS' | 'PHONE_NUMBER_ALREADY_EXISTS' | 'NO_CONTACT_LEFT'>;
    /** Users of a tenant matching any of the account info (email, phone, or provider + provider user id), oldest first. */
    listUsersByAccountInfo(appId: string, tenantId: string, query: AccountInfoQuery): Promise<LoginMethodRecord[]>;
    /** Changes an email-password user's email and/or password hash together; nothing changes on a conflict. */
    updateEmailPasswordUser(appId: string, userId: string, change: { email?: string; passwordHash?: string }): Promise<'OK' | 'UNKNOWN_USER_ID' | 'EMAIL_ALREADY_EXISTS'>;
    /** A page of a tenant's users ordered by (timeJoined, userId DESC). */
    listUsers(appId: string, tenantId: string, query: UserListQuery): Promise<LoginMethodRecord[]>;
    /**
     * Users of a tenant matching the search, ordered by (timeJoined, userId DESC): any term of a tag (a union), and
     * every tag given (as the official core: emails with a provider find only third-party users).
     */
    searchUsers(appId: string, tenantId: string, query: UserSearchQuery): Promise<LoginMethodRecord[]>;
    /** Number of users, in one tenant or (tenantId undefined) in the whole app. */
    countUsers(appId: string, tenantId: string | undefined, recipeIds?: readonly RecipeId[]): Promise<number>;
    /**
     * Removes the user and everything that belongs to them in one transaction: password, sessions, reset and
     * verification tokens, verified emails, roles, metadata, lockout and ban state, TOTP devices and recovery codes. Audit events stay (they are the
     * record of what happened, including the deletion). False if the user was unknown.
     */
    deleteUser(appId: string, userId: string): Promise<boolean>;
}

export interface PasswordStore {
    /** The stored hash of an email-password user's password, or undefined. */
    getPasswordHash(appId: string, userId: string): Promise<string | undefined>;
    /** Replaces the stored hash (a rehash with new parameters); false if the user is unknown. */
    setPasswordHash(appId: string, userId: string, passwordHash: string): Promise<boolean>;
}

export interface SessionRecord {
    readonly appId: string;
    readonly tenantId: string;
    readonly sessionHandle: string;
    /** The recipe user id; the primary id is worked out when read (always the same without linking). */
    readonly userId: string;
    /** sha256(sha256(current parent refresh token)), hex. */
    readonly refreshTokenHash2: string;
    readonly sessionData: Record<string, unknown>;
    /** Custom access-token claims (no protected ones). */
    readonly jwtPayload: Record<string, unknown>;
    /** ms since epoch; the session is gone after this. */
    readonly expiresAt: number;
    readonly createdAt: number;
    readonly useStaticKey: boolean;
    /** Session policy (ms): how long this session may go unused; absent = the core's refresh token validity. */
    readonly idleLimit?: number;
    /** Session policy (ms since epoch): no refresh moves expiresAt past this; absent = no absolute end. */
    readonly absoluteEnd?: number;
}

export interface RevokedSession {
    readonly sessionHandle: string;
    readonly userId: string;
}

export interface SessionStore {
    /** Stores a new session. */
    createSession(session: SessionRecord): Promise<void>;
    /** The session with this handle, expired or not, or undefined. */
    getSession(appId: string, sessionHandle: string): Promise<SessionRecord | undefined>;
    /**
     * Compare-and-set of the refresh token: only when the stored hash2 still equals `fromHash2` and the session has
     * not expired at `now`, sets the new hash2, the new expiry and the key choice. True when it changed the row.
     * The new expiry is `now + idleLimit` for a session with its own idle limit (else `expiresAt`), never past the
     * session's `absoluteEnd`: the same statement enforces the session policy, whatever the caller computed.
     */
    promoteRefreshToken(appId: string, sessionHandle: string, change: { fromHash2: string; toHash2: string; expiresAt: number; useStaticKey: boolean; now: number }): Promise<boolean>;
    /**
     * A refresh's rotation in one transaction: the compare-and-set of `promoteRefreshToken`, with the same session
     * policy for the new expiry, which also requires the user not to be banned, and, when it changed the row, `event`
     * appended to the audit trail. The session as updated, or undefined when nothing matched (hash superseded, session
     * expired or gone, user banned).
     */
    rotateRefreshToken(appId: string, sessionHandle: string, change: { fromHash2: string; toHash2: string; expiresAt: number; useStaticKey: boolean; now: number }, event: AuditEvent): Promise<SessionRecord | undefined>;
    /** Records the signing-key choice made at a refresh. */
    setUseStaticKey(appId: string, sessionHandle: string, useStaticKey: boolean): Promise<void>;
    /** Replaces the session data of a live session; false if it is missing or expired at `now`. */
    updateSessionData(appId: string, sessionHandle: string, sessionData: Record<string, unknown>, now: number): Promise<boolean>;
    /** Replaces the custom access-token claims of a live session; false if it is missing or expired at `now`. */
    updateJwtPayload(appId: string, sessionHandle: string, jwtPayload: Record<string, unknown>, now: number): Promise<boolean>;
    /** Deletes the given sessions; returns those that existed, with their user (for the audit trail). */
    deleteSessions(appId: string, sessionHandles: readonly string[]): Promise<RevokedSession[]>;
    /** Deletes a user's sessions, in one tenant or (tenantId undefined) in all; returns their handles. */
    deleteSessionsOfUser(appId: string, userId: string, tenantId?: string): Promise<string[]>;
    /** Handles of a user's sessions that have not expired at `now`. */
    listSessionHandles(appId: string, userId: string, now: number, tenantId?: string): Promise<string[]>;
    /** Deletes sessions that expired before `now`; returns how many. */
    deleteExpiredSessions(now: number): Promise<number>;
    /** Sessions of the app that have not expired at `now`. */
    countLiveSessions(appId: string, now: number): Promise<number>;
}

export type SigningKeyKind = 'dynamic' | 'static';

export interface SigningKeyRecord {
    readonly appId: string;
    /** `d-<createdAt>` for dynamic keys, `s-<uuid>` for the static key. */
    readonly keyId: string;
    readonly kind: SigningKeyKind;
    readonly algorithm: 'RS256';
    /** PKCS#8 PEM. */
    readonly privateKey: string;
    readonly createdAt: number;
    /** A dynamic key's place in the rotation (the previous key's + 1, from 0); 0 for the static key. Unique per app and kind. */
    readonly generation: number;
}

export interface KeyStore {
    /** Every signing key of the app, newest first. */
    listSigningKeys(appId: string): Promise<SigningKeyRecord[]>;
    /** Inserts a key unless one of that kind and generation exists (another process won); true if inserted. */
    insertSigningKey(key: SigningKeyRecord): Promise<boolean>;
    /** Deletes dynamic keys created before `time`. */
    deleteDynamicKeysCreatedBefore(appId: string, time: number): Promise<number>;
    /** The named app secret, created from `value` if there is none yet (first writer wins). */
    getOrCreateSecret(appId: string, name: string, value: string): Promise<string>;
}

/** A password-reset or email-verification token: stored by hash, for a user and an email, used once. */
export interface SingleUseToken {
    readonly appId: string;
    readonly tenantId: string;
    readonly userId: string;
    readonly email: string;
    /** sha256 hex of the token; the token itself is never stored. */
    readonly tokenHash: string;
    readonly expiresAt: number;
}

export interface TokenStore {
    /** Stores a password reset token (by hash). */
    createPasswordResetToken(token: SingleUseToken): Promise<void>;
    /** Finds the token by hash without using it up (to refuse a dead link before the form); undefined if unknown. */
    findPasswordResetToken(appId: string, tenantId: string, tokenHash: string): Promise<SingleUseToken | undefined>;
    /** Finds the token by hash and deletes every reset token of its user in the same step; undefined if unknown. */
    consumePasswordResetToken(appId: string, tenantId: string, tokenHash: string): Promise<SingleUseToken | undefined>;
    /** Deletes every reset token of the user (their password changed: older links must stop working). */
    revokePasswordResetTokens(appId: string, userId: string): Promise<void>;
    /** Deletes the reset and email-verification tokens that expired at or before `now`; returns how many. */
    deleteExpiredTokens(now: number): Promise<number>;
}

export interface EmailVerificationStore {
    /** Stores a verification token (by hash). */
    createToken(token: SingleUseToken): Promise<void>;
    /** Finds the token by hash and deletes every token of its (user, email) in the same step; undefined if unknown. */
    consumeToken(appId: string, tenantId: string, tokenHash: string): Promise<SingleUseToken | undefined>;
    /** Deletes the tokens of a (user, email) in a tenant. */
    revokeTokens(appId: string, tenantId: string, userId: string, email: string): Promise<void>;
    /** Whether (user, email) is verified (app-wide). */
    isVerified(appId: string, userId: string, email: string): Promise<boolean>;
    /** Marks (user, email) verified; idempotent. */
    setVerified(appId: string, userId: string, email: string): Promise<void>;
    /** Marks (user, email) unverified; idempotent. */
    unsetVerified(appId: string, userId: string, email: string): Promise<void>;
}

export interface RoleStore {
    /** Creates the role if needed and adds the permissions (never removes any); true if the role is new. */
    createOrUpdateRole(appId: string, role: string, permissions: readonly string[]): Promise<boolean>;
    /** Every role of the app, sorted. */
    listRoles(appId: string): Promise<string[]>;
    /** The role's permissions, sorted, or undefined when the role does not exist. */
    getPermissions(appId: string, role: string): Promise<string[] | undefined>;
    /** Removes the given permissions (all when undefined); false when the role does not exist. */
    removePermissions(appId: string, role: string, permissions?: readonly string[]): Promise<boolean>;
    /** Roles that have the permission, sorted. */
    rolesWithPermission(appId: string, permission: string): Promise<string[]>;
    /** Deletes the role, its permissions and every assignment of it; true if it existed. */
    deleteRole(appId: string, role: string): Promise<boolean>;
    /** Gives a user a role in a tenant: 'UNKNOWN_ROLE', or whether they already had it. */
    addUserRole(appId: string, tenantId: string, userId: string, role: string): Promise<'UNKNOWN_ROLE' | { alreadyHad: boolean }>;
    /** Takes a role from a user in a tenant: 'UNKNOWN_ROLE', or whether they had it. */
    removeUserRole(appId: string, tenantId: string, userId: string, role: string): Promise<'UNKNOWN_ROLE' | { had: boolean }>;
    /** The user's roles in a tenant, sorted. */
    getUserRoles(appId: string, tenantId: string, userId: string): Promise<string[]>;
    /** Users with the role in a tenant, or undefined when the role does not exist. */
    getUsersWithRole(appId: string, tenantId: string, role: string): Promise<string[] | undefined>;
}

export interface MetadataStore {
    /** The user's metadata, {} when none. */
    getMetadata(appId: string, userId: string): Promise<Record<string, unknown>>;
    /** Shallow merge in one transaction: each top-level key is replaced, a null value deletes it; returns the result. */
    mergeMetadata(appId: string, userId: string, update: Record<string, unknown>, now: number): Promise<Record<string, unknown>>;
    /** Deletes the user's metadata. */
    deleteMetadata(appId: string, userId: string): Promise<void>;
}

export interface AuditEvent {
    readonly appId: string;
    /** ms since epoch. */
    readonly time: number;
    readonly event: string;
    /** The user the event is about, when there is one. */
    readonly userId?: string;
    readonly ip?: string;
    readonly userAgent?: string;
    /** The admin (user id) who caused it, for admin actions. */
    readonly actorId?: string;
    readonly details: Record<string, unknown>;
}

export interface StoredAuditEvent extends AuditEvent {
    /** Increasing; newer events have larger ids. */
    readonly id: number;
}

export interface AuditQuery {
    readonly userId?: string;
    /** Events about a user who has this email now, or whose details record it (`details.email`: a failed sign-in, an invitation). */
    readonly email?: string;
    readonly event?: string;
    /** Inclusive, ms. */
    readonly from?: number;
    /** Exclusive, ms. */
    readonly to?: number;
    /** Only events older than this id (the cursor of the next page). */
    readonly beforeId?: number;
    readonly limit: number;
}

export interface AuditStore {
    /** Appends an event. */
    append(event: AuditEvent): Promise<void>;
    /** Matching events, newest first. */
    query(appId: string, query: AuditQuery): Promise<StoredAuditEvent[]>;
    /** Counts matching events (for the admin overview). */
    count(appId: string, query: Omit<AuditQuery, 'limit' | 'beforeId'>): Promise<number>;
    /** Deletes events older than `time`; returns how many. */
    deleteOlderThan(time: number): Promise<number>;
}

export interface LockoutPolicy {
    /** Failures before the account locks. */
    readonly threshold: number;
    /** Longest wait, ms. */
    readonly maxWait: number;
    /** A counter untouched for this long starts again from zero, ms. */
    readonly resetAfter: number;
}

export interface LockoutState {
    readonly userId: string;
    readonly failures: number;
    readonly lastFailureAt: number;
    /** ms; undefined when not locked. */
    readonly lockedUntil?: number;
}

export interface LockoutStore {
    /**
     * Claims one sign-in attempt for the account, atomically: counts it as a failure in advance, unless the account
     * is locked at `now` or already at the threshold; returns false then. However many attempts race, at most
     * `threshold` are let through before the lock. A later success calls `clear`.
     */
    claimAttempt(appId: string, userId: string, now: number, policy: LockoutPolicy): Promise<boolean>;
    /** Locks the account until `until` when its counter still equals `failures` (set after a counted failure). */
    lockUntil(appId: string, userId: string, failures: number, until: number): Promise<void>;
    /** The account's counter, or undefined when it has none. */
    getState(appId: string, userId: string): Promise<LockoutState | undefined>;
    /** Accounts at or over `threshold` failures that are locked at `now` (or waiting for a verdict). */
    listLocked(appId: string, now: number, threshold: number): Promise<LockoutState[]>;
    /** Forgets the counter (successful sign-in, admin reset). */
    clear(appId: string, userId: string): Promise<void>;
    /** Trusts `source` for the user from `now` on, with no failures (after a sign-in or a password reset from it). */
    trustSource(appId: string, userId: string, source: string, now: number): Promise<void>;
    /**
     * Claims one attempt from a source trusted since `since` or later, atomically: counts a failure in advance and
     * returns true, unless the source is not trusted or already has `maxFailures`; returns false then.
     */
    claimTrustedAttempt(appId: string, userId: string, source: string, since: number, maxFailures: number): Promise<boolean>;
}

export interface BanRecord {
    readonly userId: string;
    readonly bannedAt: number;
    readonly bannedBy?: string;
    readonly reason?: string;
}

export interface BanStore {
    /** Bans the user and deletes their sessions in one transaction; returns the revoked session handles. */
    ban(appId: string, ban: BanRecord): Promise<string[]>;
    /** Lifts a ban; true if there was one. */
    unban(appId: string, userId: string): Promise<boolean>;
    /** The ban, or undefined. */
    getBan(appId: string, userId: string): Promise<BanRecord | undefined>;
}

export interface TenantStore {
    /** The tenant's third-party provider configs (as the SDK sent them), by thirdPartyId. */
    listThirdPartyConfigs(appId: string, tenantId: string): Promise<Record<string, unknown>[]>;
    /** Creates or replaces a provider config; true if it is new. */
    upsertThirdPartyConfig(appId: string, tenantId: string, thirdPartyId: string, config: Record<string, unknown>): Promise<boolean>;
    /** Deletes a provider config; true if it existed. */
    deleteThirdPartyConfig(appId: string, tenantId: string, thirdPartyId: string): Promise<boolean>;
}

export interface TotpDeviceRecord {
    readonly userId: string;
    readonly name: string;
    /** RFC 4648 Base32, no padding. */
    readonly secret: string;
    /** Seconds. */
    readonly period: number;
    /** Periods either side of now that are also accepted. */
    readonly skew: number;
    readonly verified: boolean;
    readonly createdAt: number;
    /** ms; when a code from this device was last accepted. */
    readonly lastUsedAt?: number;
}

/** A code tried at a verify endpoint. */
export interface UsedTotpCode {
    readonly code: string;
    readonly isValid: boolean;
    readonly createdAt: number;
    readonly expiresAt: number;
}

/** What a code check decided, for the store to apply in the same transaction as the reads. */
export interface TotpCheckDecision<T> {
    /** Stored as a used code (created now), unless undefined. */
    readonly record?: UsedTotpCode;
    /** With a record: the device whose code was accepted, marked verified, its last use set to the record's time. */
    readonly acceptedDevice?: string;
    readonly result: T;
}

export interface TotpStore {
    /**
     * Creates an unverified device, replacing an unverified one of the same name (new secret); false, changing
     * nothing, when a verified device has that name.
     */
    createDevice(appId: string, device: TotpDeviceRecord): Promise<boolean>;
    /** Renames a device, keeping everything else. */
    renameDevice(appId: string, userId: string, from: string, to: string): Promise<'OK' | 'UNKNOWN_DEVICE' | 'DEVICE_ALREADY_EXISTS'>;
    /** The user's devices, oldest first. */
    listDevices(appId: string, userId: string): Promise<TotpDeviceRecord[]>;
    /** Deletes a device; with the last one goes the user's whole TOTP state (used codes of every tenant). */
    removeDevice(appId: string, userId: string, name: string): Promise<TotpDeviceRecord | undefined>;
    /** Deletes every device and used code of the user; returns the devices there were. */
    removeUser(appId: string, userId: string): Promise<TotpDeviceRecord[]>;
    /**
     * One code check as a single atomic unit per user: reads the devices and the user's used codes in the tenant
     * (newest first, expired ones included), lets `decide` (pure and synchronous: it may run again when the
     * database retries the transaction) rule on them, and applies its decision before another check of the same
     * user can read.
     */
    checkCode<T>(appId: string, tenantId: string, userId: string, decide: (state: { devices: TotpDeviceRecord[]; usedCodes: UsedTotpCode[] }) => TotpCheckDecision<T>): Promise<T>;
    /** Deletes used codes that expired before `time` (they no longer block a replay nor feed the attempt limit). */
    deleteExpiredCodes(time: number): Promise<number>;
    /** Users with at least one verified device. */
    listEnrolledUsers(appId: string): Promise<string[]>;
}

export interface RecoveryCodeRecord {
    readonly codeHash: string;
    readonly createdAt: number;
    readonly usedAt?: number;
}

export interface RecoveryCodeStore {
    /** Replaces the user's recovery codes with these hashes, in one transaction. */
    replaceCodes(appId: string, userId: string, codeHashes: readonly string[], createdAt: number): Promise<void>;
    /** The user's codes, used or not. */
    listCodes(appId: string, userId: string): Promise<RecoveryCodeRecord[]>;
    /** Spends an unused code; false when it is unknown or already spent (a racing use won). */
    useCode(appId: string, userId: string, codeHash: string, now: number): Promise<boolean>;
    /** Deletes the user's codes; returns how many there were. */
    removeCodes(appId: string, userId: string): Promise<number>;
}

/** Exactly one of the two. */
export type PasswordlessContact = { readonly email: string; readonly phoneNumber?: undefined } | { readonly phoneNumber: string; readonly email?: undefined };

export interface PasswordlessDevice {
    /** The preAuthSessionId: base64url SHA-256 of the device id, which itself is never stored. */
    readonly deviceIdHash: string;
    readonly contact: PasswordlessContact;
    /** Mixed into link codes; never leaves the core. */
    readonly linkCodeSalt: string;
    readonly failedAttempts: number;
}

export interface PasswordlessCode {
    readonly codeId: string;
    readonly deviceIdHash: string;
    /** SHA-256 of the link code; neither the link code nor the user input code is stored. */
    readonly linkCodeHash: string;
    readonly createdAt: number;
}

export interface PasswordlessDeviceWithCodes extends PasswordlessDevice {
    /** Oldest first, expired ones included. */
    readonly codes: PasswordlessCode[];
}

export interface PasswordlessCodeCheck {
    readonly deviceIdHash: string;
    readonly linkCodeHash: string;
    /** A wrong or expired link code counts no attempt (it cannot be guessed); a user input code does. */
    readonly byLinkCode: boolean;
    /** Codes created before this are expired. */
    readonly expiredBefore: number;
    readonly maxAttempts: number;
    /** On success, delete every device of the contact in the tenant (consume) or nothing (check). */
    readonly consume: boolean;
}

export type PasswordlessCodeCheckResult =
    | { readonly status: 'RESTART_FLOW' }
    | { readonly status: 'INCORRECT' | 'EXPIRED'; readonly failedAttempts: number }
    | { readonly status: 'OK'; readonly device: PasswordlessDevice };

export interface PasswordlessStore {
    /** Stores a new device with its first code; false when the device or the link code hash exists already. */
    createDevice(appId: string, tenantId: string, device: PasswordlessDevice, code: PasswordlessCode): Promise<boolean>;
    /** Adds a code to a device: 'UNKNOWN_DEVICE', or 'CODE_EXISTS' when the link code hash is taken. */
    addCode(appId: string, tenantId: string, code: PasswordlessCode): Promise<'OK' | 'UNKNOWN_DEVICE' | 'CODE_EXISTS'>;
    /** The device with its codes, or undefined. */
    getDevice(appId: string, tenantId: string, deviceIdHash: string): Promise<PasswordlessDeviceWithCodes | undefined>;
    /** The code with this link code hash, or undefined. */
    findCode(appId: string, tenantId: string, linkCodeHash: string): Promise<PasswordlessCode | undefined>;
    /** Every device of an email or phone number in the tenant, with their codes. */
    listDevices(appId: string, tenantId: string, contact: PasswordlessContact): Promise<PasswordlessDeviceWithCodes[]>;
    /**
     * Checks a code against its device in one transaction that locks the device: a missing device, or one at
     * `maxAttempts` failures (then deleted), is RESTART_FLOW; a missing or expired code counts a failure on the
     * code path (deleting the device at the last one, RESTART_FLOW) and is RESTART_FLOW on the link path.
     */
    checkCode(appId: string, tenantId: string, check: PasswordlessCodeCheck): Promise<PasswordlessCodeCheckResult>;
    /** Deletes a code, and its device when it was the last one. */
    deleteCode(appId: string, tenantId: string, codeId: string): Promise<void>;
    /** Deletes a device and its codes. */
    deleteDevice(appId: string, tenantId: string, deviceIdHash: string): Promise<void>;
    /** Deletes every device of an email or phone number in the tenant. */
    deleteDevicesOf(appId: string, tenantId: string, contact: PasswordlessContact): Promise<void>;
    /** Deletes devices whose every code was created before `time`; returns how many. */
    deleteExpiredDevices(time: number): Promise<number>;
}

/** Everything the core stores, plus the operational methods. */
export type InvitationState = 'pending' | 'accepted' | 'revoked' | 'expired';

/** An invitation as stored. A pending one past `expiresAt` is expired (the service says so when it reads it). */
export interface InvitationRecord {
    readonly invitationId: string;
    /** Normalised (trimmed, lower-cased). */
    readonly email: string;
    readonly roles: readonly string[];
    /** sha256 hex of the current token; resending replaces it. */
    readonly tokenHash: string;
    readonly state: InvitationState;
    readonly createdAt: number;
    /** When the current token was made (the last send). */
    readonly sentAt: number;
    readonly expiresAt: number;
    /** The admin (user id) who invited, when known. */
    readonly invitedBy?: string;
    readonly acceptedAt?: number;
    readonly acceptedUserId?: string;
    readonly revokedAt?: number;
}

export type NewInvitation = Pick<InvitationRecord, 'invitationId' | 'email' | 'roles' | 'tokenHash' | 'createdAt' | 'expiresAt' | 'invitedBy'>;

export interface InvitationStore {
    /**
     * One step: when the address has a pending invitation that has not expired at `now`, gives it the new token,
     * expiry and roles ('renewed'); otherwise marks an expired pending one `expired` and inserts `invitation`
     * ('created'). Returns the invitation as stored.
     */
    createOrRenew(appId: string, invitation: NewInvitation, now: number): Promise<{ outcome: 'created' | 'renewed'; invitation: InvitationRecord }>;
    /** Invitations, newest first. */
    list(appId: string, limit: number): Promise<InvitationRecord[]>;
    get(appId: string, invitationId: string): Promise<InvitationRecord | undefined>;
    /** The address's pending invitation (expired or not). */
    findPending(appId: string, email: string): Promise<InvitationRecord | undefined>;
    /** The invitation whose current token has this hash. */
    findByTokenHash(appId: string, tokenHash: string): Promise<InvitationRecord | undefined>;
    /** Gives a pending invitation a new token and expiry (the old token stops working); undefined if not pending. */
    renewToken(appId: string, invitationId: string, change: { tokenHash: string; sentAt: number; expiresAt: number }): Promise<InvitationRecord | undefined>;
    /** pending → revoked; the invitation when it changed, else undefined. */
    revoke(appId: string, invitationId: string, now: number): Promise<InvitationRecord | undefined>;
    /**
     * Compare-and-set: pending, unexpired at `now`, with this token hash → accepted by `userId`. The invitation
     * when this call accepted it; undefined when anything else (another accept) got there first.
     */
    accept(appId: string, tokenHash: string, userId: string, now: number): Promise<InvitationRecord | undefined>;
}

/** A queued email, as stored (see the mail_queue migration). */
export interface QueuedMailRecord {
    readonly id: string;
    readonly to: string;
    readonly subject: string;
    /** Empty once the message is sent or has failed. */
    readonly text: string;
    readonly state: 'pending' | 'sent' | 'failed';
    /** Claims so far (each claim is one delivery attempt). */
    readonly attempts: number;
    readonly createdAt: number;
    readonly nextAttemptAt: number;
    readonly claimedUntil?: number;
    /** The current claim's token: only its holder may report a failure. */
    readonly leaseToken?: string;
    readonly lastError?: string;
    readonly lastErrorAt?: number;
    readonly finishedAt?: number;
}

export type NewQueuedMail = Pick<QueuedMailRecord, 'id' | 'to' | 'subject' | 'text' | 'createdAt'>;

/** A claim: the token that marks it, and until when it holds. */
export interface MailLease {
    readonly token: string;
    readonly until: number;
}

export interface MailQueueStore {
    /** Stores a pending message, due now; with `lease`, already claimed by the caller (one attempt counted). */
    enqueue(appId: string, mail: NewQueuedMail, lease?: MailLease): Promise<QueuedMailRecord>;
    /** Stores the message and deletes it again in one transaction: the same work as `enqueue`, and nothing left. */
    enqueueDiscarded(appId: string, mail: NewQueuedMail): Promise<void>;
    /**
     * Atomically claims up to `limit` pending messages due at `now` whose lease (if any) has run out: each gets
     * the lease and one more attempt. Concurrent claims (any process) never get the same message.
     */
    claim(appId: string, now: number, lease: MailLease, limit: number): Promise<QueuedMailRecord[]>;
    get(appId: string, id: string): Promise<QueuedMailRecord | undefined>;
    /** pending → sent, body emptied; true when the message is (now or already) sent, false for an unknown id. */
    markSent(appId: string, id: string, now: number): Promise<boolean>;
    /**
     * For the holder of `leaseToken`: records the error and either schedules the next attempt (`retryAt`) or, with
     * `retryAt` undefined, marks it failed (body emptied). The message after the change; undefined when the lease is
     * no longer this caller's or the message is not pending.
     */
    markFailed(appId: string, id: string, leaseToken: string, failure: { error: string; now: number; retryAt?: number }): Promise<QueuedMailRecord | undefined>;
    /** How many messages are pending and failed. */
    counts(appId: string): Promise<{ pending: number; failed: number }>;
    /** Messages with an error (pending ones being retried, and failed ones), most recent error first. */
    recentErrors(appId: string, limit: number): Promise<QueuedMailRecord[]>;
    /** Deletes sent and failed messages finished before `time`; returns how many. */
    deleteFinishedBefore(time: number): Promise<number>;
}

export interface Storage {
    readonly name: 'sqlite' | 'postgres';
    readonly users: UserStore;
    readonly userList: UserListStore;
    readonly passwords: PasswordStore;
    readonly sessions: SessionStore;
    readonly keys: KeyStore;
    readonly tokens: TokenStore;
    readonly emailVerification: EmailVerificationStore;
    readonly roles: RoleStore;
    readonly metadata: MetadataStore;
    readonly audit: AuditStore;
    readonly lockouts: LockoutStore;
    readonly bans: BanStore;
    readonly tenants: TenantStore;
    readonly totp: TotpStore;
    readonly recoveryCodes: RecoveryCodeStore;
    readonly passwordless: PasswordlessStore;
    readonly invitations: InvitationStore;
    readonly mailQueue: MailQueueStore;
    /** Applies pending migrations; returns the versions it applied. */
    migrate(): Promise<string[]>;
    /** Resolves when the database answers and accepts writes. */
    ping(): Promise<void>;
    close(): Promise<void>;
}
