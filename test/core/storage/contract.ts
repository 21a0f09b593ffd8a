/*
 * The storage contract: every adapter (SQLite now, PostgreSQL later) must pass this suite, which holds each store
 * method to its doc comment in server/core/storage/index.ts. It talks only through the Storage interface (no SQL),
 * and expects `makeStorage` to hand out an empty, migrated storage each time; the suite closes it after each test.
 *
 * Ids are UUID-shaped and hashes are sha256 hex, so that an adapter with typed columns accepts them too.
 */

import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import type * as Lab from '@hapi/lab';

import { describeTwoFactorStores } from './contract-two-factor';
import type { AuditEvent, LockoutPolicy, LoginMethodRecord, NewEmailPasswordUser, NewInvitation, NewThirdPartyUser, PasswordlessCode, PasswordlessCodeCheck, PasswordlessDevice, SessionRecord, SigningKeyRecord, SingleUseToken, Storage } from '../../../server/core/storage';


const { expect } = Code;

export const app = 'public';
export const otherApp = 'app-b';
export const tenant = 'public';
export const otherTenant = 'tenant-b';

/** A fixed "now" (ms), well after every time used below. */
export const now = 1_800_000_000_000;
const day = 86_400_000;


/** UUID v4-shaped ids whose string order follows `n`. */
export const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export const sha256 = (value: string): string => Crypto.createHash('sha256').update(value).digest('hex');

const newUser = (n: number, overrides: Partial<NewEmailPasswordUser> = {}): NewEmailPasswordUser => ({
    appId: app,
    tenantId: tenant,
    userId: uuid(n),
    email: `user${n}@example.com`,
    passwordHash: `$argon2id$v=19$m=1024,t=1,p=1$salt${n}$hash${n}`,
    timeJoined: now - day + n,
    verified: false,
    ...overrides
});

/** What getUser and friends return for a user made by newUser. */
const recordOf = (user: NewEmailPasswordUser): LoginMethodRecord => ({
    userId: user.userId,
    tenantId: user.tenantId,
    recipeId: 'emailpassword',
    email: user.email,
    timeJoined: user.timeJoined,
    verified: user.verified
});

const newThirdPartyUser = (n: number, overrides: Partial<NewThirdPartyUser> = {}): NewThirdPartyUser => ({
    appId: app,
    tenantId: tenant,
    userId: uuid(n),
    thirdPartyId: 'google',
    thirdPartyUserId: `google-user-${n}`,
    email: `user${n}@example.com`,
    timeJoined: now - day + n,
    verified: false,
    ...overrides
});

const thirdPartyRecordOf = (user: NewThirdPartyUser): LoginMethodRecord => ({
    userId: user.userId,
    tenantId: user.tenantId,
    recipeId: 'thirdparty',
    email: user.email,
    timeJoined: user.timeJoined,
    verified: user.verified,
    thirdParty: { id: user.thirdPartyId, userId: user.thirdPartyUserId }
});

const newSession = (n: number, overrides: Partial<SessionRecord> = {}): SessionRecord => ({
    appId: app,
    tenantId: tenant,
    sessionHandle: uuid(1000 + n),
    userId: uuid(1),
    refreshTokenHash2: sha256(sha256(`refresh-token-${n}`)),
    sessionData: { theme: 'dark', nested: { list: [1, 'two', null], flag: true } },
    jwtPayload: { iss: 'http://localhost:3000/auth', 'st-role': { v: ['admin'], t: 1 } },
    expiresAt: now + day,
    createdAt: now - 1000 + n,
    useStaticKey: false,
    ...overrides
});

const newKey = (createdAt: number, overrides: Partial<SigningKeyRecord> = {}): SigningKeyRecord => ({
    appId: app,
    keyId: `d-${createdAt}`,
    kind: 'dynamic',
    algorithm: 'RS256',
    privateKey: `-----BEGIN PRIVATE KEY-----\nMIIfake${createdAt}\n-----END PRIVATE KEY-----\n`,
    createdAt,
    generation: createdAt,
    ...overrides
});

const newResetToken = (label: string, overrides: Partial<SingleUseToken> = {}): SingleUseToken => ({
    appId: app,
    tenantId: tenant,
    userId: uuid(1),
    email: 'user1@example.com',
    tokenHash: sha256(label),
    expiresAt: now + 3_600_000,
    ...overrides
});

const newVerificationToken = (label: string, overrides: Partial<SingleUseToken> = {}): SingleUseToken => ({
    appId: app,
    tenantId: tenant,
    userId: uuid(1),
    email: 'user1@example.com',
    tokenHash: sha256(label),
    expiresAt: now + day,
    ...overrides
});

const newAuditEvent = (n: number, overrides: Partial<AuditEvent> = {}): AuditEvent => ({
    appId: app,
    time: now + n * 1000,
    event: 'sign_in',
    userId: uuid(1),
    ip: '192.0.2.1',
    userAgent: 'lab',
    actorId: uuid(50),
    details: { method: 'emailpassword', n },
    ...overrides
});

const newDevice = (n: number, overrides: Partial<PasswordlessDevice> = {}): PasswordlessDevice => ({
    deviceIdHash: sha256(`device-${n}`),
    contact: { email: `user${n}@example.com` },
    linkCodeSalt: sha256(`salt-${n}`),
    failedAttempts: 0,
    ...overrides
});

const newCode = (device: number, n: number, overrides: Partial<PasswordlessCode> = {}): PasswordlessCode => ({
    codeId: uuid(3000 + n),
    deviceIdHash: sha256(`device-${device}`),
    linkCodeHash: sha256(`link-${n}`),
    createdAt: now - 1000 + n,
    ...overrides
});

/** A check of `code` on its device at `now`, with a 10 s lifetime and 3 attempts. */
const checkOf = (code: PasswordlessCode, overrides: Partial<PasswordlessCodeCheck> = {}): PasswordlessCodeCheck => ({
    deviceIdHash: code.deviceIdHash,
    linkCodeHash: code.linkCodeHash,
    byLinkCode: false,
    expiredBefore: now - 10_000,
    maxAttempts: 3,
    consume: true,
    ...overrides
});

const lockoutPolicy: LockoutPolicy = { threshold: 3, maxWait: 60_000, resetAfter: 600_000 };

const sorted = (values: readonly string[]): string[] => [...values].sort();


