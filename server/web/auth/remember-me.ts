/*
 * "Keep me signed in on this device": the sign-in page's checkbox reaches the server as the request header
 * `x-staffgate-remember-me: 1` on the SDK's sign-in, sign-up and provider sign-in calls (public/js/init.js,
 * `Staffgate.rememberOptions`). createNewSession (session-context.ts) then puts the reserved key
 * `staffgateRememberMe: true` in the new session's database data, which the Staffgate core reads when it creates
 * the session: that session may idle and lives up to SESSION_REMEMBER_DAYS (docs/core.md). An official core
 * stores the key like any session data and ignores it.
 *
 * The header only lengthens the caller's own new session, within the core's limits, so it needs no more trust
 * than the sign-in it comes with.
 */

import type { Request } from '@hapi/hapi';


export const rememberMeHeader = 'x-staffgate-remember-me';

/** The reserved key of the session's database data (the core's services/sessions.ts reads the same name). */
export const rememberMeKey = 'staffgateRememberMe';

/** `{ staffgateRememberMe: true }` when the request behind this SDK call asked to stay signed in, else nothing. */
export const rememberChoiceOf = (userContext: Record<string, any> | undefined): Record<string, true> => {

    const incoming = userContext?._default?.request?.original as Request | undefined;
    return incoming?.headers?.[rememberMeHeader] === '1' ? { [rememberMeKey]: true } : {};
};

/** Whether a session's database data (any shape) says "keep me signed in". */
export const isRemembered = (data: unknown): boolean => {

    return typeof data === 'object' && data !== null && (data as Record<string, unknown>)[rememberMeKey] === true;
};
