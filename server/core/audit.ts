/*
 * The audit trail is written at the HTTP edge: a route knows the outcome and the caller's context. The web app
 * passes the end user's context on its core calls in headers (set through supertokens-node's networkInterceptor):
 * `x-staffgate-ip`, `x-staffgate-user-agent` and, for admin actions, `x-staffgate-actor` (the admin's user id).
 * A failure to write an audit row is logged and never fails the request it describes.
 */

import type { Request } from '@hapi/hapi';

import { appId, type CoreServices } from './services';


export type AuditEventName =
    | 'sign_up' | 'sign_in' | 'sign_in_failed' | 'refresh' | 'token_theft_detected' | 'session_revoked'
    | 'password_reset_requested' | 'password_reset' | 'password_changed' | 'email_changed' | 'email_verified' | 'email_unverified'
    | 'role_granted' | 'role_revoked' | 'role_created' | 'role_deleted' | 'user_banned' | 'user_unbanned' | 'lockout_cleared' | 'user_deleted'
    | 'metadata_updated';

const headerText = (request: Request, name: string): string | undefined => {

    const value = request.headers[name];
    return typeof value === 'string' && value.length ? value.slice(0, 512) : undefined;
};

/** The acting admin's user id, when the caller names one. */
export const actorOf = (request: Request): string | undefined => headerText(request, 'x-staffgate-actor');

/** Appends an audit event about `userId`, with the caller-supplied context of `request`. */
export const recordAudit = async (request: Request, services: CoreServices, event: string, userId: string | undefined, details: Record<string, unknown> = {}): Promise<void> => {

    try {
        await services.storage.audit.append({
            appId,
            time: services.clock(),
            event,
            ...(userId === undefined ? {} : { userId }),
            ...optional('ip', headerText(request, 'x-staffgate-ip')),
            ...optional('userAgent', headerText(request, 'x-staffgate-user-agent')),
            ...optional('actorId', actorOf(request)),
            details
        });
    }
    catch (err) {
        request.log(['error', 'audit'], err as Error);
    }
};

const optional = (name: string, value: string | undefined) => (value === undefined ? {} : { [name]: value });

/** Who is calling, as services see it: the end user's context the web app passes on, and the acting admin. */
export interface Caller {
    readonly ip?: string;
    readonly userAgent?: string;
    readonly actorId?: string;
}

export const callerOf = (request: Request): Caller => ({
    ...optional('ip', headerText(request, 'x-staffgate-ip')),
    ...optional('userAgent', headerText(request, 'x-staffgate-user-agent')),
    ...optional('actorId', actorOf(request))
});
