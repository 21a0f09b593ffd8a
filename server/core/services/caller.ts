/*
 * Who is asking: the end user's context that the web app passes on its core calls, read once per request by the
 * transport (transport/caller.ts) and handed to the services, which store it on the audit rows they write.
 */

export interface Caller {
    /** The end user's IP address, as the web app saw it; also the source the lockout trusts (lockouts.ts). */
    readonly ip?: string;
    /** The end user's browser. */
    readonly userAgent?: string;
    /** The admin (user id) acting on someone else's account, for admin actions. */
    readonly actorId?: string;
}
