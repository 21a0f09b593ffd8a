/*
 * Why a device was signed out, for the sign-in page it lands on ("You were signed out" and why), as Okta and Google
 * say it. The session is gone from the core, but the device's access token (still signed, maybe not yet expired)
 * names the session and the user; the core's audit trail (Staffgate core only) says what ended it:
 *
 * - its `session_revoked` event names an actor other than the user → an administrator;
 * - the user's password was changed or reset just before → the password change (it signs out other sessions);
 * - otherwise it was signed out from another of the user's devices;
 * - no such event, and the user was banned → an administrator; anything else → the session ended.
 *
 * The reason travels in the sign-in page's query (`signedOut`) as one of a few codes; the page shows fixed text.
 */

import * as Bounce from '@hapi/bounce';
import type { Request } from '@hapi/hapi';
import Session from 'supertokens-node/recipe/session';

import type { CoreExtensions } from '../core-extensions';


export const signedOutReasons = ['self', 'device', 'admin', 'password', 'ended'] as const;

export type SignedOutReason = typeof signedOutReasons[number];

export const signedOutMessages: Record<SignedOutReason, string> = {
    self: 'You signed out of this device.',
    device: 'You were signed out: your account was signed out from another device.',
    admin: 'You were signed out by an administrator.',
    password: 'You were signed out because your password was changed.',
    ended: 'You were signed out: your session ended. Sign in again to continue.'
};

/** The notice for a `signedOut` query value; nothing for anything else. */
export const signedOutMessage = (value: unknown): string | undefined => {

    return (signedOutReasons as readonly unknown[]).includes(value) ? signedOutMessages[value as SignedOutReason] : undefined;
};

declare module '@hapi/hapi' {
    interface ServerApplicationState {
        /** The core's extension endpoints, set by the web plugin. */
        coreExtensions?: CoreExtensions;
    }
}

/** How long before a revocation a password change counts as its cause. */
const passwordWindowMs = 10_000;

/** Events read from the user's audit trail to find the revocation. */
const eventsRead = 100;

/** Why the session of this request's access token ended; undefined when there was no (readable) token. */
export const signedOutReason = async (request: Pick<Request, 'state' | 'server'>): Promise<SignedOutReason | undefined> => {

    const token: unknown = request.state.sAccessToken;
    const extensions = request.server.app.coreExtensions;
    if (typeof token !== 'string' || !token) {
        return undefined;
    }

    let handle: string;
    let userId: string;
    try {
        const session = await Session.getSessionWithoutRequestResponse(token, undefined, { checkDatabase: false, overrideGlobalClaimValidators: () => [] });
        handle = session.getHandle();
        userId = session.getUserId();
    }
    catch (err) {
        Bounce.rethrow(err, 'system');
        return 'ended';                             // expired or not ours: nothing more to say
    }

    if (!extensions || !await extensions.available()) {
        return 'ended';
    }

    let events: Awaited<ReturnType<CoreExtensions['listAudit']>>['events'];
    try {
        ({ events } = await extensions.listAudit({ userId, limit: eventsRead }));
    }
    catch (err) {
        Bounce.rethrow(err, 'system');
        return 'ended';                             // the notice is a courtesy: never an error page for it
    }

    const revoked = events.find((event) => event.event === 'session_revoked' && event.details.sessionHandle === handle);
    if (!revoked) {
        return events.some((event) => event.event === 'user_banned') ? 'admin' : 'ended';
    }

    if (revoked.actorId !== undefined && revoked.actorId !== userId) {
        return 'admin';
    }

    const passwordChanged = events.some((event) => (event.event === 'password_changed' || event.event === 'password_reset') && event.time <= revoked.time && revoked.time - event.time <= passwordWindowMs);
    return passwordChanged ? 'password' : 'device';
};
