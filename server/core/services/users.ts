/*
 * Users as the CDI shows them (the 5.4 user object) and the email-password recipe: sign up, sign in, email and
 * password changes, password reset tokens.
 *
 * No user enumeration: sign-in answers WRONG_CREDENTIALS_ERROR for an unknown email, a wrong password or a broken
 * hash alike, after the same hashing work. Reset tokens are stored only as SHA-256 hashes.
 */

import { normaliseEmail } from '../../email-addresses';
import type { LoginMethodRecord, RecipeId, Storage } from '../storage';
import type { AuditTrail } from './audit';
import type { Caller } from './caller';
import type { Clock } from './clock';
import { randomToken, randomUuid, sha256Hex } from './crypto';
import { InvalidInputError } from './errors';
import { normalisePhoneNumber } from './phone-numbers';
import type { Lockouts } from './lockouts';
import type { PasswordHasher } from './passwords';


/** The recipes a user list can be limited to (routes/users/list.ts). */
export type { RecipeId };


export interface UsersOptions {
    readonly appId: string;
    readonly storage: Storage;
    readonly hasher: PasswordHasher;
    readonly lockouts: Lockouts;
    readonly clock: Clock;
    readonly audit: AuditTrail;
    /** ms */
    readonly passwordResetTokenLifetime: number;
}

export interface LoginMethodJson {
    tenantIds: string[];
    recipeUserId: string;
    verified: boolean;
    timeJoined: number;
    recipeId: string;
    email?: string;
    phoneNumber?: string;
    thirdParty?: { id: string; userId: string };
}

export interface UserJson {
    id: string;
    isPrimaryUser: boolean;
    tenantIds: string[];
    timeJoined: number;
    emails: string[];
    phoneNumbers: string[];
    thirdParty: { id: string; userId: string }[];
    webauthn: { credentialIds: string[] };
    loginMethods: LoginMethodJson[];
}


/** Emails are compared and stored trimmed and lower-cased, as the official core does. */
/** NFC, lower case, the domain in Unicode: one form for one address (email-addresses.ts). */
export { normaliseEmail };

/** The email-password account of an email in a tenant, with its password hash; undefined when there is none. */
export const findPasswordAccount = async (storage: Storage, appId: string, tenantId: string, rawEmail: string): Promise<{ user: LoginMethodRecord; userId: string; hash: string } | undefined> => {

    const user = await storage.users.findEmailPasswordUser(appId, tenantId, normaliseEmail(rawEmail));
    const hash = user && await storage.passwords.getPasswordHash(appId, user.userId);
    // A user without a hash: only one deleted between the two reads above (a race), so that branch is not covered.
    return user && hash ? { user, userId: user.userId, hash } : undefined;      // $lab:coverage:ignore$
};

/** Addresses the SDK makes up for providers that give none; they count as verified. */
export const isFakeEmail = (email: string): boolean => email.endsWith('@stfakeemail.supertokens.com') || email.endsWith('.fakeemail.com');

/** The CDI 5.4 user object (without account linking, one login method per user). */
export const toUserJson = (user: LoginMethodRecord): UserJson => ({
    id: user.userId,
    isPrimaryUser: false,
    tenantIds: [user.tenantId],
    timeJoined: user.timeJoined,
    emails: user.email === undefined ? [] : [user.email],
    phoneNumbers: user.phoneNumber === undefined ? [] : [user.phoneNumber],
    thirdParty: user.thirdParty ? [{ ...user.thirdParty }] : [],
    webauthn: { credentialIds: [] },
    loginMethods: [{
        tenantIds: [user.tenantId],
        recipeUserId: user.userId,
        verified: user.verified,
        timeJoined: user.timeJoined,
        recipeId: user.recipeId,
        ...(user.email === undefined ? {} : { email: user.email }),
        ...(user.phoneNumber === undefined ? {} : { phoneNumber: user.phoneNumber }),
        ...(user.thirdParty ? { thirdParty: { ...user.thirdParty } } : {})
    }]
});

/** Why a sign-in failed, for the audit trail; the caller only ever sees WRONG_CREDENTIALS_ERROR. */
export type SignInFailure = 'unknown_email' | 'wrong_password' | 'locked' | 'banned';


export class Users {

    readonly #options: UsersOptions;

    constructor(options: UsersOptions) {

        this.#options = options;
    }

