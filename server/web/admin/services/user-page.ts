/*
 * Everything the admin's page about one user shows, read through the SDK (user, roles, metadata, sessions) and,
 * with the Staffgate core, its extension endpoints (ban, lockout, two-factor, audit trail). Against an official
 * core the extension parts are absent and the page says why.
 */

import SuperTokens, { type User } from 'supertokens-node';
import type { SessionInformation } from 'supertokens-node/recipe/session';
import UserMetadata from 'supertokens-node/recipe/usermetadata';
import UserRoles from 'supertokens-node/recipe/userroles';

import { sessionClientOf } from '../../auth/session-context';
import type { CoreExtensions } from '../../core-extensions';
import { describeTime, type TimeView } from '../../pages/dates';
import { displayNameOf } from '../../pages/display-name';
import { describeUserAgent, type UserAgentView } from '../../pages/user-agent';
import { latestRefreshes, liveSessionsOf, refreshEventsRead } from '../../pages/devices';
import { absoluteEndsFrom, sessionEndsOf, type AbsoluteEnds, type SessionEnds } from '../../pages/session-ends';
import type { SocialProvider } from '../../pages/providers';
import { adminRole } from '../../auth/roles';
import { userPath } from '../paths';
import { describeEvents, emailsOf, type AuditRow, type PersonView } from './audit';
import { describeTwoFactor, type TwoFactorPanelView } from './two-factor';
import { methodName, tenantId } from './users';


/** How many audit events the user page shows; the audit log has the rest. */
export const userAuditRows = 25;

export interface LoginMethodView {
    readonly name: string;
    readonly recipeId: string;
    readonly recipeUserId: string;
    readonly email: string | undefined;
    readonly verified: boolean;
    readonly joined: TimeView;
}

export interface SessionRow extends SessionEnds {
    readonly handle: string;
    /** Its first 8 characters, as the audit log names sessions (the whole handle is a title). */
    readonly shortHandle: string;
    readonly created: TimeView;
    readonly ip: string | undefined;
    /** "Chrome on macOS", with the raw string for a title. */
    readonly userAgent: UserAgentView | undefined;
    readonly lastRefresh: TimeView | undefined;
}

export interface RoleView {
    readonly name: string;
    /** The admin's own admin role: shown without a remove button. */
    readonly locked: boolean;
}

export interface UserPageView {
    readonly id: string;
    /** This page, for the forms' actions. */
    readonly path: string;
    /** The audit log filtered to this user. */
    readonly auditPath: string;
    readonly email: string | undefined;
    readonly joined: TimeView;
    readonly methods: LoginMethodView[];
    readonly hasEmail: boolean;
    readonly hasPassword: boolean;
    /** Every email of the user is verified. */
    readonly emailVerified: boolean;
    readonly roles: RoleView[];
    /** Existing roles the user does not have. */
    readonly grantable: string[];
    /** Pretty-printed JSON. */
    readonly metadata: string;
    /** The name the user chose on their dashboard (kept in the metadata). */
    readonly displayName: string | undefined;
    readonly sessions: SessionRow[];
    /** The admin looking at their own page. */
    readonly isSelf: boolean;
    /** The Staffgate core's extension endpoints answer. */
    readonly extensions: boolean;
    readonly ban: { banned: boolean; bannedAt?: TimeView; bannedBy?: PersonView; reason?: string } | undefined;
    readonly lockout: { failures: number; locked: boolean; lockedUntil?: TimeView; lastFailureAt?: TimeView } | undefined;
    readonly audit: AuditRow[] | undefined;
    /** Devices and recovery codes (Staffgate core only). */
    readonly twoFactor: TwoFactorPanelView | undefined;
    /** There are older events than the page shows. */
    readonly moreAudit: boolean;
}

/** A user's live sessions, newest first, with their last refresh and absolute end when known. */
const sessionRows = (infos: SessionInformation[], refreshes: ReadonlyMap<string, number>, ends: AbsoluteEnds): SessionRow[] => {

    return infos
        .sort((a, b) => b.timeCreated - a.timeCreated)
        .map((info) => {

            const client = sessionClientOf(info.sessionDataInDatabase);
            return {
                handle: info.sessionHandle,
                shortHandle: `${info.sessionHandle.slice(0, 8)}…`,
                created: describeTime(info.timeCreated),
                ...sessionEndsOf(info, ends),
                ip: client.ip,
                userAgent: client.userAgent === undefined ? undefined : describeUserAgent(client.userAgent),
                lastRefresh: refreshes.has(info.sessionHandle) ? describeTime(refreshes.get(info.sessionHandle)!) : undefined
            };
        });
};

