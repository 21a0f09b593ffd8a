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

export type RecipeId = 'emailpassword' | 'thirdparty';

/** One way of signing in (without account linking, a user has exactly one). */
export interface LoginMethodRecord {
    readonly userId: string;
    readonly tenantId: string;
    readonly recipeId: RecipeId;
    readonly email: string;
    readonly timeJoined: number;
    /** Whether (userId, email) is in the verified-emails set. */
    readonly verified: boolean;
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

export interface AccountInfoQuery {
    readonly email?: string;
}

export interface UserListQuery {
    readonly order: 'ASC' | 'DESC';
    /** Rows to return at most. */
    readonly limit: number;
    /** Start at this user, inclusive (the pagination token's item). */
    readonly from?: { readonly timeJoined: number; readonly userId: string };
    readonly recipeIds?: readonly RecipeId[];
}

export interface UserStore {
    /** Inserts an email-password user with its password; false when the email is taken in that tenant. */
    createEmailPasswordUser(user: NewEmailPasswordUser): Promise<boolean>;
    /** The user with this id, or undefined. */
    getUser(appId: string, userId: string): Promise<LoginMethodRecord | undefined>;
    /** The email-password login method for a normalised email in a tenant, or undefined. */
    findEmailPasswordUser(appId: string, tenantId: string, email: string): Promise<LoginMethodRecord | undefined>;
    /** Users of a tenant matching the account info, oldest first. */
    listUsersByAccountInfo(appId: string, tenantId: string, query: AccountInfoQuery): Promise<LoginMethodRecord[]>;
    /** Changes an email-password user's email and/or password hash together; nothing changes on a conflict. */
    updateEmailPasswordUser(appId: string, userId: string, change: { email?: string; passwordHash?: string }): Promise<'OK' | 'UNKNOWN_USER_ID' | 'EMAIL_ALREADY_EXISTS'>;
    /** A page of a tenant's users ordered by (timeJoined, userId DESC). */
    listUsers(appId: string, tenantId: string, query: UserListQuery): Promise<LoginMethodRecord[]>;
    /** Number of users, in one tenant or (tenantId undefined) in the whole app. */
    countUsers(appId: string, tenantId: string | undefined, recipeIds?: readonly RecipeId[]): Promise<number>;
    /** Removes the user and everything that belongs to them (sessions, tokens, passwords, flags); false if unknown. */
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
}

export interface SessionStore {
    /** Stores a new session. */
    createSession(session: SessionRecord): Promise<void>;
    /** The session with this handle, expired or not, or undefined. */
    getSession(appId: string, sessionHandle: string): Promise<SessionRecord | undefined>;
    /**
     * Compare-and-set of the refresh token: only when the stored hash2 still equals `fromHash2` and the session has
     * not expired at `now`, sets the new hash2, the new expiry and the key choice. True when it changed the row.
     */
    promoteRefreshToken(appId: string, sessionHandle: string, change: { fromHash2: string; toHash2: string; expiresAt: number; useStaticKey: boolean; now: number }): Promise<boolean>;
    /** Records the signing-key choice made at a refresh. */
    setUseStaticKey(appId: string, sessionHandle: string, useStaticKey: boolean): Promise<void>;
    /** Replaces the session data of a live session; false if it is missing or expired at `now`. */
    updateSessionData(appId: string, sessionHandle: string, sessionData: Record<string, unknown>, now: number): Promise<boolean>;
    /** Replaces the custom access-token claims of a live session; false if it is missing or expired at `now`. */
    updateJwtPayload(appId: string, sessionHandle: string, jwtPayload: Record<string, unknown>, now: number): Promise<boolean>;
    /** Deletes the given sessions; returns the handles that existed. */
    deleteSessions(appId: string, sessionHandles: readonly string[]): Promise<string[]>;
    /** Deletes a user's sessions, in one tenant or (tenantId undefined) in all; returns their handles. */
    deleteSessionsOfUser(appId: string, userId: string, tenantId?: string): Promise<string[]>;
    /** Handles of a user's sessions that have not expired at `now`. */
    listSessionHandles(appId: string, userId: string, now: number, tenantId?: string): Promise<string[]>;
    /** Deletes sessions that expired before `now`; returns how many. */
    deleteExpiredSessions(now: number): Promise<number>;
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
    /** Rotation slot of a dynamic key (floor(time / interval)); 0 for the static key. Unique per app and kind. */
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

export interface PasswordResetToken {
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
    createPasswordResetToken(token: PasswordResetToken): Promise<void>;
    /** Finds the token by hash and deletes every reset token of its user in the same step; undefined if unknown. */
    consumePasswordResetToken(appId: string, tenantId: string, tokenHash: string): Promise<PasswordResetToken | undefined>;
}

/** Everything the core stores, plus the operational methods. */
export interface Storage {
    readonly name: 'sqlite' | 'postgres';
    readonly users: UserStore;
    readonly passwords: PasswordStore;
    readonly sessions: SessionStore;
    readonly keys: KeyStore;
    readonly tokens: TokenStore;
    /** Applies pending migrations; returns the versions it applied. */
    migrate(): Promise<string[]>;
    /** Resolves when the database answers and accepts writes. */
    ping(): Promise<void>;
    close(): Promise<void>;
}
