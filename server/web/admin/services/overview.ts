/*
 * The admin overview: how many users, and, with the Staffgate core, live sessions, sign-ins and failed sign-ins in
 * the last 24 hours, and the accounts locked now.
 */

import SuperTokens from 'supertokens-node';

import type { CoreExtensions } from '../../core-extensions';
import { describeTime, type TimeView } from '../../pages/dates';
import { userPath } from '../paths';
import { emailsOf } from './audit';


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

export interface OverviewView {
    readonly users: number;
    readonly extensions: boolean;
    readonly sessions?: number;
    readonly signIns?: number;
    readonly failedSignIns?: number;
    readonly lockedCount?: number;
    readonly locked?: LockedRow[];
}

export const loadOverview = async (extensions: CoreExtensions, now = Date.now()): Promise<OverviewView> => {

    const [users, available] = await Promise.all([SuperTokens.getUserCount(), extensions.available()]);
    if (!available) {
        return { users, extensions: false };
    }

    const from = now - day;
    const [sessions, signIns, failedSignIns, locked] = await Promise.all([
        extensions.countLiveSessions(),
        extensions.countAudit({ event: 'sign_in', from }),
        extensions.countAudit({ event: 'sign_in_failed', from }),
        extensions.lockedAccounts()
    ]);

    const shown = locked.slice(0, lockedRowsShown);
    const emails = await emailsOf(shown.map((account) => account.userId));
    return {
        users,
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
        }))
    };
};