export const describeStorage = (lab: Lab.script.Script, name: string, makeStorage: () => Promise<Storage> | Storage): void => {

    const { describe, it, beforeEach, afterEach } = lab;

    describe(`storage contract (${name})`, () => {

        let storage: Storage;

        beforeEach(async () => {

            storage = await makeStorage();
        });

        afterEach(async () => {

            await storage.close();
        });

        describe('migrate() and ping()', () => {

            it('applies nothing on a migrated storage, however often it is called, and keeps the data', async () => {

                await storage.users.createEmailPasswordUser(newUser(1));
                expect(await storage.migrate()).to.equal([]);
                expect(await storage.migrate()).to.equal([]);
                expect(await storage.users.getUser(app, uuid(1))).to.equal(recordOf(newUser(1)));
            });

            it('ping resolves when the database answers', async () => {

                await expect(storage.ping()).to.not.reject();
            });
        });

        describe('users', () => {

            describe('createEmailPasswordUser() and getUser()', () => {

                it('stores the user and its password hash, and getUser returns its login method', async () => {

                    const user = newUser(1);
                    expect(await storage.users.createEmailPasswordUser(user)).to.be.true();
                    expect(await storage.users.getUser(app, user.userId)).to.equal(recordOf(user));
                    expect(await storage.passwords.getPasswordHash(app, user.userId)).to.equal(user.passwordHash);
                });

                it('marks the email verified when asked to at creation', async () => {

                    const user = newUser(1, { email: 'abc@stfakeemail.supertokens.com', verified: true });
                    expect(await storage.users.createEmailPasswordUser(user)).to.be.true();
                    expect((await storage.users.getUser(app, user.userId))!.verified).to.be.true();
                });

                it('returns false and writes nothing when the email is taken in the same tenant', async () => {

                    const first = newUser(1, { email: 'alice@example.com' });
                    const second = newUser(2, { email: 'alice@example.com', passwordHash: 'other-hash', verified: true });
                    expect(await storage.users.createEmailPasswordUser(first)).to.be.true();
                    expect(await storage.users.createEmailPasswordUser(second)).to.be.false();

                    expect(await storage.users.getUser(app, second.userId)).to.be.undefined();
                    expect(await storage.passwords.getPasswordHash(app, second.userId)).to.be.undefined();
                    expect(await storage.users.countUsers(app, undefined)).to.equal(1);
                    expect(await storage.users.getUser(app, first.userId)).to.equal(recordOf(first));
                    expect(await storage.passwords.getPasswordHash(app, first.userId)).to.equal(first.passwordHash);
                });

                it('allows the same email in another tenant and in another app', async () => {

                    expect(await storage.users.createEmailPasswordUser(newUser(1, { email: 'alice@example.com' }))).to.be.true();
                    expect(await storage.users.createEmailPasswordUser(newUser(2, { email: 'alice@example.com', tenantId: otherTenant }))).to.be.true();
                    expect(await storage.users.createEmailPasswordUser(newUser(3, { email: 'alice@example.com', appId: otherApp }))).to.be.true();
                    expect(await storage.users.countUsers(app, undefined)).to.equal(2);
                    expect(await storage.users.countUsers(otherApp, undefined)).to.equal(1);
                });

                it('lets exactly one of several concurrent sign-ups with one email win', async () => {

                    const results = await Promise.all([1, 2, 3, 4].map((n) => storage.users.createEmailPasswordUser(newUser(n, { email: 'race@example.com' }))));
                    expect(results.filter(Boolean)).to.have.length(1);
                    expect(await storage.users.countUsers(app, tenant)).to.equal(1);
                });

                it('returns undefined for an unknown id, and for a user of another app', async () => {

                    await storage.users.createEmailPasswordUser(newUser(1));
                    expect(await storage.users.getUser(app, uuid(99))).to.be.undefined();
                    expect(await storage.users.getUser(otherApp, uuid(1))).to.be.undefined();
                });
            });

            describe('findEmailPasswordUser()', () => {

                it('finds the email-password login method by email within its tenant only', async () => {

                    const user = newUser(1, { email: 'alice@example.com' });
                    await storage.users.createEmailPasswordUser(user);
                    expect(await storage.users.findEmailPasswordUser(app, tenant, 'alice@example.com')).to.equal(recordOf(user));
                    expect(await storage.users.findEmailPasswordUser(app, otherTenant, 'alice@example.com')).to.be.undefined();
                    expect(await storage.users.findEmailPasswordUser(otherApp, tenant, 'alice@example.com')).to.be.undefined();
                    expect(await storage.users.findEmailPasswordUser(app, tenant, 'bob@example.com')).to.be.undefined();
                });

                it('tells apart users with the same email in different tenants', async () => {

                    const inPublic = newUser(1, { email: 'alice@example.com' });
                    const inOther = newUser(2, { email: 'alice@example.com', tenantId: otherTenant });
                    await storage.users.createEmailPasswordUser(inPublic);
                    await storage.users.createEmailPasswordUser(inOther);
                    expect(await storage.users.findEmailPasswordUser(app, tenant, 'alice@example.com')).to.equal(recordOf(inPublic));
                    expect(await storage.users.findEmailPasswordUser(app, otherTenant, 'alice@example.com')).to.equal(recordOf(inOther));
                });
            });

            describe('listUsersByAccountInfo()', () => {

                it('lists the tenant\'s users with that email', async () => {

                    const user = newUser(1, { email: 'alice@example.com' });
                    await storage.users.createEmailPasswordUser(user);
                    await storage.users.createEmailPasswordUser(newUser(2, { email: 'alice@example.com', tenantId: otherTenant }));
                    await storage.users.createEmailPasswordUser(newUser(3, { email: 'bob@example.com' }));

                    expect(await storage.users.listUsersByAccountInfo(app, tenant, { email: 'alice@example.com' })).to.equal([recordOf(user)]);
                });

                it('lists nothing for an unknown email, another app or an empty query', async () => {

                    await storage.users.createEmailPasswordUser(newUser(1, { email: 'alice@example.com' }));
                    expect(await storage.users.listUsersByAccountInfo(app, tenant, { email: 'nobody@example.com' })).to.equal([]);
                    expect(await storage.users.listUsersByAccountInfo(otherApp, tenant, { email: 'alice@example.com' })).to.equal([]);
                    expect(await storage.users.listUsersByAccountInfo(app, tenant, {})).to.equal([]);
                });

                it('shows whether the email is verified', async () => {

                    await storage.users.createEmailPasswordUser(newUser(1, { email: 'x@abc.fakeemail.com', verified: true }));
                    const [found] = await storage.users.listUsersByAccountInfo(app, tenant, { email: 'x@abc.fakeemail.com' });
                    expect(found!.verified).to.be.true();
                });
            });

            describe('updateEmailPasswordUser()', () => {

                it('changes the email alone, leaving the password', async () => {

                    const user = newUser(1, { email: 'old@example.com' });
                    await storage.users.createEmailPasswordUser(user);

                    expect(await storage.users.updateEmailPasswordUser(app, user.userId, { email: 'new@example.com' })).to.equal('OK');
                    expect(await storage.users.getUser(app, user.userId)).to.equal({ ...recordOf(user), email: 'new@example.com' });
                    expect(await storage.users.findEmailPasswordUser(app, tenant, 'new@example.com')).to.equal({ ...recordOf(user), email: 'new@example.com' });
                    expect(await storage.users.findEmailPasswordUser(app, tenant, 'old@example.com')).to.be.undefined();
                    expect(await storage.passwords.getPasswordHash(app, user.userId)).to.equal(user.passwordHash);
                });

                it('changes the password hash alone, leaving the email', async () => {

                    const user = newUser(1);
                    await storage.users.createEmailPasswordUser(user);

                    expect(await storage.users.updateEmailPasswordUser(app, user.userId, { passwordHash: 'new-hash' })).to.equal('OK');
                    expect(await storage.passwords.getPasswordHash(app, user.userId)).to.equal('new-hash');
                    expect(await storage.users.getUser(app, user.userId)).to.equal(recordOf(user));
                });

                it('changes both together', async () => {

                    const user = newUser(1);
                    await storage.users.createEmailPasswordUser(user);

                    expect(await storage.users.updateEmailPasswordUser(app, user.userId, { email: 'new@example.com', passwordHash: 'new-hash' })).to.equal('OK');
                    expect((await storage.users.getUser(app, user.userId))!.email).to.equal('new@example.com');
                    expect(await storage.passwords.getPasswordHash(app, user.userId)).to.equal('new-hash');
                });

                it('accepts the user\'s own email as the new email', async () => {

                    const user = newUser(1);
                    await storage.users.createEmailPasswordUser(user);

                    expect(await storage.users.updateEmailPasswordUser(app, user.userId, { email: user.email, passwordHash: 'new-hash' })).to.equal('OK');
                    expect(await storage.users.getUser(app, user.userId)).to.equal(recordOf(user));
                    expect(await storage.passwords.getPasswordHash(app, user.userId)).to.equal('new-hash');
                });

                it('answers EMAIL_ALREADY_EXISTS when another user of the tenant has the email, and changes neither email nor password', async () => {

                    const alice = newUser(1, { email: 'alice@example.com' });
                    const bob = newUser(2, { email: 'bob@example.com' });
                    await storage.users.createEmailPasswordUser(alice);
                    await storage.users.createEmailPasswordUser(bob);

                    expect(await storage.users.updateEmailPasswordUser(app, bob.userId, { email: 'alice@example.com', passwordHash: 'new-hash' })).to.equal('EMAIL_ALREADY_EXISTS');
                    expect(await storage.users.getUser(app, bob.userId)).to.equal(recordOf(bob));
                    expect(await storage.passwords.getPasswordHash(app, bob.userId)).to.equal(bob.passwordHash);
                    expect(await storage.users.getUser(app, alice.userId)).to.equal(recordOf(alice));
                    expect(await storage.passwords.getPasswordHash(app, alice.userId)).to.equal(alice.passwordHash);
                });

                it('allows an email that only a user of another tenant has', async () => {

                    await storage.users.createEmailPasswordUser(newUser(1, { email: 'alice@example.com', tenantId: otherTenant }));
                    await storage.users.createEmailPasswordUser(newUser(2, { email: 'bob@example.com' }));

                    expect(await storage.users.updateEmailPasswordUser(app, uuid(2), { email: 'alice@example.com' })).to.equal('OK');
                    expect((await storage.users.getUser(app, uuid(2)))!.email).to.equal('alice@example.com');
                });

                it('answers UNKNOWN_USER_ID for an unknown id or a user of another app, and writes nothing', async () => {

                    const user = newUser(1);
                    await storage.users.createEmailPasswordUser(user);

                    expect(await storage.users.updateEmailPasswordUser(app, uuid(99), { email: 'x@example.com', passwordHash: 'new-hash' })).to.equal('UNKNOWN_USER_ID');
                    expect(await storage.users.updateEmailPasswordUser(otherApp, user.userId, { email: 'x@example.com', passwordHash: 'new-hash' })).to.equal('UNKNOWN_USER_ID');
                    expect(await storage.users.getUser(app, user.userId)).to.equal(recordOf(user));
                    expect(await storage.passwords.getPasswordHash(app, user.userId)).to.equal(user.passwordHash);
                    expect(await storage.passwords.getPasswordHash(app, uuid(99))).to.be.undefined();
                });

                it('does not carry the verified flag over to a new email', async () => {

                    const user = newUser(1, { email: 'x@abc.fakeemail.com', verified: true });
                    await storage.users.createEmailPasswordUser(user);

                    expect(await storage.users.updateEmailPasswordUser(app, user.userId, { email: 'real@example.com' })).to.equal('OK');
                    expect((await storage.users.getUser(app, user.userId))!.verified).to.be.false();
                });
            });

            describe('listUsers()', () => {

                // Insertion order is scrambled on purpose; three users share one timeJoined.
                const users = [
                    newUser(3, { timeJoined: 1000 }),
                    newUser(5, { timeJoined: 500 }),
                    newUser(1, { timeJoined: 1000 }),
                    newUser(2, { timeJoined: 2000 }),
                    newUser(4, { timeJoined: 1000 })
                ];

                const ids = (records: readonly LoginMethodRecord[]) => records.map((record) => record.userId);
                const ascending = [uuid(5), uuid(4), uuid(3), uuid(1), uuid(2)];
                const descending = [uuid(2), uuid(4), uuid(3), uuid(1), uuid(5)];

                beforeEach(async () => {

                    for (const user of users) {
                        await storage.users.createEmailPasswordUser(user);
                    }

                    // Not in the listed tenant or app.
                    await storage.users.createEmailPasswordUser(newUser(6, { timeJoined: 1000, tenantId: otherTenant }));
                    await storage.users.createEmailPasswordUser(newUser(7, { timeJoined: 1000, appId: otherApp }));
                });

                it('orders ASC by timeJoined, ties by userId descending, and returns whole records', async () => {

                    const page = await storage.users.listUsers(app, tenant, { order: 'ASC', limit: 10 });
                    expect(ids(page)).to.equal(ascending);
                    expect(page[0]).to.equal(recordOf(users[1]!));
                });

                it('orders DESC by timeJoined, ties still by userId descending', async () => {

                    const page = await storage.users.listUsers(app, tenant, { order: 'DESC', limit: 10 });
                    expect(ids(page)).to.equal(descending);
                });

                it('returns at most `limit` rows, from the start', async () => {

                    expect(ids(await storage.users.listUsers(app, tenant, { order: 'ASC', limit: 2 }))).to.equal(ascending.slice(0, 2));
                    expect(ids(await storage.users.listUsers(app, tenant, { order: 'DESC', limit: 2 }))).to.equal(descending.slice(0, 2));
                });

                it('starts at `from` inclusive in ASC order', async () => {

                    const page = await storage.users.listUsers(app, tenant, { order: 'ASC', limit: 10, from: { timeJoined: 1000, userId: uuid(3) } });
                    expect(ids(page)).to.equal([uuid(3), uuid(1), uuid(2)]);
                });

                it('starts at `from` inclusive in DESC order', async () => {

                    const page = await storage.users.listUsers(app, tenant, { order: 'DESC', limit: 10, from: { timeJoined: 1000, userId: uuid(3) } });
                    expect(ids(page)).to.equal([uuid(3), uuid(1), uuid(5)]);
                });

                it('starts where a `from` item that no longer exists would have been', async () => {

                    const from = { timeJoined: 1000, userId: uuid(2) };
                    expect(ids(await storage.users.listUsers(app, tenant, { order: 'ASC', limit: 10, from }))).to.equal([uuid(1), uuid(2)]);
                    expect(ids(await storage.users.listUsers(app, tenant, { order: 'DESC', limit: 10, from }))).to.equal([uuid(1), uuid(5)]);
                });

                it('walks every user exactly once, page by page, in both orders', async () => {

                    for (const [order, expected] of [['ASC', ascending], ['DESC', descending]] as const) {
                        const seen: string[] = [];
                        let from: { timeJoined: number; userId: string } | undefined;
                        for (;;) {
                            // As the service does: read one more row than the page, to find the next page's first item.
                            const rows = await storage.users.listUsers(app, tenant, { order, limit: 3, from });
                            seen.push(...ids(rows.slice(0, 2)));
                            const next = rows[2];
                            if (!next) {
                                break;
                            }

                            from = { timeJoined: next.timeJoined, userId: next.userId };
                        }

                        expect(seen).to.equal(expected);
                    }
                });

                it('filters by recipe ids', async () => {

                    expect(ids(await storage.users.listUsers(app, tenant, { order: 'ASC', limit: 10, recipeIds: ['emailpassword'] }))).to.equal(ascending);
                    expect(ids(await storage.users.listUsers(app, tenant, { order: 'ASC', limit: 10, recipeIds: ['emailpassword', 'thirdparty'] }))).to.equal(ascending);
                    expect(await storage.users.listUsers(app, tenant, { order: 'ASC', limit: 10, recipeIds: ['thirdparty'] })).to.equal([]);
                });

                it('lists only the given tenant and app', async () => {

                    expect(ids(await storage.users.listUsers(app, otherTenant, { order: 'ASC', limit: 10 }))).to.equal([uuid(6)]);
                    expect(ids(await storage.users.listUsers(otherApp, tenant, { order: 'ASC', limit: 10 }))).to.equal([uuid(7)]);
                    expect(await storage.users.listUsers(app, 'tenant-c', { order: 'ASC', limit: 10 })).to.equal([]);
                });
            });

            describe('countUsers()', () => {

                it('counts one tenant, or the whole app when the tenant is undefined', async () => {

                    expect(await storage.users.countUsers(app, tenant)).to.equal(0);
                    expect(await storage.users.countUsers(app, undefined)).to.equal(0);

                    await storage.users.createEmailPasswordUser(newUser(1));
                    await storage.users.createEmailPasswordUser(newUser(2));
                    await storage.users.createEmailPasswordUser(newUser(3, { tenantId: otherTenant }));
                    await storage.users.createEmailPasswordUser(newUser(4, { appId: otherApp }));

                    expect(await storage.users.countUsers(app, tenant)).to.equal(2);
                    expect(await storage.users.countUsers(app, otherTenant)).to.equal(1);
                    expect(await storage.users.countUsers(app, undefined)).to.equal(3);
                    expect(await storage.users.countUsers(otherApp, undefined)).to.equal(1);
                });

                it('counts only users of the given recipes', async () => {

                    await storage.users.createEmailPasswordUser(newUser(1));
                    await storage.users.createEmailPasswordUser(newUser(2, { tenantId: otherTenant }));

                    expect(await storage.users.countUsers(app, tenant, ['emailpassword'])).to.equal(1);
                    expect(await storage.users.countUsers(app, undefined, ['emailpassword'])).to.equal(2);
                    expect(await storage.users.countUsers(app, undefined, ['emailpassword', 'thirdparty'])).to.equal(2);
                    expect(await storage.users.countUsers(app, undefined, ['thirdparty'])).to.equal(0);
                    expect(await storage.users.countUsers(app, tenant, ['thirdparty'])).to.equal(0);
                    expect(await storage.users.countUsers(app, undefined, [])).to.equal(2);
                });
            });

            describe('signInUpThirdParty()', () => {

                it('creates a user for a new (provider, provider user id) pair', async () => {

                    const user = newThirdPartyUser(1);
                    expect(await storage.users.signInUpThirdParty(user)).to.equal({ createdNewUser: true, user: thirdPartyRecordOf(user) });
                    expect(await storage.users.getUser(app, user.userId)).to.equal(thirdPartyRecordOf(user));
                    expect(await storage.passwords.getPasswordHash(app, user.userId)).to.be.undefined();
                });

                it('signs the same pair in again as the existing user, ignoring the new userId and timeJoined', async () => {

                    const first = newThirdPartyUser(1);
                    await storage.users.signInUpThirdParty(first);

                    const again = await storage.users.signInUpThirdParty(newThirdPartyUser(2, { thirdPartyUserId: first.thirdPartyUserId, email: first.email }));
                    expect(again).to.equal({ createdNewUser: false, user: thirdPartyRecordOf(first) });
                    expect(await storage.users.getUser(app, uuid(2))).to.be.undefined();
                    expect(await storage.users.countUsers(app, undefined)).to.equal(1);
                });

                it('updates the stored email when the provider reports another one', async () => {

                    const first = newThirdPartyUser(1, { email: 'old@example.com' });
                    await storage.users.signInUpThirdParty(first);

                    const again = await storage.users.signInUpThirdParty({ ...first, email: 'new@example.com' });
                    expect(again).to.equal({ createdNewUser: false, user: { ...thirdPartyRecordOf(first), email: 'new@example.com' } });
                    expect((await storage.users.getUser(app, first.userId))!.email).to.equal('new@example.com');
                });

                it('marks the email verified when asked, and never un-verifies', async () => {

                    const user = newThirdPartyUser(1);
                    expect((await storage.users.signInUpThirdParty({ ...user, verified: true })).user.verified).to.be.true();
                    expect((await storage.users.signInUpThirdParty({ ...user, verified: false })).user.verified).to.be.true();
                    expect(await storage.emailVerification.isVerified(app, user.userId, user.email)).to.be.true();
                });

                it('keeps pairs apart by tenant, by provider and by app', async () => {

                    const user = newThirdPartyUser(1);
                    await storage.users.signInUpThirdParty(user);
                    expect((await storage.users.signInUpThirdParty(newThirdPartyUser(2, { thirdPartyUserId: user.thirdPartyUserId, tenantId: otherTenant }))).createdNewUser).to.be.true();
                    expect((await storage.users.signInUpThirdParty(newThirdPartyUser(3, { thirdPartyUserId: user.thirdPartyUserId, thirdPartyId: 'github' }))).createdNewUser).to.be.true();
                    expect((await storage.users.signInUpThirdParty(newThirdPartyUser(4, { thirdPartyUserId: user.thirdPartyUserId, appId: otherApp }))).createdNewUser).to.be.true();
                });

                it('lets a third-party user share an email with an email-password user', async () => {

                    await storage.users.createEmailPasswordUser(newUser(1, { email: 'shared@example.com' }));
                    expect((await storage.users.signInUpThirdParty(newThirdPartyUser(2, { email: 'shared@example.com' }))).createdNewUser).to.be.true();
                    expect(await storage.users.findEmailPasswordUser(app, tenant, 'shared@example.com')).to.equal(recordOf(newUser(1, { email: 'shared@example.com' })));
                });

                it('creates one user when the same new pair signs up concurrently', async () => {

                    const results = await Promise.all([1, 2, 3, 4].map((n) => storage.users.signInUpThirdParty(newThirdPartyUser(n, { thirdPartyUserId: 'same' }))));
                    expect(results.filter((result) => result.createdNewUser)).to.have.length(1);
                    expect(new Set(results.map((result) => result.user.userId)).size).to.equal(1);
                    expect(await storage.users.countUsers(app, tenant)).to.equal(1);
                });
            });

            describe('listUsersByAccountInfo() with third-party info', () => {

                it('finds a user by provider and provider user id', async () => {

                    const user = newThirdPartyUser(1);
                    await storage.users.signInUpThirdParty(user);
                    await storage.users.signInUpThirdParty(newThirdPartyUser(2));

                    expect(await storage.users.listUsersByAccountInfo(app, tenant, { thirdParty: { id: 'google', userId: user.thirdPartyUserId } })).to.equal([thirdPartyRecordOf(user)]);
                    expect(await storage.users.listUsersByAccountInfo(app, tenant, { thirdParty: { id: 'github', userId: user.thirdPartyUserId } })).to.equal([]);
                    expect(await storage.users.listUsersByAccountInfo(app, otherTenant, { thirdParty: { id: 'google', userId: user.thirdPartyUserId } })).to.equal([]);
                });

                it('matches any of email and provider pair, oldest first', async () => {

                    const byEmail = newUser(3, { email: 'shared@example.com', timeJoined: 2000 });
                    const byPair = newThirdPartyUser(1, { email: 'other@example.com', timeJoined: 3000 });
                    const both = newThirdPartyUser(2, { thirdPartyId: 'github', email: 'shared@example.com', timeJoined: 1000 });
                    await storage.users.createEmailPasswordUser(byEmail);
                    await storage.users.signInUpThirdParty(byPair);
                    await storage.users.signInUpThirdParty(both);

                    expect(await storage.users.listUsersByAccountInfo(app, tenant, { email: 'shared@example.com' })).to.equal([thirdPartyRecordOf(both), recordOf(byEmail)]);
                    expect(await storage.users.listUsersByAccountInfo(app, tenant, { email: 'shared@example.com', thirdParty: { id: 'google', userId: byPair.thirdPartyUserId } }))
                        .to.equal([thirdPartyRecordOf(both), recordOf(byEmail), thirdPartyRecordOf(byPair)]);
                });
            });

            describe('third-party users in listUsers() and countUsers()', () => {

                it('filter by recipe id', async () => {

                    await storage.users.createEmailPasswordUser(newUser(1, { timeJoined: 100 }));
                    await storage.users.signInUpThirdParty(newThirdPartyUser(2, { timeJoined: 200 }));
                    await storage.users.signInUpThirdParty(newThirdPartyUser(3, { timeJoined: 300, tenantId: otherTenant }));

                    const ids = async (recipeIds?: ('emailpassword' | 'thirdparty')[]) => (await storage.users.listUsers(app, tenant, { order: 'ASC', limit: 10, recipeIds })).map((user) => user.userId);
                    expect(await ids()).to.equal([uuid(1), uuid(2)]);
                    expect(await ids(['thirdparty'])).to.equal([uuid(2)]);
                    expect(await ids(['emailpassword'])).to.equal([uuid(1)]);
                    expect(await ids(['emailpassword', 'thirdparty'])).to.equal([uuid(1), uuid(2)]);

                    expect(await storage.users.countUsers(app, tenant, ['thirdparty'])).to.equal(1);
                    expect(await storage.users.countUsers(app, undefined, ['thirdparty'])).to.equal(2);
                    expect(await storage.users.countUsers(app, undefined, ['emailpassword'])).to.equal(1);
                    expect(await storage.users.countUsers(app, undefined)).to.equal(3);
                });
            });

            describe('searchUsers()', () => {

                beforeEach(async () => {

                    await storage.users.createEmailPasswordUser(newUser(1, { email: 'alice@example.com', timeJoined: 100 }));
                    await storage.users.createEmailPasswordUser(newUser(2, { email: 'bob@sample.org', timeJoined: 200 }));
                    await storage.users.signInUpThirdParty(newThirdPartyUser(3, { email: 'carol@example.com', thirdPartyId: 'google', timeJoined: 300 }));
                    await storage.users.signInUpThirdParty(newThirdPartyUser(4, { email: 'dave@other.net', thirdPartyId: 'github', timeJoined: 400 }));
                    await storage.users.createEmailPasswordUser(newUser(5, { email: 'alfred@example.com', timeJoined: 150, tenantId: otherTenant }));
                    await storage.users.createEmailPasswordUser(newUser(6, { email: 'alan@example.com', timeJoined: 150, appId: otherApp }));
                });

                const search = async (query: { emails?: string[]; providers?: string[]; order?: 'ASC' | 'DESC'; limit?: number }, tenantId = tenant) => {

                    const found = await storage.users.searchUsers(app, tenantId, { order: query.order ?? 'ASC', limit: query.limit ?? 100, emails: query.emails, providers: query.providers });
                    return found.map((user) => user.userId);
                };

                it('matches emails that start with a term, within the tenant and app', async () => {

                    expect(await search({ emails: ['al'] })).to.equal([uuid(1)]);
                    expect(await search({ emails: ['al'] }, otherTenant)).to.equal([uuid(5)]);
                    expect(await search({ emails: ['bob@sample.org'] })).to.equal([uuid(2)]);
                });

                it('matches emails whose domain starts with a term', async () => {

                    expect(await search({ emails: ['example'] })).to.equal([uuid(1), uuid(3)]);
                    expect(await search({ emails: ['sample.org'] })).to.equal([uuid(2)]);
                });

                it('does not match a term in the middle of the local part or the domain', async () => {

                    expect(await search({ emails: ['lice'] })).to.equal([]);
                    expect(await search({ emails: ['ample'] })).to.equal([]);
                    expect(await search({ emails: ['zzz'] })).to.equal([]);
                });

                it('matches third-party ids that start with a provider term', async () => {

                    expect(await search({ providers: ['goo'] })).to.equal([uuid(3)]);
                    expect(await search({ providers: ['g'] })).to.equal([uuid(3), uuid(4)]);
                    expect(await search({ providers: ['oogle'] })).to.equal([]);
                });

                it('returns the union of the terms of a tag, each user once, and only users that match every tag', async () => {

                    expect(await search({ emails: ['bob', 'example'] })).to.equal([uuid(1), uuid(2), uuid(3)]);
                    expect(await search({ providers: ['github', 'google'] })).to.equal([uuid(3), uuid(4)]);
                    expect(await search({ emails: ['bob', 'example'], providers: ['github', 'google'] })).to.equal([uuid(3)]);
                });

                it('orders by timeJoined (ties by userId descending) in either direction, and applies the limit', async () => {

                    await storage.users.createEmailPasswordUser(newUser(7, { email: 'tie@example.com', timeJoined: 300 }));
                    expect(await search({ emails: ['example'] })).to.equal([uuid(1), uuid(7), uuid(3)]);
                    expect(await search({ emails: ['example'], order: 'DESC' })).to.equal([uuid(7), uuid(3), uuid(1)]);
                    expect(await search({ emails: ['example'], limit: 2 })).to.equal([uuid(1), uuid(7)]);
                });

                it('returns nothing without any term', async () => {

                    expect(await search({})).to.equal([]);
                    expect(await search({ emails: [], providers: [] })).to.equal([]);
                });

                it('returns whole records', async () => {

                    const [found] = await storage.users.searchUsers(app, tenant, { order: 'ASC', limit: 10, providers: ['github'] });
                    expect(found).to.equal(thirdPartyRecordOf(newThirdPartyUser(4, { email: 'dave@other.net', thirdPartyId: 'github', timeJoined: 400 })));
                });
            });

            describe('deleteUser()', () => {

                it('removes the user with its password, sessions, reset tokens and verified flags', async () => {

                    const user = newUser(1, { email: 'x@abc.fakeemail.com', verified: true });
                    await storage.users.createEmailPasswordUser(user);
                    await storage.sessions.createSession(newSession(1, { userId: user.userId }));
                    await storage.sessions.createSession(newSession(2, { userId: user.userId, tenantId: otherTenant }));
                    await storage.tokens.createPasswordResetToken(newResetToken('reset-1', { userId: user.userId, email: user.email }));

                    expect(await storage.users.deleteUser(app, user.userId)).to.be.true();

                    expect(await storage.users.getUser(app, user.userId)).to.be.undefined();
                    expect(await storage.users.findEmailPasswordUser(app, tenant, user.email)).to.be.undefined();
                    expect(await storage.users.countUsers(app, undefined)).to.equal(0);
                    expect(await storage.passwords.getPasswordHash(app, user.userId)).to.be.undefined();
                    expect(await storage.sessions.getSession(app, newSession(1).sessionHandle)).to.be.undefined();
                    expect(await storage.sessions.getSession(app, newSession(2).sessionHandle)).to.be.undefined();
                    expect(await storage.tokens.consumePasswordResetToken(app, tenant, sha256('reset-1'))).to.be.undefined();

                    // The verified flag went too: the same user and email made again is not verified.
                    expect(await storage.users.createEmailPasswordUser({ ...user, verified: false })).to.be.true();
                    expect((await storage.users.getUser(app, user.userId))!.verified).to.be.false();
                });

                it('removes the user\'s verification tokens, role assignments, metadata, lockout and ban, but keeps audit events', async () => {

                    const user = newUser(1);
                    await storage.users.createEmailPasswordUser(user);
                    await storage.users.createEmailPasswordUser(newUser(2));
                    await storage.emailVerification.createToken(newVerificationToken('verify-1', { userId: user.userId, email: user.email }));
                    await storage.roles.createOrUpdateRole(app, 'admin', ['write']);
                    await storage.roles.addUserRole(app, tenant, user.userId, 'admin');
                    await storage.roles.addUserRole(app, tenant, uuid(2), 'admin');
                    await storage.metadata.mergeMetadata(app, user.userId, { first_name: 'Alice' }, now);
                    await storage.lockouts.claimAttempt(app, user.userId, now, lockoutPolicy);
                    await storage.bans.ban(app, { userId: user.userId, bannedAt: now });
                    await storage.audit.append(newAuditEvent(1, { userId: user.userId }));

                    expect(await storage.users.deleteUser(app, user.userId)).to.be.true();

                    expect(await storage.emailVerification.consumeToken(app, tenant, sha256('verify-1'))).to.be.undefined();
                    expect(await storage.roles.getUserRoles(app, tenant, user.userId)).to.equal([]);
                    expect(await storage.roles.getUsersWithRole(app, tenant, 'admin')).to.equal([uuid(2)]);
                    expect(await storage.roles.getPermissions(app, 'admin')).to.equal(['write']);
                    expect(await storage.metadata.getMetadata(app, user.userId)).to.equal({});
                    expect(await storage.lockouts.getState(app, user.userId)).to.be.undefined();
                    expect(await storage.bans.getBan(app, user.userId)).to.be.undefined();
                    expect(await storage.audit.count(app, { userId: user.userId })).to.equal(1);
                });

                it('leaves other users and their data alone', async () => {

                    const alice = newUser(1);
                    const bob = newUser(2);
                    await storage.users.createEmailPasswordUser(alice);
                    await storage.users.createEmailPasswordUser(bob);
                    await storage.sessions.createSession(newSession(1, { userId: alice.userId }));
                    await storage.sessions.createSession(newSession(2, { userId: bob.userId }));
                    await storage.tokens.createPasswordResetToken(newResetToken('reset-bob', { userId: bob.userId, email: bob.email }));

                    expect(await storage.users.deleteUser(app, alice.userId)).to.be.true();

                    expect(await storage.users.getUser(app, bob.userId)).to.equal(recordOf(bob));
                    expect(await storage.passwords.getPasswordHash(app, bob.userId)).to.equal(bob.passwordHash);
                    expect(await storage.sessions.getSession(app, newSession(2).sessionHandle)).to.equal(newSession(2, { userId: bob.userId }));
                    expect(await storage.tokens.consumePasswordResetToken(app, tenant, sha256('reset-bob'))).to.exist();
                });

                it('returns false for an unknown user, a user of another app, and a second delete', async () => {

                    await storage.users.createEmailPasswordUser(newUser(1));
                    expect(await storage.users.deleteUser(app, uuid(99))).to.be.false();
                    expect(await storage.users.deleteUser(otherApp, uuid(1))).to.be.false();
                    expect(await storage.users.getUser(app, uuid(1))).to.exist();

                    expect(await storage.users.deleteUser(app, uuid(1))).to.be.true();
                    expect(await storage.users.deleteUser(app, uuid(1))).to.be.false();
                });
            });
        });

        describe('passwords', () => {

            it('getPasswordHash returns the stored hash, or undefined for an unknown user or another app', async () => {

                const user = newUser(1);
                await storage.users.createEmailPasswordUser(user);
                expect(await storage.passwords.getPasswordHash(app, user.userId)).to.equal(user.passwordHash);
                expect(await storage.passwords.getPasswordHash(app, uuid(99))).to.be.undefined();
                expect(await storage.passwords.getPasswordHash(otherApp, user.userId)).to.be.undefined();
            });

            it('setPasswordHash replaces the hash of that user only', async () => {

                await storage.users.createEmailPasswordUser(newUser(1));
                await storage.users.createEmailPasswordUser(newUser(2));
                expect(await storage.passwords.setPasswordHash(app, uuid(1), 'rehashed')).to.be.true();
                expect(await storage.passwords.getPasswordHash(app, uuid(1))).to.equal('rehashed');
                expect(await storage.passwords.getPasswordHash(app, uuid(2))).to.equal(newUser(2).passwordHash);
            });

            it('setPasswordHash returns false for an unknown user and creates nothing', async () => {

                await storage.users.createEmailPasswordUser(newUser(1));
                expect(await storage.passwords.setPasswordHash(app, uuid(99), 'rehashed')).to.be.false();
                expect(await storage.passwords.setPasswordHash(otherApp, uuid(1), 'rehashed')).to.be.false();
                expect(await storage.passwords.getPasswordHash(app, uuid(99))).to.be.undefined();
                expect(await storage.passwords.getPasswordHash(otherApp, uuid(1))).to.be.undefined();
                expect(await storage.passwords.getPasswordHash(app, uuid(1))).to.equal(newUser(1).passwordHash);
            });
        });

        describe('sessions', () => {

            describe('createSession() and getSession()', () => {

                it('stores every field and reads it back unchanged', async () => {

                    const dynamic = newSession(1);
                    const static_ = newSession(2, { useStaticKey: true, sessionData: {}, jwtPayload: {}, tenantId: otherTenant });
                    await storage.sessions.createSession(dynamic);
                    await storage.sessions.createSession(static_);
                    expect(await storage.sessions.getSession(app, dynamic.sessionHandle)).to.equal(dynamic);
                    expect(await storage.sessions.getSession(app, static_.sessionHandle)).to.equal(static_);
                });

                it('stores sessions of user ids that have no user (the core does not check)', async () => {

                    const session = newSession(1, { userId: 'not-a-user' });
                    await storage.sessions.createSession(session);
                    expect(await storage.sessions.getSession(app, session.sessionHandle)).to.equal(session);
                });

                it('returns an expired session too', async () => {

                    const session = newSession(1, { expiresAt: now - day });
                    await storage.sessions.createSession(session);
                    expect(await storage.sessions.getSession(app, session.sessionHandle)).to.equal(session);
                });

                it('returns undefined for an unknown handle or another app', async () => {

                    await storage.sessions.createSession(newSession(1));
                    expect(await storage.sessions.getSession(app, uuid(9999))).to.be.undefined();
                    expect(await storage.sessions.getSession(otherApp, newSession(1).sessionHandle)).to.be.undefined();
                });
            });

            // A compare-and-set from session 1's hash, for promoteRefreshToken() and rotateRefreshToken().
            const promotion = (overrides: Partial<{ fromHash2: string; toHash2: string; expiresAt: number; useStaticKey: boolean; now: number }> = {}) => ({
                fromHash2: newSession(1).refreshTokenHash2,
                toHash2: sha256(sha256('child-token')),
                expiresAt: now + 2 * day,
                useStaticKey: true,
                now,
                ...overrides
            });

            // The session policy in either compare-and-set (promotion() asks for a later expiry than each session may have).
            const itAppliesTheSessionPolicy = (compareAndSet: (session: SessionRecord) => Promise<boolean>) => {

                it('applies the session policy: the session\'s own idle limit from `now`, never past its absolute end', async () => {

                    const idle = newSession(1, { idleLimit: 3 * day, absoluteEnd: now + 10 * day });
                    const capped = newSession(2, { refreshTokenHash2: newSession(1).refreshTokenHash2, absoluteEnd: now + day / 2, expiresAt: now + day / 2 });
                    const both = newSession(3, { refreshTokenHash2: newSession(1).refreshTokenHash2, idleLimit: 3 * day, absoluteEnd: now + day });
                    for (const session of [idle, capped, both]) {
                        await storage.sessions.createSession(session);
                        expect(await storage.sessions.getSession(app, session.sessionHandle)).to.equal(session);
                        expect(await compareAndSet(session)).to.be.true();
                    }

                    expect((await storage.sessions.getSession(app, idle.sessionHandle))!.expiresAt).to.equal(now + 3 * day);
                    expect((await storage.sessions.getSession(app, capped.sessionHandle))!.expiresAt).to.equal(now + day / 2);
                    expect(await storage.sessions.getSession(app, both.sessionHandle)).to.equal({ ...both, refreshTokenHash2: promotion().toHash2, expiresAt: now + day, useStaticKey: true });
                });
            };

            describe('promoteRefreshToken()', () => {

                it('sets the new hash, expiry and key choice when the stored hash matches, once', async () => {

                    const session = newSession(1);
                    await storage.sessions.createSession(session);

                    expect(await storage.sessions.promoteRefreshToken(app, session.sessionHandle, promotion())).to.be.true();
                    expect(await storage.sessions.getSession(app, session.sessionHandle)).to.equal({
                        ...session,
                        refreshTokenHash2: promotion().toHash2,
                        expiresAt: promotion().expiresAt,
                        useStaticKey: true
                    });

                    // The same compare-and-set again: the stored hash moved on.
                    expect(await storage.sessions.promoteRefreshToken(app, session.sessionHandle, promotion({ toHash2: sha256('other') }))).to.be.false();
                    expect((await storage.sessions.getSession(app, session.sessionHandle))!.refreshTokenHash2).to.equal(promotion().toHash2);
                });

                it('fails and changes nothing with a stale fromHash2', async () => {

                    const session = newSession(1);
                    await storage.sessions.createSession(session);

                    expect(await storage.sessions.promoteRefreshToken(app, session.sessionHandle, promotion({ fromHash2: sha256('stale') }))).to.be.false();
                    expect(await storage.sessions.getSession(app, session.sessionHandle)).to.equal(session);
                });

                it('fails and changes nothing when the session has expired at `now`', async () => {

                    const session = newSession(1, { expiresAt: now - 1 });
                    await storage.sessions.createSession(session);

                    expect(await storage.sessions.promoteRefreshToken(app, session.sessionHandle, promotion())).to.be.false();
                    expect(await storage.sessions.getSession(app, session.sessionHandle)).to.equal(session);
                });

                it('fails for an unknown handle or another app', async () => {

                    await storage.sessions.createSession(newSession(1));
                    expect(await storage.sessions.promoteRefreshToken(app, uuid(9999), promotion())).to.be.false();
                    expect(await storage.sessions.promoteRefreshToken(otherApp, newSession(1).sessionHandle, promotion())).to.be.false();
                    expect(await storage.sessions.getSession(app, newSession(1).sessionHandle)).to.equal(newSession(1));
                });

                itAppliesTheSessionPolicy(async (session) => await storage.sessions.promoteRefreshToken(app, session.sessionHandle, promotion()));

                it('lets exactly one of several concurrent promotions from the same hash win', async () => {

                    const session = newSession(1);
                    await storage.sessions.createSession(session);

                    const children = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => sha256(sha256(`child-${n}`)));
                    const results = await Promise.all(children.map((toHash2) => storage.sessions.promoteRefreshToken(app, session.sessionHandle, promotion({ toHash2 }))));

                    expect(results.filter(Boolean)).to.have.length(1);
                    const winner = children[results.indexOf(true)]!;
                    expect((await storage.sessions.getSession(app, session.sessionHandle))!.refreshTokenHash2).to.equal(winner);
                });
            });

            describe('rotateRefreshToken()', () => {

                const event = (n: number) => ({ appId: app, time: now + n, event: 'refresh', userId: uuid(1), ip: '192.0.2.7', userAgent: 'bench', details: { sessionHandle: newSession(1).sessionHandle, n } });
                const refreshEvents = async () => (await storage.audit.query(app, { event: 'refresh', limit: 10 })).map(({ id: _id, ...rest }) => rest);

                it('sets the new hash, expiry and key choice, returns the session as updated and appends the event, once', async () => {

                    const session = newSession(1);
                    await storage.sessions.createSession(session);

                    const expected = { ...session, refreshTokenHash2: promotion().toHash2, expiresAt: promotion().expiresAt, useStaticKey: true };
                    expect(await storage.sessions.rotateRefreshToken(app, session.sessionHandle, promotion(), event(1))).to.equal(expected);
                    expect(await storage.sessions.getSession(app, session.sessionHandle)).to.equal(expected);
                    expect(await refreshEvents()).to.equal([event(1)]);

                    // The same compare-and-set again: the stored hash moved on; no second event.
                    expect(await storage.sessions.rotateRefreshToken(app, session.sessionHandle, promotion({ toHash2: sha256('other') }), event(2))).to.be.undefined();
                    expect(await storage.sessions.getSession(app, session.sessionHandle)).to.equal(expected);
                    expect(await refreshEvents()).to.equal([event(1)]);
                });

                it('changes nothing and appends nothing with a stale hash, an expired session, an unknown handle or another app', async () => {

                    const session = newSession(1);
                    const expired = newSession(2, { expiresAt: now - 1 });
                    await storage.sessions.createSession(session);
                    await storage.sessions.createSession(expired);

                    expect(await storage.sessions.rotateRefreshToken(app, session.sessionHandle, promotion({ fromHash2: sha256('stale') }), event(1))).to.be.undefined();
                    expect(await storage.sessions.rotateRefreshToken(app, expired.sessionHandle, promotion({ fromHash2: expired.refreshTokenHash2 }), event(2))).to.be.undefined();
                    expect(await storage.sessions.rotateRefreshToken(app, uuid(9999), promotion(), event(3))).to.be.undefined();
                    expect(await storage.sessions.rotateRefreshToken(otherApp, session.sessionHandle, promotion(), event(4))).to.be.undefined();

                    expect(await storage.sessions.getSession(app, session.sessionHandle)).to.equal(session);
                    expect(await storage.sessions.getSession(app, expired.sessionHandle)).to.equal(expired);
                    expect(await refreshEvents()).to.equal([]);
                });

                it('changes nothing for a banned user, and still rotates other users\' sessions', async () => {

                    const session = newSession(1);
                    await storage.sessions.createSession(session);
                    await storage.bans.ban(app, { userId: uuid(2), bannedAt: now });

                    // A ban deletes the user's sessions; one made in the moment after it must not rotate either.
                    const other = newSession(4, { userId: uuid(2) });
                    await storage.sessions.createSession(other);
                    expect(await storage.sessions.rotateRefreshToken(app, other.sessionHandle, promotion({ fromHash2: other.refreshTokenHash2 }), event(1))).to.be.undefined();
                    expect(await storage.sessions.getSession(app, other.sessionHandle)).to.equal(other);

                    expect(await storage.sessions.rotateRefreshToken(app, session.sessionHandle, promotion(), event(2))).to.exist();
                    expect(await refreshEvents()).to.equal([event(2)]);
                });

                // The session it returns is the one stored: the refresh token's expiry is computed from it.
                itAppliesTheSessionPolicy(async (session) => {

                    const rotated = await storage.sessions.rotateRefreshToken(app, session.sessionHandle, promotion(), event(1));
                    expect(rotated).to.equal(await storage.sessions.getSession(app, session.sessionHandle));
                    return rotated !== undefined;
                });

                it('lets exactly one of several concurrent rotations from the same hash win, with one event', async () => {

                    const session = newSession(1);
                    await storage.sessions.createSession(session);

                    const children = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => sha256(sha256(`child-${n}`)));
                    const results = await Promise.all(children.map((toHash2, n) => storage.sessions.rotateRefreshToken(app, session.sessionHandle, promotion({ toHash2 }), event(n))));

                    const winners = results.filter(Boolean);
                    expect(winners).to.have.length(1);
                    expect((await storage.sessions.getSession(app, session.sessionHandle))!.refreshTokenHash2).to.equal(winners[0]!.refreshTokenHash2);
                    expect(await refreshEvents()).to.equal([event(results.indexOf(winners[0]))]);
                });
            });

            describe('setUseStaticKey()', () => {

                it('records the key choice, and nothing else', async () => {

                    const session = newSession(1);
                    await storage.sessions.createSession(session);

                    await storage.sessions.setUseStaticKey(app, session.sessionHandle, true);
                    expect(await storage.sessions.getSession(app, session.sessionHandle)).to.equal({ ...session, useStaticKey: true });
                    await storage.sessions.setUseStaticKey(app, session.sessionHandle, false);
                    expect(await storage.sessions.getSession(app, session.sessionHandle)).to.equal(session);
                });

                it('ignores an unknown handle', async () => {

                    await expect(storage.sessions.setUseStaticKey(app, uuid(9999), true)).to.not.reject();
                    expect(await storage.sessions.getSession(app, uuid(9999))).to.be.undefined();
                });
            });

            describe('updateSessionData() and updateJwtPayload()', () => {

                it('replace the data and the claims of a live session', async () => {

                    const session = newSession(1);
                    await storage.sessions.createSession(session);

                    expect(await storage.sessions.updateSessionData(app, session.sessionHandle, { cart: [1, 2] }, now)).to.be.true();
                    expect(await storage.sessions.updateJwtPayload(app, session.sessionHandle, { 'st-ev': { v: true, t: 2 } }, now)).to.be.true();
                    expect(await storage.sessions.getSession(app, session.sessionHandle)).to.equal({
                        ...session,
                        sessionData: { cart: [1, 2] },
                        jwtPayload: { 'st-ev': { v: true, t: 2 } }
                    });
                });

                it('return false and change nothing for an expired session', async () => {

                    const session = newSession(1, { expiresAt: now - 1 });
                    await storage.sessions.createSession(session);

                    expect(await storage.sessions.updateSessionData(app, session.sessionHandle, { cart: [] }, now)).to.be.false();
                    expect(await storage.sessions.updateJwtPayload(app, session.sessionHandle, { x: 1 }, now)).to.be.false();
                    expect(await storage.sessions.getSession(app, session.sessionHandle)).to.equal(session);
                });

                it('return false for a missing session or another app', async () => {

                    await storage.sessions.createSession(newSession(1));
                    expect(await storage.sessions.updateSessionData(app, uuid(9999), {}, now)).to.be.false();
                    expect(await storage.sessions.updateJwtPayload(app, uuid(9999), {}, now)).to.be.false();
                    expect(await storage.sessions.updateSessionData(otherApp, newSession(1).sessionHandle, {}, now)).to.be.false();
                    expect(await storage.sessions.updateJwtPayload(otherApp, newSession(1).sessionHandle, {}, now)).to.be.false();
                    expect(await storage.sessions.getSession(app, newSession(1).sessionHandle)).to.equal(newSession(1));
                });
            });

            it('treats a session whose expiresAt equals `now` as expired, as the session service does', async () => {

                const session = newSession(1, { expiresAt: now });
                await storage.sessions.createSession(session);

                expect(await storage.sessions.promoteRefreshToken(app, session.sessionHandle, { fromHash2: session.refreshTokenHash2, toHash2: sha256('x'), expiresAt: now + day, useStaticKey: false, now })).to.be.false();
                expect(await storage.sessions.updateSessionData(app, session.sessionHandle, {}, now)).to.be.false();
                expect(await storage.sessions.updateJwtPayload(app, session.sessionHandle, {}, now)).to.be.false();
                expect(await storage.sessions.listSessionHandles(app, session.userId, now)).to.equal([]);
                expect(await storage.sessions.listSessionHandles(app, session.userId, now - 1)).to.equal([session.sessionHandle]);
            });

            describe('deleteSessions()', () => {

                it('deletes the given sessions and returns only those that existed, with their users', async () => {

                    await storage.sessions.createSession(newSession(1));
                    await storage.sessions.createSession(newSession(2));
                    await storage.sessions.createSession(newSession(3, { expiresAt: now - day }));

                    const handles = [newSession(1).sessionHandle, uuid(9999), newSession(3).sessionHandle];
                    const revoked = await storage.sessions.deleteSessions(app, handles);
                    expect(sorted(revoked.map((session) => session.sessionHandle))).to.equal(sorted([newSession(1).sessionHandle, newSession(3).sessionHandle]));
                    for (const session of revoked) {
                        expect(session.userId).to.equal([newSession(1), newSession(3)].find((made) => made.sessionHandle === session.sessionHandle)!.userId);
                    }

                    expect(await storage.sessions.getSession(app, newSession(1).sessionHandle)).to.be.undefined();
                    expect(await storage.sessions.getSession(app, newSession(3).sessionHandle)).to.be.undefined();
                    expect(await storage.sessions.getSession(app, newSession(2).sessionHandle)).to.equal(newSession(2));

                    expect(await storage.sessions.deleteSessions(app, handles)).to.equal([]);
                });

                it('returns an empty list for no handles, and does not touch another app', async () => {

                    await storage.sessions.createSession(newSession(1));
                    expect(await storage.sessions.deleteSessions(app, [])).to.equal([]);
                    expect(await storage.sessions.deleteSessions(otherApp, [newSession(1).sessionHandle])).to.equal([]);
                    expect(await storage.sessions.getSession(app, newSession(1).sessionHandle)).to.equal(newSession(1));
                });
            });

            describe('deleteSessionsOfUser()', () => {

                beforeEach(async () => {

                    await storage.sessions.createSession(newSession(1, { userId: uuid(1) }));
                    await storage.sessions.createSession(newSession(2, { userId: uuid(1), tenantId: otherTenant }));
                    await storage.sessions.createSession(newSession(3, { userId: uuid(1), expiresAt: now - day }));
                    await storage.sessions.createSession(newSession(4, { userId: uuid(2) }));
                    await storage.sessions.createSession(newSession(5, { userId: uuid(1), appId: otherApp }));
                });

                it('deletes the user\'s sessions in every tenant when no tenant is given', async () => {

                    const deleted = await storage.sessions.deleteSessionsOfUser(app, uuid(1));
                    expect(sorted(deleted)).to.equal(sorted([1, 2, 3].map((n) => newSession(n).sessionHandle)));
                    expect(await storage.sessions.getSession(app, newSession(4).sessionHandle)).to.exist();
                    expect(await storage.sessions.getSession(otherApp, newSession(5).sessionHandle)).to.exist();
                    expect(await storage.sessions.deleteSessionsOfUser(app, uuid(1))).to.equal([]);
                });

                it('deletes only the sessions in the given tenant', async () => {

                    const deleted = await storage.sessions.deleteSessionsOfUser(app, uuid(1), tenant);
                    expect(sorted(deleted)).to.equal(sorted([1, 3].map((n) => newSession(n).sessionHandle)));
                    expect(await storage.sessions.getSession(app, newSession(2).sessionHandle)).to.exist();
                    expect(await storage.sessions.getSession(app, newSession(4).sessionHandle)).to.exist();
                });

                it('returns an empty list for a user without sessions', async () => {

                    expect(await storage.sessions.deleteSessionsOfUser(app, uuid(99))).to.equal([]);
                    expect(await storage.sessions.deleteSessionsOfUser(app, uuid(2), otherTenant)).to.equal([]);
                });
            });

            describe('listSessionHandles()', () => {

                it('lists the user\'s live sessions, in every tenant or in one, leaving out expired ones', async () => {

                    await storage.sessions.createSession(newSession(1, { userId: uuid(1) }));
                    await storage.sessions.createSession(newSession(2, { userId: uuid(1), tenantId: otherTenant }));
                    await storage.sessions.createSession(newSession(3, { userId: uuid(1), expiresAt: now - 1 }));
                    await storage.sessions.createSession(newSession(4, { userId: uuid(2) }));
                    await storage.sessions.createSession(newSession(5, { userId: uuid(1), appId: otherApp }));

                    expect(sorted(await storage.sessions.listSessionHandles(app, uuid(1), now))).to.equal(sorted([newSession(1).sessionHandle, newSession(2).sessionHandle]));
                    expect(await storage.sessions.listSessionHandles(app, uuid(1), now, tenant)).to.equal([newSession(1).sessionHandle]);
                    expect(await storage.sessions.listSessionHandles(app, uuid(1), now, otherTenant)).to.equal([newSession(2).sessionHandle]);
                    expect(await storage.sessions.listSessionHandles(app, uuid(99), now)).to.equal([]);

                    // Later, every session has expired.
                    expect(await storage.sessions.listSessionHandles(app, uuid(1), now + 2 * day)).to.equal([]);
                });
            });

            describe('deleteExpiredSessions()', () => {

                it('deletes the sessions that expired before `now` in every app, counts them, and keeps live ones', async () => {

                    await storage.sessions.createSession(newSession(1, { expiresAt: now - day }));
                    await storage.sessions.createSession(newSession(2, { expiresAt: now - 1, appId: otherApp }));
                    await storage.sessions.createSession(newSession(3, { expiresAt: now + 1 }));
                    await storage.sessions.createSession(newSession(4));

                    expect(await storage.sessions.deleteExpiredSessions(now)).to.equal(2);
                    expect(await storage.sessions.getSession(app, newSession(1).sessionHandle)).to.be.undefined();
                    expect(await storage.sessions.getSession(otherApp, newSession(2).sessionHandle)).to.be.undefined();
                    expect(await storage.sessions.getSession(app, newSession(3).sessionHandle)).to.exist();
                    expect(await storage.sessions.getSession(app, newSession(4).sessionHandle)).to.exist();

                    expect(await storage.sessions.deleteExpiredSessions(now)).to.equal(0);
                });
            });

            describe('countLiveSessions()', () => {

                it('counts the app\'s sessions that have not expired at `now`', async () => {

                    expect(await storage.sessions.countLiveSessions(app, now)).to.equal(0);
                    await storage.sessions.createSession(newSession(1));
                    await storage.sessions.createSession(newSession(2, { expiresAt: now + 1 }));
                    await storage.sessions.createSession(newSession(3, { expiresAt: now }));
                    await storage.sessions.createSession(newSession(4, { appId: otherApp }));

                    expect(await storage.sessions.countLiveSessions(app, now)).to.equal(2);
                    expect(await storage.sessions.countLiveSessions(app, now + 1)).to.equal(1);
                    expect(await storage.sessions.countLiveSessions(otherApp, now)).to.equal(1);
                });
            });
        });

        describe('keys', () => {

            describe('insertSigningKey() and listSigningKeys()', () => {

                it('stores a key and lists it back unchanged', async () => {

                    const key = newKey(1000);
                    expect(await storage.keys.insertSigningKey(key)).to.be.true();
                    expect(await storage.keys.listSigningKeys(app)).to.equal([key]);
                    expect(await storage.keys.listSigningKeys(otherApp)).to.equal([]);
                });

                it('returns false and keeps the first key when one of that kind and generation exists', async () => {

                    const first = newKey(1000, { generation: 7 });
                    expect(await storage.keys.insertSigningKey(first)).to.be.true();
                    expect(await storage.keys.insertSigningKey(newKey(2000, { generation: 7 }))).to.be.false();
                    expect(await storage.keys.listSigningKeys(app)).to.equal([first]);
                });

                it('lets exactly one of several concurrent inserts for one slot win', async () => {

                    const results = await Promise.all([1001, 1002, 1003, 1004].map((createdAt) => storage.keys.insertSigningKey(newKey(createdAt, { generation: 7 }))));
                    expect(results.filter(Boolean)).to.have.length(1);
                    expect(await storage.keys.listSigningKeys(app)).to.have.length(1);
                });

                it('treats kinds and apps as separate slots', async () => {

                    expect(await storage.keys.insertSigningKey(newKey(1000, { generation: 0 }))).to.be.true();
                    expect(await storage.keys.insertSigningKey(newKey(1100, { kind: 'static', keyId: `s-${uuid(1)}`, generation: 0 }))).to.be.true();
                    expect(await storage.keys.insertSigningKey(newKey(1000, { generation: 0, appId: otherApp }))).to.be.true();
                    expect(await storage.keys.listSigningKeys(app)).to.have.length(2);
                    expect(await storage.keys.listSigningKeys(otherApp)).to.have.length(1);
                });

                it('lists keys newest first', async () => {

                    const keys = [
                        newKey(1000),
                        newKey(3000),
                        newKey(1500, { kind: 'static', keyId: `s-${uuid(1)}`, generation: 0 }),
                        newKey(2000)
                    ];

                    for (const key of keys) {
                        await storage.keys.insertSigningKey(key);
                    }

                    expect((await storage.keys.listSigningKeys(app)).map((key) => key.keyId)).to.equal(['d-3000', 'd-2000', `s-${uuid(1)}`, 'd-1000']);
                });
            });

            describe('deleteDynamicKeysCreatedBefore()', () => {

                it('deletes dynamic keys created before the time, keeps static keys, later keys and other apps', async () => {

                    await storage.keys.insertSigningKey(newKey(1000));
                    await storage.keys.insertSigningKey(newKey(1500));
                    await storage.keys.insertSigningKey(newKey(2000));
                    await storage.keys.insertSigningKey(newKey(3000));
                    await storage.keys.insertSigningKey(newKey(500, { kind: 'static', keyId: `s-${uuid(1)}`, generation: 0 }));
                    await storage.keys.insertSigningKey(newKey(1000, { appId: otherApp }));

                    expect(await storage.keys.deleteDynamicKeysCreatedBefore(app, 2000)).to.equal(2);
                    expect((await storage.keys.listSigningKeys(app)).map((key) => key.keyId)).to.equal(['d-3000', 'd-2000', `s-${uuid(1)}`]);
                    expect(await storage.keys.listSigningKeys(otherApp)).to.have.length(1);
                    expect(await storage.keys.deleteDynamicKeysCreatedBefore(app, 2000)).to.equal(0);
                });
            });

            describe('getOrCreateSecret()', () => {

                it('creates the secret on first use and returns the first value afterwards', async () => {

                    expect(await storage.keys.getOrCreateSecret(app, 'refresh_token_key', 'first')).to.equal('first');
                    expect(await storage.keys.getOrCreateSecret(app, 'refresh_token_key', 'second')).to.equal('first');
                });

                it('keeps secrets apart by name and by app', async () => {

                    expect(await storage.keys.getOrCreateSecret(app, 'a', 'value-a')).to.equal('value-a');
                    expect(await storage.keys.getOrCreateSecret(app, 'b', 'value-b')).to.equal('value-b');
                    expect(await storage.keys.getOrCreateSecret(otherApp, 'a', 'other-a')).to.equal('other-a');
                    expect(await storage.keys.getOrCreateSecret(app, 'a', 'again')).to.equal('value-a');
                });

                it('gives every concurrent caller the first writer\'s value', async () => {

                    const values = ['v1', 'v2', 'v3', 'v4', 'v5'];
                    const results = await Promise.all(values.map((value) => storage.keys.getOrCreateSecret(app, 'race', value)));
                    expect(new Set(results).size).to.equal(1);
                    expect(values).to.include(results[0]!);
                    expect(await storage.keys.getOrCreateSecret(app, 'race', 'late')).to.equal(results[0]!);
                });
            });
        });

        describe('tokens', () => {

            beforeEach(async () => {

                await storage.users.createEmailPasswordUser(newUser(1));
                await storage.users.createEmailPasswordUser(newUser(2));
            });

            it('find returns the stored token without using it up; undefined for an unknown hash', async () => {

                const token = newResetToken('reset-1');
                await storage.tokens.createPasswordResetToken(token);
                expect(await storage.tokens.findPasswordResetToken(app, tenant, token.tokenHash)).to.equal(token);
                expect(await storage.tokens.findPasswordResetToken(app, tenant, token.tokenHash)).to.equal(token);
                expect(await storage.tokens.findPasswordResetToken(app, tenant, sha256('unknown'))).to.be.undefined();
                expect(await storage.tokens.consumePasswordResetToken(app, tenant, token.tokenHash)).to.equal(token);
                expect(await storage.tokens.findPasswordResetToken(app, tenant, token.tokenHash)).to.be.undefined();
            });

            it('consume returns the stored token once, then undefined', async () => {

                const token = newResetToken('reset-1');
                await storage.tokens.createPasswordResetToken(token);
                expect(await storage.tokens.consumePasswordResetToken(app, tenant, token.tokenHash)).to.equal(token);
                expect(await storage.tokens.consumePasswordResetToken(app, tenant, token.tokenHash)).to.be.undefined();
            });

            it('consume deletes every reset token of that user, and only of that user', async () => {

                await storage.tokens.createPasswordResetToken(newResetToken('reset-1'));
                await storage.tokens.createPasswordResetToken(newResetToken('reset-2'));
                await storage.tokens.createPasswordResetToken(newResetToken('reset-bob', { userId: uuid(2), email: 'user2@example.com' }));

                expect(await storage.tokens.consumePasswordResetToken(app, tenant, sha256('reset-2'))).to.equal(newResetToken('reset-2'));
                expect(await storage.tokens.consumePasswordResetToken(app, tenant, sha256('reset-1'))).to.be.undefined();
                expect(await storage.tokens.consumePasswordResetToken(app, tenant, sha256('reset-bob'))).to.equal(newResetToken('reset-bob', { userId: uuid(2), email: 'user2@example.com' }));
            });

            it('consume returns undefined for an unknown hash', async () => {

                await storage.tokens.createPasswordResetToken(newResetToken('reset-1'));
                expect(await storage.tokens.consumePasswordResetToken(app, tenant, sha256('unknown'))).to.be.undefined();
                expect(await storage.tokens.consumePasswordResetToken(app, tenant, sha256('reset-1'))).to.exist();
            });

            it('consume in another tenant or app finds nothing and leaves the token', async () => {

                await storage.tokens.createPasswordResetToken(newResetToken('reset-1'));
                expect(await storage.tokens.consumePasswordResetToken(app, otherTenant, sha256('reset-1'))).to.be.undefined();
                expect(await storage.tokens.consumePasswordResetToken(otherApp, tenant, sha256('reset-1'))).to.be.undefined();
                expect(await storage.tokens.consumePasswordResetToken(app, tenant, sha256('reset-1'))).to.equal(newResetToken('reset-1'));
            });

            it('consume returns an expired token too: checking expiresAt is the caller\'s job', async () => {

                const token = newResetToken('reset-old', { expiresAt: now - day });
                await storage.tokens.createPasswordResetToken(token);
                expect(await storage.tokens.consumePasswordResetToken(app, tenant, token.tokenHash)).to.equal(token);
            });

            it('gives a token to exactly one of several concurrent consumers', async () => {

                await storage.tokens.createPasswordResetToken(newResetToken('reset-1'));
                const results = await Promise.all([1, 2, 3, 4].map(() => storage.tokens.consumePasswordResetToken(app, tenant, sha256('reset-1'))));
                expect(results.filter(Boolean)).to.have.length(1);
            });
        });

        describe('emailVerification', () => {

            it('consumeToken returns the stored token once, then undefined', async () => {

                const token = newVerificationToken('verify-1');
                await storage.emailVerification.createToken(token);
                expect(await storage.emailVerification.consumeToken(app, tenant, token.tokenHash)).to.equal(token);
                expect(await storage.emailVerification.consumeToken(app, tenant, token.tokenHash)).to.be.undefined();
            });

            it('consumeToken deletes every token of that user and email, and only those', async () => {

                await storage.emailVerification.createToken(newVerificationToken('verify-1'));
                await storage.emailVerification.createToken(newVerificationToken('verify-2', { tenantId: otherTenant }));
                await storage.emailVerification.createToken(newVerificationToken('other-email', { email: 'second@example.com' }));
                await storage.emailVerification.createToken(newVerificationToken('other-user', { userId: uuid(2) }));

                expect(await storage.emailVerification.consumeToken(app, tenant, sha256('verify-1'))).to.exist();
                expect(await storage.emailVerification.consumeToken(app, otherTenant, sha256('verify-2'))).to.be.undefined();
                expect(await storage.emailVerification.consumeToken(app, tenant, sha256('other-email'))).to.exist();
                expect(await storage.emailVerification.consumeToken(app, tenant, sha256('other-user'))).to.exist();
            });

            it('consumeToken finds nothing for an unknown hash, another tenant or another app, and leaves the token', async () => {

                await storage.emailVerification.createToken(newVerificationToken('verify-1'));
                expect(await storage.emailVerification.consumeToken(app, tenant, sha256('unknown'))).to.be.undefined();
                expect(await storage.emailVerification.consumeToken(app, otherTenant, sha256('verify-1'))).to.be.undefined();
                expect(await storage.emailVerification.consumeToken(otherApp, tenant, sha256('verify-1'))).to.be.undefined();
                expect(await storage.emailVerification.consumeToken(app, tenant, sha256('verify-1'))).to.equal(newVerificationToken('verify-1'));
            });

            it('consumeToken returns an expired token too: checking expiresAt is the caller\'s job', async () => {

                const token = newVerificationToken('old', { expiresAt: now - day });
                await storage.emailVerification.createToken(token);
                expect(await storage.emailVerification.consumeToken(app, tenant, token.tokenHash)).to.equal(token);
            });

            it('gives a token to exactly one of several concurrent consumers', async () => {

                await storage.emailVerification.createToken(newVerificationToken('verify-1'));
                const results = await Promise.all([1, 2, 3, 4].map(() => storage.emailVerification.consumeToken(app, tenant, sha256('verify-1'))));
                expect(results.filter(Boolean)).to.have.length(1);
            });

            it('revokeTokens deletes the tokens of that user and email in that tenant only', async () => {

                await storage.emailVerification.createToken(newVerificationToken('verify-1'));
                await storage.emailVerification.createToken(newVerificationToken('verify-2'));
                await storage.emailVerification.createToken(newVerificationToken('in-other-tenant', { tenantId: otherTenant }));
                await storage.emailVerification.createToken(newVerificationToken('other-email', { email: 'second@example.com' }));

                await storage.emailVerification.revokeTokens(app, tenant, uuid(1), 'user1@example.com');
                expect(await storage.emailVerification.consumeToken(app, tenant, sha256('verify-1'))).to.be.undefined();
                expect(await storage.emailVerification.consumeToken(app, tenant, sha256('verify-2'))).to.be.undefined();
                expect(await storage.emailVerification.consumeToken(app, otherTenant, sha256('in-other-tenant'))).to.exist();
                expect(await storage.emailVerification.consumeToken(app, tenant, sha256('other-email'))).to.exist();

                await expect(storage.emailVerification.revokeTokens(app, tenant, uuid(99), 'nobody@example.com')).to.not.reject();
            });

            it('setVerified and unsetVerified toggle a (user, email) pair app-wide, idempotently', async () => {

                expect(await storage.emailVerification.isVerified(app, uuid(1), 'user1@example.com')).to.be.false();

                await storage.emailVerification.setVerified(app, uuid(1), 'user1@example.com');
                await storage.emailVerification.setVerified(app, uuid(1), 'user1@example.com');
                expect(await storage.emailVerification.isVerified(app, uuid(1), 'user1@example.com')).to.be.true();
                expect(await storage.emailVerification.isVerified(app, uuid(1), 'other@example.com')).to.be.false();
                expect(await storage.emailVerification.isVerified(app, uuid(2), 'user1@example.com')).to.be.false();
                expect(await storage.emailVerification.isVerified(otherApp, uuid(1), 'user1@example.com')).to.be.false();

                await storage.emailVerification.unsetVerified(app, uuid(1), 'user1@example.com');
                await storage.emailVerification.unsetVerified(app, uuid(1), 'user1@example.com');
                expect(await storage.emailVerification.isVerified(app, uuid(1), 'user1@example.com')).to.be.false();
            });

            it('is what a user\'s login method shows as verified', async () => {

                const user = newUser(1);
                await storage.users.createEmailPasswordUser(user);
                await storage.emailVerification.setVerified(app, user.userId, user.email);
                expect((await storage.users.getUser(app, user.userId))!.verified).to.be.true();
                await storage.emailVerification.unsetVerified(app, user.userId, user.email);
                expect((await storage.users.getUser(app, user.userId))!.verified).to.be.false();
            });
        });

        describe('roles', () => {

            it('createOrUpdateRole creates a role with its permissions, true only the first time', async () => {

                expect(await storage.roles.createOrUpdateRole(app, 'admin', ['write', 'read'])).to.be.true();
                expect(await storage.roles.createOrUpdateRole(app, 'admin', [])).to.be.false();
                expect(await storage.roles.getPermissions(app, 'admin')).to.equal(['read', 'write']);
            });

            it('createOrUpdateRole adds permissions and never removes any', async () => {

                await storage.roles.createOrUpdateRole(app, 'admin', ['read', 'write']);
                expect(await storage.roles.createOrUpdateRole(app, 'admin', ['delete', 'read'])).to.be.false();
                expect(await storage.roles.getPermissions(app, 'admin')).to.equal(['delete', 'read', 'write']);
            });

            it('listRoles lists the app\'s roles sorted', async () => {

                expect(await storage.roles.listRoles(app)).to.equal([]);
                await storage.roles.createOrUpdateRole(app, 'viewer', []);
                await storage.roles.createOrUpdateRole(app, 'admin', []);
                await storage.roles.createOrUpdateRole(otherApp, 'auditor', []);
                expect(await storage.roles.listRoles(app)).to.equal(['admin', 'viewer']);
                expect(await storage.roles.listRoles(otherApp)).to.equal(['auditor']);
            });

            it('getPermissions is [] for a role without permissions and undefined for an unknown role', async () => {

                await storage.roles.createOrUpdateRole(app, 'empty', []);
                expect(await storage.roles.getPermissions(app, 'empty')).to.equal([]);
                expect(await storage.roles.getPermissions(app, 'unknown')).to.be.undefined();
                expect(await storage.roles.getPermissions(otherApp, 'empty')).to.be.undefined();
            });

            it('removePermissions removes the given permissions, or all of them, and answers false for an unknown role', async () => {

                await storage.roles.createOrUpdateRole(app, 'admin', ['a', 'b', 'c']);
                expect(await storage.roles.removePermissions(app, 'admin', ['a', 'not-there'])).to.be.true();
                expect(await storage.roles.getPermissions(app, 'admin')).to.equal(['b', 'c']);
                expect(await storage.roles.removePermissions(app, 'admin')).to.be.true();
                expect(await storage.roles.getPermissions(app, 'admin')).to.equal([]);
                expect(await storage.roles.listRoles(app)).to.equal(['admin']);
                expect(await storage.roles.removePermissions(app, 'unknown', ['a'])).to.be.false();
                expect(await storage.roles.removePermissions(app, 'unknown')).to.be.false();
            });

            it('rolesWithPermission lists the roles that have it, sorted', async () => {

                await storage.roles.createOrUpdateRole(app, 'writer', ['write']);
                await storage.roles.createOrUpdateRole(app, 'admin', ['write', 'delete']);
                await storage.roles.createOrUpdateRole(app, 'reader', ['read']);
                await storage.roles.createOrUpdateRole(otherApp, 'other', ['write']);
                expect(await storage.roles.rolesWithPermission(app, 'write')).to.equal(['admin', 'writer']);
                expect(await storage.roles.rolesWithPermission(app, 'nothing')).to.equal([]);
            });

            it('deleteRole removes the role, its permissions and its assignments; true only if it existed', async () => {

                await storage.roles.createOrUpdateRole(app, 'admin', ['write']);
                await storage.roles.createOrUpdateRole(app, 'reader', ['read']);
                await storage.roles.addUserRole(app, tenant, uuid(1), 'admin');
                await storage.roles.addUserRole(app, tenant, uuid(1), 'reader');

                expect(await storage.roles.deleteRole(app, 'admin')).to.be.true();
                expect(await storage.roles.listRoles(app)).to.equal(['reader']);
                expect(await storage.roles.rolesWithPermission(app, 'write')).to.equal([]);
                expect(await storage.roles.getUserRoles(app, tenant, uuid(1))).to.equal(['reader']);
                expect(await storage.roles.deleteRole(app, 'admin')).to.be.false();

                // Made again, it starts empty.
                expect(await storage.roles.createOrUpdateRole(app, 'admin', [])).to.be.true();
                expect(await storage.roles.getPermissions(app, 'admin')).to.equal([]);
                expect(await storage.roles.getUsersWithRole(app, tenant, 'admin')).to.equal([]);
            });

            it('addUserRole answers UNKNOWN_ROLE, then whether the user already had the role', async () => {

                expect(await storage.roles.addUserRole(app, tenant, uuid(1), 'admin')).to.equal('UNKNOWN_ROLE');
                expect(await storage.roles.getUserRoles(app, tenant, uuid(1))).to.equal([]);

                await storage.roles.createOrUpdateRole(app, 'admin', []);
                expect(await storage.roles.addUserRole(app, tenant, uuid(1), 'admin')).to.equal({ alreadyHad: false });
                expect(await storage.roles.addUserRole(app, tenant, uuid(1), 'admin')).to.equal({ alreadyHad: true });
                expect(await storage.roles.addUserRole(app, otherTenant, uuid(1), 'admin')).to.equal({ alreadyHad: false });
                expect(await storage.roles.addUserRole(otherApp, tenant, uuid(1), 'admin')).to.equal('UNKNOWN_ROLE');
            });

            it('removeUserRole answers UNKNOWN_ROLE, then whether the user had the role, per tenant', async () => {

                expect(await storage.roles.removeUserRole(app, tenant, uuid(1), 'admin')).to.equal('UNKNOWN_ROLE');

                await storage.roles.createOrUpdateRole(app, 'admin', []);
                await storage.roles.addUserRole(app, tenant, uuid(1), 'admin');
                await storage.roles.addUserRole(app, otherTenant, uuid(1), 'admin');
                expect(await storage.roles.removeUserRole(app, tenant, uuid(1), 'admin')).to.equal({ had: true });
                expect(await storage.roles.removeUserRole(app, tenant, uuid(1), 'admin')).to.equal({ had: false });
                expect(await storage.roles.getUserRoles(app, otherTenant, uuid(1))).to.equal(['admin']);
            });

            it('getUserRoles and getUsersWithRole answer per tenant, sorted', async () => {

                await storage.roles.createOrUpdateRole(app, 'viewer', []);
                await storage.roles.createOrUpdateRole(app, 'admin', []);
                await storage.roles.addUserRole(app, tenant, uuid(2), 'viewer');
                await storage.roles.addUserRole(app, tenant, uuid(1), 'viewer');
                await storage.roles.addUserRole(app, tenant, uuid(1), 'admin');
                await storage.roles.addUserRole(app, otherTenant, uuid(3), 'viewer');

                expect(await storage.roles.getUserRoles(app, tenant, uuid(1))).to.equal(['admin', 'viewer']);
                expect(await storage.roles.getUserRoles(app, otherTenant, uuid(1))).to.equal([]);
                expect(sorted((await storage.roles.getUsersWithRole(app, tenant, 'viewer'))!)).to.equal([uuid(1), uuid(2)]);
                expect(await storage.roles.getUsersWithRole(app, otherTenant, 'viewer')).to.equal([uuid(3)]);
                expect(await storage.roles.getUsersWithRole(app, otherTenant, 'admin')).to.equal([]);
                expect(await storage.roles.getUsersWithRole(app, tenant, 'unknown')).to.be.undefined();
            });
        });

        describe('metadata', () => {

            it('getMetadata is {} for a user without metadata', async () => {

                expect(await storage.metadata.getMetadata(app, uuid(1))).to.equal({});
            });

            it('mergeMetadata replaces top-level keys, deletes the ones set to null, keeps the rest, and returns the result', async () => {

                expect(await storage.metadata.mergeMetadata(app, uuid(1), { first_name: 'Alice', prefs: { theme: 'dark', lang: 'en' }, tags: ['a'] }, now)).to.equal({ first_name: 'Alice', prefs: { theme: 'dark', lang: 'en' }, tags: ['a'] });

                const merged = await storage.metadata.mergeMetadata(app, uuid(1), { prefs: { theme: 'light' }, tags: null, last_name: 'Smith' }, now + 1);
                expect(merged).to.equal({ first_name: 'Alice', prefs: { theme: 'light' }, last_name: 'Smith' });
                expect(await storage.metadata.getMetadata(app, uuid(1))).to.equal(merged);
            });

            it('keeps metadata apart by user and by app', async () => {

                await storage.metadata.mergeMetadata(app, uuid(1), { a: 1 }, now);
                await storage.metadata.mergeMetadata(otherApp, uuid(1), { b: 2 }, now);
                expect(await storage.metadata.getMetadata(app, uuid(1))).to.equal({ a: 1 });
                expect(await storage.metadata.getMetadata(otherApp, uuid(1))).to.equal({ b: 2 });
                expect(await storage.metadata.getMetadata(app, uuid(2))).to.equal({});
            });

            it('keeps every key of concurrent merges', async () => {

                await Promise.all(['a', 'b', 'c', 'd', 'e'].map((key) => storage.metadata.mergeMetadata(app, uuid(1), { [key]: key }, now)));
                expect(await storage.metadata.getMetadata(app, uuid(1))).to.equal({ a: 'a', b: 'b', c: 'c', d: 'd', e: 'e' });
            });

            it('deleteMetadata forgets everything of that user only', async () => {

                await storage.metadata.mergeMetadata(app, uuid(1), { a: 1 }, now);
                await storage.metadata.mergeMetadata(app, uuid(2), { b: 2 }, now);
                await storage.metadata.deleteMetadata(app, uuid(1));
                await storage.metadata.deleteMetadata(app, uuid(99));
                expect(await storage.metadata.getMetadata(app, uuid(1))).to.equal({});
                expect(await storage.metadata.getMetadata(app, uuid(2))).to.equal({ b: 2 });
            });
        });

        describe('audit', () => {

            it('appends events and queries them newest first, with increasing ids', async () => {

                await storage.audit.append(newAuditEvent(1));
                await storage.audit.append(newAuditEvent(2, { event: 'sign_out' }));

                const events = await storage.audit.query(app, { limit: 10 });
                expect(events.map(({ id: _id, ...event }) => event)).to.equal([newAuditEvent(2, { event: 'sign_out' }), newAuditEvent(1)]);
                expect(events[0]!.id).to.be.greaterThan(events[1]!.id);
            });

            it('leaves out the optional fields that were not given', async () => {

                await storage.audit.append({ appId: app, time: now, event: 'key_rotated', details: {} });
                const [event] = await storage.audit.query(app, { limit: 1 });
                const { id: _id, ...rest } = event!;
                expect(rest).to.equal({ appId: app, time: now, event: 'key_rotated', details: {} });
            });

            it('filters by user, event, time range (from inclusive, to exclusive), app, and pages with beforeId and limit', async () => {

                for (let i = 1; i <= 6; ++i) {
                    await storage.audit.append(newAuditEvent(i, { userId: uuid(i % 2 ? 1 : 2), event: i <= 3 ? 'sign_in' : 'sign_out' }));
                }

                await storage.audit.append(newAuditEvent(7, { appId: otherApp }));

                const times = async (query: Parameters<Storage['audit']['query']>[1]) => (await storage.audit.query(app, query)).map((event) => (event.time - now) / 1000);
                expect(await times({ limit: 100 })).to.equal([6, 5, 4, 3, 2, 1]);
                expect(await times({ limit: 100, userId: uuid(1) })).to.equal([5, 3, 1]);
                expect(await times({ limit: 100, event: 'sign_out' })).to.equal([6, 5, 4]);
                expect(await times({ limit: 100, userId: uuid(2), event: 'sign_in' })).to.equal([2]);
                expect(await times({ limit: 100, from: now + 2000, to: now + 5000 })).to.equal([4, 3, 2]);
                expect(await times({ limit: 2 })).to.equal([6, 5]);

                const [, second] = await storage.audit.query(app, { limit: 2 });
                expect(await times({ limit: 2, beforeId: second!.id })).to.equal([4, 3]);

                expect(await storage.audit.query(otherApp, { limit: 100 })).to.have.length(1);
            });

            it('filters by email: events about the user with that email now, and events whose details record it', async () => {

                await storage.users.createEmailPasswordUser(newUser(1));
                await storage.users.createEmailPasswordUser(newUser(3, { appId: otherApp, userId: uuid(2), email: 'user1@example.com' }));
                await storage.audit.append(newAuditEvent(1, { userId: uuid(1) }));
                await storage.audit.append(newAuditEvent(2, { userId: uuid(2) }));
                await storage.audit.append(newAuditEvent(3, { event: 'sign_in_failed', userId: undefined, details: { email: 'user1@example.com' } }));
                await storage.audit.append(newAuditEvent(4, { event: 'sign_in_failed', userId: undefined, details: { email: 'user2@example.com' } }));
                await storage.audit.append(newAuditEvent(5, { event: 'invitation_created', userId: undefined, details: { email: 'user1@example.com', roles: [] } }));

                const times = async (query: Parameters<Storage['audit']['query']>[1]) => (await storage.audit.query(app, query)).map((event) => (event.time - now) / 1000);
                expect(await times({ limit: 100, email: 'user1@example.com' })).to.equal([5, 3, 1]);
                expect(await times({ limit: 100, email: 'user1@example.com', event: 'sign_in_failed' })).to.equal([3]);
                expect(await times({ limit: 100, email: 'user2@example.com' })).to.equal([4]);
                expect(await times({ limit: 100, email: 'nobody@example.com' })).to.equal([]);
                expect(await storage.audit.count(app, { email: 'user1@example.com' })).to.equal(3);
            });

            it('counts matching events', async () => {

                for (let i = 1; i <= 4; ++i) {
                    await storage.audit.append(newAuditEvent(i, { event: i % 2 ? 'sign_in' : 'sign_in_failed' }));
                }

                await storage.audit.append(newAuditEvent(5, { appId: otherApp }));
                expect(await storage.audit.count(app, {})).to.equal(4);
                expect(await storage.audit.count(app, { event: 'sign_in_failed' })).to.equal(2);
                expect(await storage.audit.count(app, { from: now + 2000, to: now + 4000 })).to.equal(2);
                expect(await storage.audit.count(app, { userId: uuid(99) })).to.equal(0);
                expect(await storage.audit.count(otherApp, {})).to.equal(1);
            });

            it('deleteOlderThan deletes events before the time in every app, and counts them', async () => {

                await storage.audit.append(newAuditEvent(1));
                await storage.audit.append(newAuditEvent(2, { appId: otherApp }));
                await storage.audit.append(newAuditEvent(3));

                expect(await storage.audit.deleteOlderThan(now + 3000)).to.equal(2);
                expect((await storage.audit.query(app, { limit: 10 })).map((event) => event.time)).to.equal([now + 3000]);
                expect(await storage.audit.count(otherApp, {})).to.equal(0);
                expect(await storage.audit.deleteOlderThan(now + 3000)).to.equal(0);
            });
        });

        describe('lockouts', () => {

            const claim = (time: number, userId = uuid(1)) => storage.lockouts.claimAttempt(app, userId, time, lockoutPolicy);

            it('claims attempts up to the threshold, counting each, then refuses until a verdict', async () => {

                expect(await storage.lockouts.getState(app, uuid(1))).to.be.undefined();
                expect(await claim(now)).to.be.true();
                expect(await storage.lockouts.getState(app, uuid(1))).to.equal({ userId: uuid(1), failures: 1, lastFailureAt: now });
                expect(await claim(now + 1)).to.be.true();
                expect(await claim(now + 2)).to.be.true();
                expect(await claim(now + 3)).to.be.false();
                expect(await storage.lockouts.getState(app, uuid(1))).to.equal({ userId: uuid(1), failures: 3, lastFailureAt: now + 2 });
            });

            it('refuses while locked, and allows one more attempt once the lock has run out', async () => {

                for (let i = 0; i < 3; ++i) {
                    await claim(now + i);
                }

                await storage.lockouts.lockUntil(app, uuid(1), 3, now + 30_000);
                expect((await storage.lockouts.getState(app, uuid(1)))!.lockedUntil).to.equal(now + 30_000);
                expect(await claim(now + 10_000)).to.be.false();

                expect(await claim(now + 30_001)).to.be.true();
                expect(await storage.lockouts.getState(app, uuid(1))).to.equal({ userId: uuid(1), failures: 4, lastFailureAt: now + 30_001 });
                expect(await claim(now + 30_002)).to.be.false();
            });

            it('lockUntil does nothing when the counter has moved on', async () => {

                await claim(now);
                await claim(now + 1);
                await storage.lockouts.lockUntil(app, uuid(1), 1, now + 30_000);
                expect((await storage.lockouts.getState(app, uuid(1)))!.lockedUntil).to.be.undefined();
                await expect(storage.lockouts.lockUntil(app, uuid(99), 1, now + 30_000)).to.not.reject();
                expect(await storage.lockouts.getState(app, uuid(99))).to.be.undefined();
            });

            it('starts again from one after resetAfter without failures', async () => {

                for (let i = 0; i < 3; ++i) {
                    await claim(now + i);
                }

                await storage.lockouts.lockUntil(app, uuid(1), 3, now + 60_000);
                const later = now + 2 + lockoutPolicy.resetAfter;
                expect(await claim(later)).to.be.true();
                expect(await storage.lockouts.getState(app, uuid(1))).to.equal({ userId: uuid(1), failures: 1, lastFailureAt: later });
            });

            it('lets at most `threshold` of many concurrent attempts through', async () => {

                const results = await Promise.all(Array.from({ length: 10 }, () => claim(now)));
                expect(results.filter(Boolean)).to.have.length(lockoutPolicy.threshold);
            });

            it('keeps counters apart by user and by app', async () => {

                for (let i = 0; i < 3; ++i) {
                    await claim(now + i);
                }

                expect(await claim(now + 3, uuid(2))).to.be.true();
                expect(await storage.lockouts.claimAttempt(otherApp, uuid(1), now + 3, lockoutPolicy)).to.be.true();
            });

            it('listLocked lists accounts at the threshold that are locked or waiting for a verdict', async () => {

                for (let i = 0; i < 3; ++i) {
                    await claim(now + i, uuid(1));         // locked below
                    await claim(now + i, uuid(2));         // waiting for a verdict
                    await claim(now + i, uuid(3));         // lock runs out below
                }

                await claim(now, uuid(4));                 // under the threshold
                await storage.lockouts.lockUntil(app, uuid(1), 3, now + 60_000);
                await storage.lockouts.lockUntil(app, uuid(3), 3, now + 5);

                const locked = await storage.lockouts.listLocked(app, now + 10, lockoutPolicy.threshold);
                expect(sorted(locked.map((state) => state.userId))).to.equal([uuid(1), uuid(2)]);
                expect(locked.find((state) => state.userId === uuid(1))).to.equal({ userId: uuid(1), failures: 3, lastFailureAt: now + 2, lockedUntil: now + 60_000 });
                expect(await storage.lockouts.listLocked(otherApp, now + 10, lockoutPolicy.threshold)).to.equal([]);
            });

            it('clear forgets the counter', async () => {

                for (let i = 0; i < 3; ++i) {
                    await claim(now + i);
                }

                await storage.lockouts.clear(app, uuid(1));
                expect(await storage.lockouts.getState(app, uuid(1))).to.be.undefined();
                expect(await claim(now + 3)).to.be.true();
                await expect(storage.lockouts.clear(app, uuid(99))).to.not.reject();
            });
        });

        describe('bans', () => {

            it('ban records the ban and deletes the user\'s sessions, returning their handles', async () => {

                await storage.sessions.createSession(newSession(1, { userId: uuid(1) }));
                await storage.sessions.createSession(newSession(2, { userId: uuid(1), tenantId: otherTenant }));
                await storage.sessions.createSession(newSession(3, { userId: uuid(2) }));

                const revoked = await storage.bans.ban(app, { userId: uuid(1), bannedAt: now, bannedBy: uuid(50), reason: 'left the company' });
                expect(sorted(revoked)).to.equal(sorted([newSession(1).sessionHandle, newSession(2).sessionHandle]));
                expect(await storage.sessions.listSessionHandles(app, uuid(1), now)).to.equal([]);
                expect(await storage.sessions.getSession(app, newSession(3).sessionHandle)).to.exist();
                expect(await storage.bans.getBan(app, uuid(1))).to.equal({ userId: uuid(1), bannedAt: now, bannedBy: uuid(50), reason: 'left the company' });
            });

            it('leaves out bannedBy and reason when not given', async () => {

                expect(await storage.bans.ban(app, { userId: uuid(1), bannedAt: now })).to.equal([]);
                expect(await storage.bans.getBan(app, uuid(1))).to.equal({ userId: uuid(1), bannedAt: now });
            });

            it('unban lifts the ban, true only if there was one', async () => {

                await storage.bans.ban(app, { userId: uuid(1), bannedAt: now });
                expect(await storage.bans.unban(app, uuid(1))).to.be.true();
                expect(await storage.bans.getBan(app, uuid(1))).to.be.undefined();
                expect(await storage.bans.unban(app, uuid(1))).to.be.false();
            });

            it('keeps bans apart by app', async () => {

                await storage.bans.ban(app, { userId: uuid(1), bannedAt: now });
                expect(await storage.bans.getBan(otherApp, uuid(1))).to.be.undefined();
                expect(await storage.bans.unban(otherApp, uuid(1))).to.be.false();
                expect(await storage.bans.getBan(app, uuid(1))).to.exist();
            });
        });

        describe('passwordless', () => {

            it('stores a device with its first code, and more codes; refuses a taken device or link code hash', async () => {

                expect(await storage.passwordless.createDevice(app, tenant, newDevice(1), newCode(1, 1))).to.be.true();
                expect(await storage.passwordless.createDevice(app, tenant, newDevice(1), newCode(1, 2))).to.be.false();
                expect(await storage.passwordless.createDevice(app, tenant, newDevice(2), newCode(2, 3, { linkCodeHash: sha256('link-1') }))).to.be.false();
                expect(await storage.passwordless.getDevice(app, tenant, sha256('device-2'))).to.not.exist();

                expect(await storage.passwordless.addCode(app, tenant, newCode(1, 4))).to.equal('OK');
                expect(await storage.passwordless.addCode(app, tenant, newCode(1, 5, { linkCodeHash: sha256('link-4') }))).to.equal('CODE_EXISTS');
                expect(await storage.passwordless.addCode(app, tenant, newCode(9, 6))).to.equal('UNKNOWN_DEVICE');

                expect(await storage.passwordless.getDevice(app, tenant, sha256('device-1'))).to.equal({ ...newDevice(1), codes: [newCode(1, 1), newCode(1, 4)] });
                expect(await storage.passwordless.getDevice(app, otherTenant, sha256('device-1'))).to.not.exist();
                expect(await storage.passwordless.findCode(app, tenant, sha256('link-4'))).to.equal(newCode(1, 4));
                expect(await storage.passwordless.findCode(otherApp, tenant, sha256('link-4'))).to.not.exist();
            });

            it('raises a database error that is not a taken device or code', async () => {

                // A time neither database can bind: the adapter must not report that as a taken device or code.
                const badTime = { createdAt: {} as unknown as number };
                await expect(storage.passwordless.createDevice(app, tenant, newDevice(1), newCode(1, 1, badTime))).to.reject();
                expect(await storage.passwordless.getDevice(app, tenant, sha256('device-1'))).to.not.exist();

                await storage.passwordless.createDevice(app, tenant, newDevice(1), newCode(1, 1));
                await expect(storage.passwordless.addCode(app, tenant, newCode(1, 2, badTime))).to.reject();
                expect((await storage.passwordless.getDevice(app, tenant, sha256('device-1')))!.codes).to.have.length(1);
            });

            it('lists the devices of an email or a phone number in a tenant', async () => {

                const phone = { phoneNumber: '+12025550100' };
                await storage.passwordless.createDevice(app, tenant, newDevice(1), newCode(1, 1));
                await storage.passwordless.createDevice(app, tenant, newDevice(2, { contact: { email: 'user1@example.com' } }), newCode(2, 2));
                await storage.passwordless.createDevice(app, tenant, newDevice(3, { contact: phone }), newCode(3, 3));
                await storage.passwordless.createDevice(app, otherTenant, newDevice(4, { contact: { email: 'user1@example.com' } }), newCode(4, 4));

                const byEmail = await storage.passwordless.listDevices(app, tenant, { email: 'user1@example.com' });
                expect(sorted(byEmail.map((device) => device.deviceIdHash))).to.equal(sorted([sha256('device-1'), sha256('device-2')]));
                expect(await storage.passwordless.listDevices(app, tenant, phone)).to.equal([{ ...newDevice(3, { contact: phone }), codes: [newCode(3, 3)] }]);
                expect(await storage.passwordless.listDevices(app, tenant, { email: 'nobody@example.com' })).to.equal([]);
            });

            it('checkCode on success answers the device; consume deletes every device of the contact, check deletes nothing', async () => {

                await storage.passwordless.createDevice(app, tenant, newDevice(1), newCode(1, 1));
                await storage.passwordless.createDevice(app, tenant, newDevice(2, { contact: { email: 'user1@example.com' } }), newCode(2, 2));
                await storage.passwordless.createDevice(app, tenant, newDevice(3), newCode(3, 3, { linkCodeHash: sha256('other') }));

                expect(await storage.passwordless.checkCode(app, tenant, checkOf(newCode(1, 1), { consume: false }))).to.equal({ status: 'OK', device: newDevice(1) });
                expect(await storage.passwordless.listDevices(app, tenant, { email: 'user1@example.com' })).to.have.length(2);

                expect(await storage.passwordless.checkCode(app, tenant, checkOf(newCode(1, 1)))).to.equal({ status: 'OK', device: newDevice(1) });
                expect(await storage.passwordless.listDevices(app, tenant, { email: 'user1@example.com' })).to.equal([]);
                expect(await storage.passwordless.getDevice(app, tenant, sha256('device-3'))).to.exist();
                expect(await storage.passwordless.checkCode(app, tenant, checkOf(newCode(1, 1)))).to.equal({ status: 'RESTART_FLOW' });
            });

            it('checkCode counts wrong and expired user input codes, and deletes the device at the last attempt', async () => {

                await storage.passwordless.createDevice(app, tenant, newDevice(1), newCode(1, 1, { createdAt: now - 20_000 }));
                await storage.passwordless.addCode(app, tenant, newCode(1, 2));

                expect(await storage.passwordless.checkCode(app, tenant, checkOf(newCode(1, 1)))).to.equal({ status: 'EXPIRED', failedAttempts: 1 });
                expect(await storage.passwordless.checkCode(app, tenant, checkOf(newCode(1, 9)))).to.equal({ status: 'INCORRECT', failedAttempts: 2 });
                expect((await storage.passwordless.getDevice(app, tenant, sha256('device-1')))!.failedAttempts).to.equal(2);
                expect(await storage.passwordless.checkCode(app, tenant, checkOf(newCode(1, 9)))).to.equal({ status: 'RESTART_FLOW' });
                expect(await storage.passwordless.getDevice(app, tenant, sha256('device-1'))).to.not.exist();
            });

            it('checkCode ends a device whose failures already reach a lowered limit, even for the right code', async () => {

                await storage.passwordless.createDevice(app, tenant, newDevice(1), newCode(1, 1));
                expect(await storage.passwordless.checkCode(app, tenant, checkOf(newCode(1, 9), { maxAttempts: 5 }))).to.equal({ status: 'INCORRECT', failedAttempts: 1 });
                expect(await storage.passwordless.checkCode(app, tenant, checkOf(newCode(1, 9), { maxAttempts: 5 }))).to.equal({ status: 'INCORRECT', failedAttempts: 2 });
                expect(await storage.passwordless.checkCode(app, tenant, checkOf(newCode(1, 1), { maxAttempts: 2 }))).to.equal({ status: 'RESTART_FLOW' });
                expect(await storage.passwordless.getDevice(app, tenant, sha256('device-1'))).to.not.exist();
            });

            it('checkCode counts nothing for a wrong link code, and refuses a code of another device', async () => {

                await storage.passwordless.createDevice(app, tenant, newDevice(1), newCode(1, 1));
                await storage.passwordless.createDevice(app, tenant, newDevice(2), newCode(2, 2));

                expect(await storage.passwordless.checkCode(app, tenant, checkOf(newCode(1, 9), { byLinkCode: true }))).to.equal({ status: 'RESTART_FLOW' });
                expect(await storage.passwordless.checkCode(app, tenant, checkOf(newCode(1, 2)))).to.equal({ status: 'INCORRECT', failedAttempts: 1 });
                expect((await storage.passwordless.getDevice(app, tenant, sha256('device-1')))!.failedAttempts).to.equal(1);
                expect((await storage.passwordless.getDevice(app, tenant, sha256('device-2')))!.failedAttempts).to.equal(0);
            });

            it('lets concurrent wrong codes through one at a time: each failure is counted once', async () => {

                await storage.passwordless.createDevice(app, tenant, newDevice(1), newCode(1, 1));
                const results = await Promise.all([1, 2, 3, 4].map(() => storage.passwordless.checkCode(app, tenant, checkOf(newCode(1, 9), { maxAttempts: 10 }))));
                expect(sorted(results.map((result) => String(result.status === 'INCORRECT' && result.failedAttempts)))).to.equal(['1', '2', '3', '4']);
            });

            it('deleteCode deletes a code and its device with the last one; deleteDevice and deleteDevicesOf delete devices', async () => {

                await storage.passwordless.createDevice(app, tenant, newDevice(1), newCode(1, 1));
                await storage.passwordless.addCode(app, tenant, newCode(1, 2));
                await storage.passwordless.deleteCode(app, tenant, uuid(3001));
                expect((await storage.passwordless.getDevice(app, tenant, sha256('device-1')))!.codes).to.equal([newCode(1, 2)]);
                await storage.passwordless.deleteCode(app, tenant, uuid(3002));
                expect(await storage.passwordless.getDevice(app, tenant, sha256('device-1'))).to.not.exist();
                await storage.passwordless.deleteCode(app, tenant, uuid(3002));              // unknown: fine

                await storage.passwordless.createDevice(app, tenant, newDevice(2), newCode(2, 3));
                await storage.passwordless.deleteDevice(app, tenant, sha256('device-2'));
                expect(await storage.passwordless.findCode(app, tenant, sha256('link-3'))).to.not.exist();

                await storage.passwordless.createDevice(app, tenant, newDevice(3, { contact: { phoneNumber: '+12025550100' } }), newCode(3, 4));
                await storage.passwordless.createDevice(app, otherTenant, newDevice(4, { contact: { phoneNumber: '+12025550100' } }), newCode(4, 5));
                await storage.passwordless.deleteDevicesOf(app, tenant, { phoneNumber: '+12025550100' });
                expect(await storage.passwordless.listDevices(app, tenant, { phoneNumber: '+12025550100' })).to.equal([]);
                expect(await storage.passwordless.listDevices(app, otherTenant, { phoneNumber: '+12025550100' })).to.have.length(1);
            });

            it('deleteExpiredDevices deletes devices whose every code is older than the time', async () => {

                await storage.passwordless.createDevice(app, tenant, newDevice(1), newCode(1, 1, { createdAt: now - 50_000 }));
                await storage.passwordless.createDevice(app, tenant, newDevice(2), newCode(2, 2, { createdAt: now - 50_000 }));
                await storage.passwordless.addCode(app, tenant, newCode(2, 3, { createdAt: now }));

                expect(await storage.passwordless.deleteExpiredDevices(now - 10_000)).to.equal(1);
                expect(await storage.passwordless.getDevice(app, tenant, sha256('device-1'))).to.not.exist();
                expect(await storage.passwordless.getDevice(app, tenant, sha256('device-2'))).to.exist();
            });

            it('signInUpPasswordless creates a user once per email or phone in a tenant, and marks the email verified', async () => {

                const byEmail = { appId: app, tenantId: tenant, userId: uuid(1), email: 'user1@example.com', timeJoined: now };
                const created = await storage.users.signInUpPasswordless(byEmail);
                const record: LoginMethodRecord = { userId: uuid(1), tenantId: tenant, recipeId: 'passwordless', email: 'user1@example.com', timeJoined: now, verified: true };
                expect(created).to.equal({ createdNewUser: true, user: record });
                expect(await storage.users.signInUpPasswordless({ ...byEmail, userId: uuid(2), timeJoined: now + 1 })).to.equal({ createdNewUser: false, user: record });
                expect(await storage.users.getUser(app, uuid(1))).to.equal(record);
                expect(await storage.emailVerification.isVerified(app, uuid(1), 'user1@example.com')).to.be.true();

                // Not the email-password user of the same email, nor another tenant's.
                await storage.users.createEmailPasswordUser(newUser(3, { email: 'user1@example.com' }));
                expect((await storage.users.signInUpPasswordless({ ...byEmail, tenantId: otherTenant, userId: uuid(4) }))!.createdNewUser).to.be.true();

                const byPhone = await storage.users.signInUpPasswordless({ appId: app, tenantId: tenant, userId: uuid(5), phoneNumber: '+12025550100', timeJoined: now });
                expect(byPhone).to.equal({ createdNewUser: true, user: { userId: uuid(5), tenantId: tenant, recipeId: 'passwordless', phoneNumber: '+12025550100', timeJoined: now, verified: true } });
                expect((await storage.users.listUsersByAccountInfo(app, tenant, { phoneNumber: '+12025550100' })).map((user) => user.userId)).to.equal([uuid(5)]);
                expect(await storage.users.countUsers(app, tenant, ['passwordless'])).to.equal(2);
            });

            it('signInUpPasswordless answers undefined when the insert is refused and nobody holds the contact', async () => {

                await storage.users.createEmailPasswordUser(newUser(3));
                expect(await storage.users.signInUpPasswordless({ appId: app, tenantId: tenant, userId: uuid(3), email: 'fresh@example.com', timeJoined: now })).to.not.exist();
                expect(await storage.users.listUsersByAccountInfo(app, tenant, { email: 'fresh@example.com' })).to.equal([]);
            });

            it('updatePasswordlessUser changes or clears email and phone, refusing taken values and a user left with neither', async () => {

                await storage.users.signInUpPasswordless({ appId: app, tenantId: tenant, userId: uuid(1), email: 'user1@example.com', timeJoined: now });
                await storage.users.signInUpPasswordless({ appId: app, tenantId: tenant, userId: uuid(2), phoneNumber: '+12025550100', timeJoined: now });
                await storage.users.createEmailPasswordUser(newUser(3));

                expect(await storage.users.updatePasswordlessUser(app, uuid(1), { phoneNumber: '+12025550100' })).to.equal('PHONE_NUMBER_ALREADY_EXISTS');
                expect(await storage.users.updatePasswordlessUser(app, uuid(2), { email: 'user1@example.com' })).to.equal('EMAIL_ALREADY_EXISTS');
                expect(await storage.users.updatePasswordlessUser(app, uuid(1), { email: null })).to.equal('NO_CONTACT_LEFT');
                expect(await storage.users.updatePasswordlessUser(app, uuid(3), { email: 'x@example.com' })).to.equal('UNKNOWN_USER_ID');
                expect(await storage.users.updatePasswordlessUser(app, uuid(9), { email: 'x@example.com' })).to.equal('UNKNOWN_USER_ID');

                expect(await storage.users.updatePasswordlessUser(app, uuid(1), { email: 'user3@example.com', phoneNumber: '+12025550101' })).to.equal('OK');
                expect(await storage.users.getUser(app, uuid(1))).to.equal({ userId: uuid(1), tenantId: tenant, recipeId: 'passwordless', email: 'user3@example.com', phoneNumber: '+12025550101', timeJoined: now, verified: false });
                expect(await storage.users.updatePasswordlessUser(app, uuid(1), { email: null })).to.equal('OK');
                expect((await storage.users.getUser(app, uuid(1)))!.email).to.not.exist();
            });

            it('searchUsers finds passwordless users by phone prefix, and nothing for a phone together with a provider', async () => {

                await storage.users.signInUpPasswordless({ appId: app, tenantId: tenant, userId: uuid(1), phoneNumber: '+12025550100', timeJoined: now });
                await storage.users.signInUpPasswordless({ appId: app, tenantId: tenant, userId: uuid(2), phoneNumber: '+3585010760278', timeJoined: now + 1 });
                await storage.users.signInUpThirdParty(newThirdPartyUser(3));

                const search = (query: { phones?: string[]; providers?: string[] }) => storage.users.searchUsers(app, tenant, { order: 'ASC', limit: 10, ...query });
                expect((await search({ phones: ['+1'] })).map((user) => user.userId)).to.equal([uuid(1)]);
                expect((await search({ phones: ['+'] })).map((user) => user.userId)).to.equal([uuid(1), uuid(2)]);
                expect(await search({ phones: ['1('] })).to.equal([]);
                expect(await search({ phones: ['+1'], providers: ['google'] })).to.equal([]);
            });
        });

        describe('invitations', () => {

            const invitation = (n: number, overrides: Partial<NewInvitation> = {}): NewInvitation => ({
                invitationId: uuid(n),
                email: `invitee${n}@example.com`,
                roles: ['staff'],
                tokenHash: sha256(`token-${n}`),
                createdAt: now,
                expiresAt: now + 1000,
                invitedBy: uuid(90),
                ...overrides
            });

            it('createOrRenew inserts a pending invitation, found by id and by token hash', async () => {

                const created = await storage.invitations.createOrRenew(app, invitation(1), now);
                const expected = { ...invitation(1), state: 'pending' as const, sentAt: now };
                expect(created).to.equal({ outcome: 'created', invitation: expected });
                expect(await storage.invitations.get(app, uuid(1))).to.equal(expected);
                expect(await storage.invitations.findByTokenHash(app, sha256('token-1'))).to.equal(expected);
                expect(await storage.invitations.findByTokenHash(app, sha256('token-2'))).to.be.undefined();
                expect(await storage.invitations.get(otherApp, uuid(1))).to.be.undefined();
            });

            it('createOrRenew gives a pending, unexpired invitation of the address a new token, expiry and roles', async () => {

                await storage.invitations.createOrRenew(app, invitation(1), now);
                const renewed = await storage.invitations.createOrRenew(app, invitation(2, { email: 'invitee1@example.com', roles: ['ops'], expiresAt: now + 5000 }), now + 10);
                expect(renewed.outcome).to.equal('renewed');
                expect(renewed.invitation).to.include({ invitationId: uuid(1), tokenHash: sha256('token-2'), sentAt: now + 10, expiresAt: now + 5000, createdAt: now });
                expect(renewed.invitation.roles).to.equal(['ops']);
                expect(await storage.invitations.findByTokenHash(app, sha256('token-1'))).to.be.undefined();
                expect(await storage.invitations.list(app, 10)).to.have.length(1);
            });

            it('createOrRenew marks an expired pending invitation expired and inserts a new one', async () => {

                await storage.invitations.createOrRenew(app, invitation(1), now);
                const created = await storage.invitations.createOrRenew(app, invitation(2, { email: 'invitee1@example.com', createdAt: now + 2000, expiresAt: now + 3000 }), now + 2000);
                expect(created.outcome).to.equal('created');
                expect(created.invitation.invitationId).to.equal(uuid(2));
                expect((await storage.invitations.get(app, uuid(1)))!.state).to.equal('expired');
                expect((await storage.invitations.list(app, 10)).map((row) => row.invitationId)).to.equal([uuid(2), uuid(1)]);
            });

            it('createOrRenew keeps one pending invitation per address when invites race', async () => {

                const results = await Promise.all([1, 2, 3].map((n) => storage.invitations.createOrRenew(app, invitation(n, { email: 'same@example.com' }), now)));
                expect(results.map((result) => result.outcome).sort()).to.equal(['created', 'renewed', 'renewed']);
                expect(await storage.invitations.list(app, 10)).to.have.length(1);
            });

            it('list answers newest first, at most `limit`', async () => {

                await storage.invitations.createOrRenew(app, invitation(1), now);
                await storage.invitations.createOrRenew(app, invitation(2, { createdAt: now + 1 }), now + 1);
                await storage.invitations.createOrRenew(app, invitation(3, { createdAt: now + 2 }), now + 2);
                expect((await storage.invitations.list(app, 2)).map((row) => row.invitationId)).to.equal([uuid(3), uuid(2)]);
                expect(await storage.invitations.list(otherApp, 10)).to.equal([]);
            });

            it('renewToken changes the token of a pending invitation only', async () => {

                await storage.invitations.createOrRenew(app, invitation(1), now);
                const renewed = await storage.invitations.renewToken(app, uuid(1), { tokenHash: sha256('new'), sentAt: now + 5, expiresAt: now + 9000 });
                expect(renewed).to.include({ tokenHash: sha256('new'), sentAt: now + 5, expiresAt: now + 9000 });
                expect(await storage.invitations.findByTokenHash(app, sha256('token-1'))).to.be.undefined();
                await storage.invitations.revoke(app, uuid(1), now + 6);
                expect(await storage.invitations.renewToken(app, uuid(1), { tokenHash: sha256('newer'), sentAt: now + 7, expiresAt: now + 9000 })).to.be.undefined();
                expect(await storage.invitations.renewToken(app, uuid(9), { tokenHash: sha256('other'), sentAt: now + 7, expiresAt: now + 9000 })).to.be.undefined();
            });

            it('revoke ends a pending invitation once', async () => {

                await storage.invitations.createOrRenew(app, invitation(1), now);
                expect(await storage.invitations.revoke(app, uuid(1), now + 3)).to.include({ state: 'revoked', revokedAt: now + 3 });
                expect(await storage.invitations.revoke(app, uuid(1), now + 4)).to.be.undefined();
                expect(await storage.invitations.accept(app, sha256('token-1'), uuid(5), now + 5)).to.be.undefined();
            });

            it('accept is a compare-and-set: once, before expiry, with the current token', async () => {

                await storage.invitations.createOrRenew(app, invitation(1), now);
                await storage.invitations.createOrRenew(app, invitation(2), now);
                expect(await storage.invitations.accept(app, sha256('token-1'), uuid(5), now + 1000)).to.be.undefined();          // expired
                const results = await Promise.all([1, 2, 3].map((n) => storage.invitations.accept(app, sha256('token-2'), uuid(10 + n), now + 10)));
                const winners = results.filter(Boolean);
                expect(winners).to.have.length(1);
                expect(winners[0]).to.include({ state: 'accepted', acceptedAt: now + 10 });
                expect(await storage.invitations.accept(app, sha256('token-2'), uuid(20), now + 11)).to.be.undefined();
                // A new invitation may be made for the address once the old one is accepted.
                expect((await storage.invitations.createOrRenew(app, invitation(3, { email: 'invitee2@example.com' }), now + 12)).outcome).to.equal('created');
            });
        });

        describe('tenants', () => {

            const google = { thirdPartyId: 'google', name: 'Google', clients: [{ clientId: 'id-1', clientSecret: 'secret-1' }] };
            const github = { thirdPartyId: 'github', name: 'GitHub', clients: [{ clientId: 'id-2' }] };

            it('stores provider configs per tenant and lists them by thirdPartyId', async () => {

                expect(await storage.tenants.listThirdPartyConfigs(app, tenant)).to.equal([]);
                expect(await storage.tenants.upsertThirdPartyConfig(app, tenant, 'google', google)).to.be.true();
                expect(await storage.tenants.upsertThirdPartyConfig(app, tenant, 'github', github)).to.be.true();
                expect(await storage.tenants.listThirdPartyConfigs(app, tenant)).to.equal([github, google]);
                expect(await storage.tenants.listThirdPartyConfigs(app, otherTenant)).to.equal([]);
                expect(await storage.tenants.listThirdPartyConfigs(otherApp, tenant)).to.equal([]);
            });

            it('upsertThirdPartyConfig replaces an existing config and answers false', async () => {

                await storage.tenants.upsertThirdPartyConfig(app, tenant, 'google', google);
                const changed = { ...google, name: 'Google Workspace' };
                expect(await storage.tenants.upsertThirdPartyConfig(app, tenant, 'google', changed)).to.be.false();
                expect(await storage.tenants.listThirdPartyConfigs(app, tenant)).to.equal([changed]);
            });

            it('deleteThirdPartyConfig deletes a config, true only if it existed', async () => {

                await storage.tenants.upsertThirdPartyConfig(app, tenant, 'google', google);
                await storage.tenants.upsertThirdPartyConfig(app, otherTenant, 'google', google);
                expect(await storage.tenants.deleteThirdPartyConfig(app, tenant, 'google')).to.be.true();
                expect(await storage.tenants.deleteThirdPartyConfig(app, tenant, 'google')).to.be.false();
                expect(await storage.tenants.listThirdPartyConfigs(app, tenant)).to.equal([]);
                expect(await storage.tenants.listThirdPartyConfigs(app, otherTenant)).to.equal([google]);
            });
        });

        describeTwoFactorStores(lab, () => storage);
    });
};
