/*
 * What the admin area shows about each session beyond the core's own fields: the IP address and user agent that
 * signed in. They live in the session's data in the database (`sessionDataInDatabase`), which any CDI core stores,
 * so this works against an official core too. createNewSession adds `ip` and `userAgent` of the request that signs
 * in (the same cleaned values the audit headers carry, audit-context.ts); a session made outside a request (tests,
 * scripts) has neither. The "keep me signed in" choice goes in the same data (remember-me.ts).
 *
 * The last refresh is not written here (that would cost two core calls on every refresh): the admin user page reads
 * it from the core's audit trail instead (admin/services/user-page.ts).
 */

import type { RecipeInterface as SessionFunctions } from 'supertokens-node/recipe/session/types';

import { clientOf } from './audit-context';
import { extend } from './override';
import { rememberChoiceOf } from './remember-me';


export interface SessionClient {
    readonly ip?: string;
    readonly userAgent?: string;
}

/** The fields above, read back from a session's data (which may hold anything). */
export const sessionClientOf = (data: unknown): SessionClient => {

    const record = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
    return {
        ...(typeof record.ip === 'string' ? { ip: record.ip } : {}),
        ...(typeof record.userAgent === 'string' ? { userAgent: record.userAgent } : {})
    };
};

export const withSessionContext = (original: SessionFunctions): SessionFunctions => {

    return extend(original, {
        createNewSession: async (input) => {

            const sessionDataInDatabase = { ...input.sessionDataInDatabase, ...clientOf(input.userContext), ...rememberChoiceOf(input.userContext) };
            return await original.createNewSession({ ...input, sessionDataInDatabase });
        }
    });
};
