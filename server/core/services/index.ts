/*
 * The core's services: every rule of the CDI and of Staffgate's extensions lives here, and routes call exactly
 * one service method each. Services take a `Caller` where they write the audit trail, return CDI status objects,
 * and throw only `InvalidInputError` (errors.ts) for what the CDI answers with a 400.
 */

import type { CoreSettings } from '../../config';
import type { Storage } from '../storage';
import { AccountStates } from './account-states';
import { AuditTrail } from './audit';
import { UserList } from './user-list';
import { Bans } from './bans';
import { systemClock, type Clock } from './clock';
import { EmailVerification } from './email-verification';
import { Health } from './health';
import { Jwts } from './jwt';
import { Invitations } from './invitations';
import { Lockouts } from './lockouts';
import { MailQueue } from './mail-queue';
import { Maintenance } from './maintenance';
import { Metadata } from './metadata';
import { Passwordless } from './passwordless';
import { PasswordHasher } from './passwords';
import { RecoveryCodes } from './recovery-codes';
import { RefreshTokens } from './refresh-tokens';
import { Roles } from './roles';
import { Sessions } from './sessions';
import { SigningKeys } from './signing-keys';
import { Tenants } from './tenants';
import { Totp } from './totp';
import { TwoFactor } from './two-factor';
import { UserOverview } from './user-overview';
import { UserUpdates } from './user-updates';
import { Users } from './users';


/** Staffgate serves one app and one tenant, both `public`, but keys everything by them as the CDI does. */
export const appId = 'public';
export const publicTenant = 'public';

export interface CoreServices {
    readonly settings: CoreSettings;
    readonly clock: Clock;
    readonly audit: AuditTrail;
    readonly keys: SigningKeys;
    readonly sessions: Sessions;
    readonly users: Users;
    readonly lockouts: Lockouts;
    readonly accountStates: AccountStates;
    readonly bans: Bans;
    readonly invitations: Invitations;
    readonly emailVerification: EmailVerification;
    readonly roles: Roles;
    readonly metadata: Metadata;
    readonly tenants: Tenants;
    readonly health: Health;
    readonly maintenance: Maintenance;
    readonly totp: Totp;
    readonly recoveryCodes: RecoveryCodes;
    readonly twoFactor: TwoFactor;
    readonly jwts: Jwts;
    readonly passwordless: Passwordless;
    readonly userUpdates: UserUpdates;
    readonly mailQueue: MailQueue;
    readonly userList: UserList;
    readonly userOverview: UserOverview;
}

export interface ServicesOptions {
    readonly clock?: Clock;
    /** Where failures that must not fail anything go (an audit row that could not be written, a failed clean-up). */
    readonly log: (tags: string[], err: unknown) => void;
    /** Told each time an account locks or its lock grows (the app's metrics). */
    readonly onAccountLocked?: (userId: string) => void;
}


export const createServices = (settings: CoreSettings, storage: Storage, options: ServicesOptions): CoreServices => {

    const clock = options.clock ?? systemClock;
    const audit = new AuditTrail(appId, storage.audit, clock, (err) => options.log(['error', 'audit'], err));
    const keys = new SigningKeys({
        appId,
        store: storage.keys,
        clock,
        updateIntervalHours: settings.accessTokenDynamicSigningKeyUpdateInterval,
        accessTokenValiditySeconds: settings.accessTokenValidity
    });

    const sessions = new Sessions({
        appId,
        storage,
        keys,
        refreshTokens: new RefreshTokens(appId, storage.keys),
        clock,
        audit,
        accessTokenValidity: settings.accessTokenValidity,
        refreshTokenValidity: settings.refreshTokenValidity,
        sessionMaxHours: settings.sessionMaxHours,
        rememberDays: settings.sessionRememberDays
    });

    const lockouts = new Lockouts(appId, storage.lockouts, clock, settings, audit, options.onAccountLocked);
    const hasher = new PasswordHasher(settings);
    const users = new Users({
        appId,
        storage,
        lockouts,
        hasher,
        clock,
        audit,
        passwordResetTokenLifetime: settings.passwordResetTokenLifetime
    });

    const totp = new Totp({ appId, store: storage.totp, clock, audit, maxAttempts: settings.totpMaxAttempts, cooldownSeconds: settings.totpRateLimitCooldownSec });
    const recoveryCodes = new RecoveryCodes({ appId, store: storage.recoveryCodes, clock, audit });
    const bans = new Bans(appId, storage, clock, audit);
    const twoFactor = new TwoFactor({ totp, recoveryCodes, audit });
    const passwordless = new Passwordless({
        appId,
        storage,
        clock,
        audit,
        codeLifetime: settings.passwordlessCodeLifetime,
        maxCodeInputAttempts: settings.passwordlessMaxCodeInputAttempts
    });

    return {
        settings,
        clock,
        audit,
        keys,
        sessions,
        users,
        lockouts,
        accountStates: new AccountStates(appId, storage, hasher, lockouts, clock),
        bans,
        invitations: new Invitations(appId, publicTenant, storage, clock, audit),
        emailVerification: new EmailVerification(appId, storage, clock, settings.emailVerificationTokenLifetime, audit),
        roles: new Roles(appId, storage.roles, audit),
        metadata: new Metadata(appId, storage.metadata, clock, audit),
        tenants: new Tenants(appId, publicTenant, storage.tenants),
        health: new Health(storage),
        maintenance: new Maintenance(storage, clock, {
            auditRetentionDays: settings.auditRetentionDays,
            passwordlessCodeLifetime: settings.passwordlessCodeLifetime
        }, totp, (err) => options.log(['error', 'cleanup'], err)),
        totp,
        recoveryCodes,
        twoFactor,
        jwts: new Jwts(keys, clock),
        passwordless,
        userUpdates: new UserUpdates(users, passwordless),
        mailQueue: new MailQueue(appId, storage.mailQueue, clock),
        userList: new UserList({ appId, tenantId: publicTenant, storage, clock, lockoutThreshold: settings.lockoutThreshold }),
        userOverview: new UserOverview({ bans, lockouts, audit, twoFactor, sessions })
    };
};
