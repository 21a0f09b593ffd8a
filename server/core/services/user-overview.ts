/*
 * What the admin area's page about one user shows from the core's own extensions, in one answer (a Staffgate
 * extension): ban, lockout, the latest audit events, the latest refresh of each session, two-factor and the
 * sessions' ends. The page asked for these in six calls; each call costs the web server more than the core's work
 * to answer it (a loopback fetch, its body parsed and checked), so the page now asks once.
 *
 * Each part is exactly what its own endpoint answers, so the web app reads them with the same checks.
 */

import type { AuditTrail } from './audit';
import type { Bans } from './bans';
import type { Lockouts } from './lockouts';
import type { Sessions } from './sessions';
import type { TwoFactor } from './two-factor';


export interface UserOverviewParts {
    readonly bans: Bans;
    readonly lockouts: Lockouts;
    readonly audit: AuditTrail;
    readonly twoFactor: TwoFactor;
    readonly sessions: Sessions;
}

export interface UserOverviewQuery {
    /** How many of the user's latest audit events. */
    readonly auditLimit: number;
    /** How many of the user's latest `refresh` events (which date each session's last refresh). */
    readonly refreshLimit: number;
}

export class UserOverview {

    readonly #parts: UserOverviewParts;

    constructor(parts: UserOverviewParts) {

        this.#parts = parts;
    }

    async read(userId: string, query: UserOverviewQuery) {

        const { bans, lockouts, audit, twoFactor, sessions } = this.#parts;
        const [ban, lockout, events, refreshes, factors, ends] = await Promise.all([
            bans.get(userId),
            lockouts.describe(userId),
            audit.list({ userId, limit: query.auditLimit }),
            audit.list({ userId, event: 'refresh', limit: query.refreshLimit }),
            twoFactor.status(userId),
            sessions.listEnds(userId)
        ]);

        return { status: 'OK', ban, lockout, audit: events, refreshes, twoFactor: factors, sessionEnds: ends };
    }
}
