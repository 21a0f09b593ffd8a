/*
 * The admin overview: how many users, and, with the Staffgate core, live sessions, sign-ins and failed sign-ins in
 * the last 24 hours, the accounts locked now, and the admins and viewers without a second factor.
 *
 * The whole page's data (the four counts, each a count over a whole table at the core, and the locked accounts, the
 * admins without two-factor and the mail queue, about ten core calls in all) goes through a per-process TtlCache
 * (`ADMIN_COUNTS_MAX_AGE`, 5 s by default, `loadOverviewPage`), and the page says when it was read: a burst of loads
 * costs one round of core calls, and nothing on it is more than a few seconds old. Every action and every other admin
 * page reads fresh.
 */

import SuperTokens from 'supertokens-node';
import UserRoles from 'supertokens-node/recipe/userroles';

import { adminRole, viewerRole } from '../../auth/roles';
import type { CoreExtensions } from '../../core-extensions';
import { describeTime, type TimeView } from '../../pages/dates';
import { userPath } from '../paths';
import { emailsOf } from './audit';
import { tenantId } from './users';


const day = 24 * 60 * 60 * 1000;

/** How many locked accounts the overview names; the count covers them all. */
export const lockedRowsShown = 25;

export interface LockedRow {
    readonly id: string;
    readonly path: string;
    readonly email: string | undefined;
    readonly failures: number;
    readonly lockedUntil: TimeView;
}

/** How many admins without a second factor the overview names; the count covers them all. */
export const withoutTwoFactorShown = 25;

export interface PersonRow {
    readonly id: string;
    readonly path: string;
    readonly email: string | undefined;
}

interface OverviewCounts {
    readonly users: number;
    /** Only with the Staffgate core. */
    readonly sessions?: number;
    readonly signIns?: number;
    readonly failedSignIns?: number;
}

export interface OverviewView {
    readonly users: number;
    /** When the counts were taken, "14:03:27 UTC" (they may be a few seconds old). */
    readonly countedAt: string;
    readonly extensions: boolean;
    readonly sessions?: number;
    readonly signIns?: number;
    readonly failedSignIns?: number;
    readonly lockedCount?: number;
    readonly locked?: LockedRow[];
    /** Users holding `admin` or `viewer` without a verified TOTP device. */
    readonly adminsWithoutTwoFactorCount?: number;
    readonly adminsWithoutTwoFactor?: PersonRow[];
}

/** Everyone who can open the admin area (a role nobody made yet has nobody). */
const adminAreaUsers = async (): Promise<string[]> => {

    const holders = await Promise.all([adminRole, viewerRole].map((role) => UserRoles.getUsersThatHaveRole(tenantId, role)));
    return [...new Set(holders.flatMap((result) => (result.status === 'OK' ? result.users : [])))].sort();
};

/** Users, and with the Staffgate core live sessions and the last 24 hours' sign-ins and failed sign-ins. */
const countOverview = async (extensions: CoreExtensions, now = Date.now()): Promise<OverviewCounts> => {

    const [users, available] = await Promise.all([SuperTokens.getUserCount(), extensions.available()]);
    if (!available) {
        return { users };
    }

    const from = now - day;
    const [sessions, signIns, failedSignIns] = await Promise.all([
        extensions.countLiveSessions(),
        extensions.countAudit({ event: 'sign_in', from }),
        extensions.countAudit({ event: 'sign_in_failed', from })
    ]);

    return { users, sessions, signIns, failedSignIns };
};

/** "14:03:27 UTC" */
const clockTime = (ms: number): string => `${new Date(ms).toISOString().slice(11, 19)} UTC`;

/** The overview as it is at `now` (the counts are taken then, and the page says so). */
export const loadOverview = async (extensions: CoreExtensions, now = Date.now()): Promise<OverviewView> => {

    const [counted, available] = await Promise.all([countOverview(extensions, now), extensions.available()]);
    const { users, sessions, signIns, failedSignIns } = counted;
    const countedAt = clockTime(now);
    if (!available) {
        return { users, countedAt, extensions: false };
    }

    const [locked, staff, enrolled] = await Promise.all([
        extensions.lockedAccounts(),
        adminAreaUsers(),
        extensions.twoFactorUsers()
    ]);

    const shown = locked.slice(0, lockedRowsShown);
    const enrolledIds = new Set(enrolled);
    const withoutTwoFactor = staff.filter((id) => !enrolledIds.has(id));
    const withoutShown = withoutTwoFactor.slice(0, withoutTwoFactorShown);
    const emails = await emailsOf([...shown.map((account) => account.userId), ...withoutShown]);
    return {
        users,
        countedAt,
        extensions: true,
        sessions,
        signIns,
        failedSignIns,
        lockedCount: locked.length,
        locked: shown.map((account) => ({
            id: account.userId,
            path: userPath(account.userId),
            email: emails.get(account.userId),
            failures: account.failures,
            lockedUntil: describeTime(account.lockedUntil!)             // an account locked now has an end to it
        })),
        adminsWithoutTwoFactorCount: withoutTwoFactor.length,
        adminsWithoutTwoFactor: withoutShown.map((id) => ({ id, path: userPath(id), email: emails.get(id) }))
    };
};


/** How many delivery errors the overview's mail section lists. */
export const mailErrorsShown = 5;

export interface MailErrorRow {
    readonly to: string;
    readonly subject: string;
    /** `retrying` (still pending) or `failed` (given up). */
    readonly state: 'retrying' | 'failed';
    readonly attempts: number;
    readonly lastError: string;
    readonly lastErrorAt: TimeView;
    readonly nextAttemptAt?: TimeView;
}

export interface MailOverviewView {
    readonly pending: number;
    readonly failed: number;
    readonly errors: MailErrorRow[];
}

/** The mail queue for the overview: pending and failed counts and the latest errors; undefined without the Staffgate core. */
export const loadMailOverview = async (extensions: CoreExtensions): Promise<MailOverviewView | undefined> => {

    if (!await extensions.available()) {
        return undefined;
    }

    const stats = await extensions.mailStats(mailErrorsShown);
    return {
        pending: stats.pending,
        failed: stats.failed,
        errors: stats.recentErrors.map((error) => ({
            to: error.to,
            subject: error.subject,
            state: error.state === 'pending' ? 'retrying' : 'failed',
            attempts: error.attempts,
            lastError: error.lastError,
            lastErrorAt: describeTime(error.lastErrorAt),
            ...(error.nextAttemptAt === undefined ? {} : { nextAttemptAt: describeTime(error.nextAttemptAt) })
        }))
    };
};


export interface OverviewPage {
    readonly overview: OverviewView;
    readonly mail: MailOverviewView | undefined;
}

/** Everything the overview shows, read now (the route shares it for ADMIN_COUNTS_MAX_AGE seconds). */
export const loadOverviewPage = async (extensions: CoreExtensions): Promise<OverviewPage> => {

    const [overview, mail] = await Promise.all([loadOverview(extensions), loadMailOverview(extensions)]);
    return { overview, mail };
};