    get #appId() {

        return this.#options.appId;
    }

    get #storage() {

        return this.#options.storage;
    }

    async signUp(caller: Caller, tenantId: string, rawEmail: string, password: string) {

        assertPassword(password);
        const email = normaliseEmail(rawEmail);
        const user = { userId: randomUuid(), tenantId, recipeId: 'emailpassword' as const, email, timeJoined: this.#options.clock(), verified: isFakeEmail(email) };

        // Hash before looking: a taken email costs the same time as a free one.
        const passwordHash = await this.#options.hasher.hash(password);
        const created = await this.#storage.users.createEmailPasswordUser({ appId: this.#appId, ...user, passwordHash });
        if (!created) {
            return { status: 'EMAIL_ALREADY_EXISTS_ERROR' };
        }

        await this.#options.audit.record(caller, 'sign_up', user.userId, { method: 'emailpassword' });
        return { status: 'OK', user: toUserJson(user), recipeUserId: user.userId };
    }

    /** Email-password sign-in; every failure answers WRONG_CREDENTIALS_ERROR, and the audit row says why. */
    async signIn(caller: Caller, tenantId: string, rawEmail: string, password: string): Promise<object> {

        const { response, userId, failure } = await this.#checkCredentials(tenantId, rawEmail, password, caller.ip);
        if (failure) {
            await this.#options.audit.record(caller, 'sign_in_failed', userId, { method: 'emailpassword', reason: failure, ...(userId ? {} : { email: normaliseEmail(rawEmail) }) });
        }
        else {
            await this.#options.audit.record(caller, 'sign_in', userId, { method: 'emailpassword' });
        }

        return response;
    }

    /**
     * The lockout, password and ban checks of a sign-in. Every failure answers WRONG_CREDENTIALS_ERROR after one
     * password verification's worth of work; `failure` and `userId` are for the audit trail only.
     */
    async #checkCredentials(tenantId: string, rawEmail: string, password: string, source: string | undefined): Promise<{ response: object; userId?: string; failure?: SignInFailure }> {

        const { hasher, lockouts } = this.#options;
        const wrong = { status: 'WRONG_CREDENTIALS_ERROR' };
        const account = await findPasswordAccount(this.#storage, this.#appId, tenantId, rawEmail);
        if (!account) {
            await hasher.verifyDummy(password);
            return { response: wrong, failure: 'unknown_email' };
        }

        // A source the owner recently signed in from is not held by the account lock (lockouts.ts).
        const { user, userId, hash } = account;
        const trusted = await lockouts.claimTrustedAttempt(userId, source);
        if (!trusted && !await lockouts.claimAttempt(userId)) {
            await hasher.verifyDummy(password);
            return { response: wrong, userId, failure: 'locked' };
        }

        if (!await hasher.verify(hash, password)) {
            if (!trusted) {
                await lockouts.recordFailure(userId);
            }

            return { response: wrong, userId, failure: 'wrong_password' };
        }

        if (!trusted) {
            await lockouts.clear(userId);
        }

        if (await this.#storage.bans.getBan(this.#appId, userId)) {
            return { response: wrong, userId, failure: 'banned' };
        }

        await lockouts.trust(userId, source);

        if (hasher.needsRehash(hash)) {
            await this.#storage.passwords.setPasswordHash(this.#appId, userId, await hasher.hash(password));
        }

        return { response: { status: 'OK', user: toUserJson(user), recipeUserId: userId }, userId };
    }

    /** Third-party sign-in or sign-up with the provider's answer; a banned user is refused. */
    async signInUpThirdParty(caller: Caller, tenantId: string, input: { thirdPartyId: string; thirdPartyUserId: string; email: string; isVerified: boolean }) {

        const method = { method: 'thirdparty', thirdPartyId: input.thirdPartyId };
        const thirdParty = { id: input.thirdPartyId, userId: input.thirdPartyUserId };
        const [existing] = await this.#storage.users.listUsersByAccountInfo(this.#appId, tenantId, { thirdParty });
        if (existing && await this.#storage.bans.getBan(this.#appId, existing.userId)) {
            await this.#options.audit.record(caller, 'sign_in_failed', undefined, { ...method, reason: 'banned' });
            return { status: 'EMAIL_CHANGE_NOT_ALLOWED_ERROR', reason: 'This account is disabled' };
        }

        const email = normaliseEmail(input.email);
        const { createdNewUser, user } = await this.#storage.users.signInUpThirdParty({
            appId: this.#appId,
            tenantId,
            userId: randomUuid(),
            thirdPartyId: input.thirdPartyId,
            thirdPartyUserId: input.thirdPartyUserId,
            email,
            timeJoined: this.#options.clock(),
            verified: input.isVerified || isFakeEmail(email)
        });

        await this.#options.audit.record(caller, createdNewUser ? 'sign_up' : 'sign_in', user.userId, method);
        return { status: 'OK', createdNewUser, user: toUserJson(user), recipeUserId: user.userId };
    }

    async get(userId: string) {

        const user = await this.#storage.users.getUser(this.#appId, userId);
        return user ? { status: 'OK', user: toUserJson(user) } : { status: 'UNKNOWN_USER_ID_ERROR' };
    }

    /** Account linking is off: a known user is never linked, so unlinking changes nothing. */
    async unlink(recipeUserId: string) {

        if (!await this.#storage.users.getUser(this.#appId, recipeUserId)) {
            throw new InvalidInputError('Unknown user ID provided');
        }

        return { status: 'OK', wasRecipeUserDeleted: false, wasLinked: false };
    }

    /** Users with any (union) or all (intersection) of the given account info, oldest first. */
    async byAccountInfo(tenantId: string, info: { email?: string; phoneNumber?: string; thirdParty?: { id: string; userId: string }; webauthnCredentialId?: string }, union: boolean) {

        const email = info.email === undefined ? undefined : normaliseEmail(info.email);
        const phoneNumber = info.phoneNumber === undefined ? undefined : normalisePhoneNumber(info.phoneNumber);
        const candidates = await this.#storage.users.listUsersByAccountInfo(this.#appId, tenantId, { email, phoneNumber, thirdParty: info.thirdParty });

        // No user has a webauthn credential: with an intersection, asking for one leaves nothing.
        const asksForAbsentInfo = info.webauthnCredentialId !== undefined;
        const matchesAll = (user: LoginMethodRecord) => {

            return !asksForAbsentInfo &&
                (email === undefined || user.email === email) &&
                (phoneNumber === undefined || user.phoneNumber === phoneNumber) &&
                (info.thirdParty === undefined || (user.thirdParty?.id === info.thirdParty.id && user.thirdParty.userId === info.thirdParty.userId));
        };

        const users = union ? candidates : candidates.filter(matchesAll);
        return { status: 'OK', users: users.map(toUserJson) };
    }

    /** Changes the email, the password or both; at least one must be given. */
    async update(caller: Caller, recipeUserId: string, change: { email?: string; password?: string }) {

        if (change.email === undefined && change.password === undefined) {
            throw new InvalidInputError('You have to provide either email or password.');
        }

        if (change.password !== undefined) {
            assertPassword(change.password);
        }

        const email = change.email === undefined ? undefined : normaliseEmail(change.email);
        const result = await this.#storage.users.updateEmailPasswordUser(this.#appId, recipeUserId, {
            email,
            passwordHash: change.password === undefined ? undefined : await this.#options.hasher.hash(change.password)
        });

        if (result !== 'OK') {
            return { status: `${result}_ERROR` };
        }

        if (change.password !== undefined) {
            // A reset link sent before a password change must not work after it.
            await this.#storage.tokens.revokePasswordResetTokens(this.#appId, recipeUserId);
            await this.#options.lockouts.clear(recipeUserId);             // a new password (a reset) unlocks the account
            await this.#options.audit.record(caller, 'password_changed', recipeUserId);
        }

        if (email !== undefined) {
            await this.#options.audit.record(caller, 'email_changed', recipeUserId, { email });
        }

        return { status: 'OK' };
    }

    /**
     * Deletes the user and everything of theirs in one transaction (storage/UserStore.deleteUser). Unknown ids
     * answer OK too, as in the official core.
     */
    async remove(caller: Caller, userId: string) {

        if (await this.#storage.users.deleteUser(this.#appId, userId)) {
            await this.#options.audit.record(caller, 'user_deleted', userId);
        }

        return { status: 'OK' };
    }

    /**
     * As the official core: a token for any existing user, whatever their login methods (the SDK decides what to
     * do with it). Unlike the official core the email is normalised, as everywhere else here.
     */
    async createResetToken(caller: Caller, tenantId: string, userId: string, rawEmail: string) {

        if (!await this.#storage.users.getUser(this.#appId, userId)) {
            return { status: 'UNKNOWN_USER_ID_ERROR' };
        }

        const token = randomToken(96);
        await this.#storage.tokens.createPasswordResetToken({
            appId: this.#appId,
            tenantId,
            userId,
            email: normaliseEmail(rawEmail),
            tokenHash: sha256Hex(token),
            expiresAt: this.#options.clock() + this.#options.passwordResetTokenLifetime
        });

        await this.#options.audit.record(caller, 'password_reset_requested', userId);
        return { status: 'OK', token };
    }

    /**
     * Staffgate extension: whether a reset link still works, without using it up, so the reset page can refuse a
     * used or expired link before the user types two passwords. Says nothing about whose link it is.
     */
    async checkResetToken(tenantId: string, token: string) {

        const found = await this.#storage.tokens.findPasswordResetToken(this.#appId, tenantId, sha256Hex(token));
        return { status: 'OK', valid: found !== undefined && found.expiresAt > this.#options.clock() };
    }

    /**
     * Single use: consuming deletes every reset token of the user, even when this one has expired. The owner has
     * proved control of the email: the account lock is cleared and the caller's source trusted, so they get in at
     * once. The SDK then sets the new password with PUT /recipe/user (audited there as password_changed).
     */
    async consumeResetToken(caller: Caller, tenantId: string, token: string) {

        const consumed = await this.#storage.tokens.consumePasswordResetToken(this.#appId, tenantId, sha256Hex(token));
        if (!consumed || consumed.expiresAt <= this.#options.clock()) {
            return { status: 'RESET_PASSWORD_INVALID_TOKEN_ERROR' };
        }

        await this.#options.lockouts.clear(consumed.userId);
        await this.#options.lockouts.trust(consumed.userId, caller.ip);
        await this.#options.audit.record(caller, 'password_reset', consumed.userId);
        return { status: 'OK', userId: consumed.userId, email: consumed.email };
    }

    async list(tenantId: string, query: { limit: number; order: 'ASC' | 'DESC'; paginationToken?: string; recipeIds?: RecipeId[] }) {

        const from = query.paginationToken === undefined ? undefined : paginationToken.decode(query.paginationToken);
        const page = await this.#storage.users.listUsers(this.#appId, tenantId, { order: query.order, limit: query.limit + 1, from, recipeIds: query.recipeIds });
        const next = page.length > query.limit ? page[query.limit] : undefined;
        return {
            status: 'OK',
            users: page.slice(0, query.limit).map(toUserJson),
            ...(next ? { nextPaginationToken: paginationToken.encode(next) } : {})
        };
    }

    /** Search mode of the user list: a union of email and provider prefixes, no pagination (as the official core). */
    async search(tenantId: string, query: { order: 'ASC' | 'DESC'; emails?: string[]; providers?: string[]; phones?: string[]; limit: number }) {

        const users = await this.#storage.users.searchUsers(this.#appId, tenantId, query);
        return { status: 'OK', users: users.map(toUserJson) };
    }

    async count(tenantId: string | undefined, recipeIds?: RecipeId[]) {

        return { status: 'OK', count: await this.#storage.users.countUsers(this.#appId, tenantId, recipeIds) };
    }
}


const assertPassword = (password: string): void => {

    if (password === '') {
        throw new InvalidInputError('Password cannot be an empty string');
    }
};


/** Page tokens of the user list: base64 of "<userId>;<timeJoined>" of the first user of the next page. */
export const paginationToken = {
    encode: (user: { userId: string; timeJoined: number }): string => Buffer.from(`${user.userId};${user.timeJoined}`).toString('base64'),

    decode: (token: string): { userId: string; timeJoined: number } => {

        const [userId, time, extra] = Buffer.from(token, 'base64').toString('utf8').split(';');
        const timeJoined = Number(time);
        if (!userId || extra !== undefined || !/^\d+$/.test(time ?? '') || !Number.isSafeInteger(timeJoined)) {       // Number('') is 0
            throw new InvalidInputError('invalid pagination token');
        }

        return { userId, timeJoined };
    }
};