type ExtensionParts = Pick<UserPageView, 'ban' | 'lockout' | 'audit' | 'moreAudit' | 'twoFactor'> & {
    readonly lastRefreshes: ReadonlyMap<string, number>;
    readonly absoluteEnds: AbsoluteEnds;
};

/** The page's parts from the core's extensions, in one call (GET /staffgate/user-overview). */
const extensionParts = async (extensions: CoreExtensions, userId: string): Promise<ExtensionParts> => {

    const overview = await extensions.userOverview(userId, { auditLimit: userAuditRows, refreshLimit: refreshEventsRead });
    const { ban, lockout } = overview;
    const bannedBy = ban.bannedBy === undefined ? undefined : { id: ban.bannedBy, path: userPath(ban.bannedBy), email: (await emailsOf([ban.bannedBy])).get(ban.bannedBy) };
    return {
        ban: {
            banned: ban.banned,
            ...(ban.bannedAt === undefined ? {} : { bannedAt: describeTime(ban.bannedAt) }),
            ...(bannedBy ? { bannedBy } : {}),
            ...(ban.reason ? { reason: ban.reason } : {})
        },
        lockout: {
            failures: lockout.failures,
            locked: lockout.locked,
            ...(lockout.lockedUntil === undefined ? {} : { lockedUntil: describeTime(lockout.lockedUntil) }),
            ...(lockout.lastFailureAt === undefined ? {} : { lastFailureAt: describeTime(lockout.lastFailureAt) })
        },
        audit: await describeEvents(overview.audit.events),
        twoFactor: describeTwoFactor(overview.twoFactor),
        moreAudit: overview.audit.nextCursor !== undefined,
        lastRefreshes: latestRefreshes(overview.refreshes.events),
        absoluteEnds: absoluteEndsFrom(overview.sessionEnds.sessions)
    };
};

const withoutExtensions: ExtensionParts = { ban: undefined, lockout: undefined, audit: undefined, twoFactor: undefined, moreAudit: false, lastRefreshes: new Map(), absoluteEnds: new Map() };

/** The user page's content, or undefined when there is no such user. */
export const loadUserPage = async (userId: string, adminId: string, providers: readonly SocialProvider[], extensions: CoreExtensions): Promise<UserPageView | undefined> => {

    // Everything is keyed by the id alone, so it is all asked for at once, in one round (the user's own record
    // included); for an id with no user the answers are dropped.
    const available = await extensions.available();
    const [user, { roles }, { roles: allRoles }, { metadata }, infos, { lastRefreshes, absoluteEnds, ...parts }] = await Promise.all([
        SuperTokens.getUser(userId) as Promise<User | undefined>,
        UserRoles.getRolesForUser(tenantId, userId),
        UserRoles.getAllRoles(),
        UserMetadata.getUserMetadata(userId),
        liveSessionsOf(userId),
        available ? extensionParts(extensions, userId) : withoutExtensions
    ]);

    if (!user) {
        return undefined;
    }

    const isSelf = user.id === adminId;
    const withEmail = user.loginMethods.filter((login) => login.email !== undefined);
    return {
        id: user.id,
        path: userPath(user.id),
        auditPath: `/admin/audit?${new URLSearchParams({ userId: user.id })}`,
        email: user.emails[0],
        joined: describeTime(user.timeJoined),
        methods: user.loginMethods.map((login) => ({
            name: methodName(login, providers),
            recipeId: login.recipeId,
            recipeUserId: login.recipeUserId.getAsString(),
            email: login.email,
            verified: login.verified,
            joined: describeTime(login.timeJoined)
        })),
        hasEmail: withEmail.length > 0,
        hasPassword: user.loginMethods.some((login) => login.recipeId === 'emailpassword'),
        emailVerified: withEmail.length > 0 && withEmail.every((login) => login.verified),
        roles: [...roles].sort().map((name) => ({ name, locked: isSelf && name === adminRole })),
        grantable: allRoles.filter((role) => !roles.includes(role)).sort(),
        metadata: JSON.stringify(metadata, null, 2),
        displayName: displayNameOf(metadata),
        sessions: sessionRows(infos, lastRefreshes, absoluteEnds),
        isSelf,
        extensions: available,
        ...parts
    };
};
