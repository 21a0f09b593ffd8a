import type { CoreSettings } from '../../config';
import type { Storage } from '../storage';
import { systemClock, type Clock } from './clock';
import { EmailVerification } from './email-verification';
import { Jwts } from './jwt';
import { Lockouts } from './lockouts';
import { Passwordless } from './passwordless';
import { PasswordHasher } from './passwords';
import { RefreshTokens } from './refresh-tokens';
import { Roles } from './roles';
import { Sessions } from './sessions';
import { SigningKeys } from './signing-keys';
import { Users } from './users';


/** Staffgate serves one app and one tenant, both `public`, but keys everything by them as the CDI does. */
export const appId = 'public';
export const publicTenant = 'public';

export interface CoreServices {
    readonly settings: CoreSettings;
    readonly storage: Storage;
    readonly clock: Clock;
    readonly keys: SigningKeys;
    readonly sessions: Sessions;
    readonly users: Users;
    readonly lockouts: Lockouts;
    readonly emailVerification: EmailVerification;
    readonly roles: Roles;
    readonly jwts: Jwts;
    readonly passwordless: Passwordless;
}


export const createServices = (settings: CoreSettings, storage: Storage, clock: Clock = systemClock): CoreServices => {

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
        accessTokenValidity: settings.accessTokenValidity,
        refreshTokenValidity: settings.refreshTokenValidity
    });

    const lockouts = new Lockouts(appId, storage.lockouts, clock, settings);
    const users = new Users({
        appId,
        storage,
        lockouts,
        hasher: new PasswordHasher(settings),
        clock,
        passwordResetTokenLifetime: settings.passwordResetTokenLifetime
    });

    const emailVerification = new EmailVerification(appId, storage, clock, settings.emailVerificationTokenLifetime);
    const roles = new Roles(appId, storage.roles);
    const jwts = new Jwts(keys, clock);
    const passwordless = new Passwordless({
        appId,
        storage,
        clock,
        codeLifetime: settings.passwordlessCodeLifetime,
        maxCodeInputAttempts: settings.passwordlessMaxCodeInputAttempts
    });

    return { settings, storage, clock, keys, sessions, users, lockouts, emailVerification, roles, jwts, passwordless };
};
