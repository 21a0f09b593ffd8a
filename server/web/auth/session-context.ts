/*
 * What the admin area shows about each session beyond the core's own fields: the IP address and user agent that
 * signed in, and when the session was last refreshed. They live in the session's data in the database
 * (`sessionDataInDatabase`), which any CDI core stores, so this works against an official core too.
 *
 * - createNewSession adds `ip` and `userAgent` of the request that signs in (the same cleaned values the audit
 *   headers carry, audit-context.ts); a session made outside a request (tests, scripts) has neither.
 * - refreshSession records `lastRefreshAt` (ms). Session data is replaced, not merged, by the core, so this reads
 *   it first: two extra core calls per refresh, about one an hour per signed-in browser. A session revoked between
 *   the refresh and the write loses nothing worth failing the refresh for.
 */

import Session from 'supertokens-node/recipe/session';
import type { RecipeInterface as SessionFunctions } from 'supertokens-node/recipe/session/types';

import { clientOf } from './audit-context';
import { extend } from './override';


export interface SessionClient {
    readonly ip?: string;
    readonly userAgent?: string;
    /** ms since the epoch. */
    readonly lastRefreshAt?: number;
}

/** The fields above, read back from a session's data (which may hold anything). */
export const sessionClientOf = (data: unknown): SessionClient => {

    const record = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
    return {
        ...(typeof record.ip === 'string' ? { ip: record.ip } : {}),
        ...(typeof record.userAgent === 'string' ? { userAgent: record.userAgent } : {}),
        ...(typeof record.lastRefreshAt === 'number' ? { lastRefreshAt: record.lastRefreshAt } : {})
    };
};

export const withSessionContext = (original: SessionFunctions): SessionFunctions => {

    return extend(original, {
        createNewSession: async (input) => {

            const sessionDataInDatabase = { ...input.sessionDataInDatabase, ...clientOf(input.userContext) };
            return await original.createNewSession({ ...input, sessionDataInDatabase });
        },
        refreshSession: async (input) => {

            const session = await original.refreshSession(input);
            try {
                const data = await session.getSessionDataFromDatabase(input.userContext);
                await session.updateSessionDataInDatabase({ ...data, lastRefreshAt: Date.now() }, input.userContext);
            }
            catch (err) {
                if (!Session.Error.isErrorFromSuperTokens(err)) {
                    throw err;
                }
            }

            return session;
        }
    });
};
