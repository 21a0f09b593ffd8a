/*
 * The end user's context on every core call, for the core's audit trail (docs/core.md): supertokens.init's
 * `networkInterceptor` adds `x-staffgate-ip` and `x-staffgate-user-agent`, taken from the incoming Hapi request,
 * and `x-staffgate-actor` when an admin acts on someone else's account.
 *
 * The SDK puts the request it is answering in the userContext of everything it does for it
 * (`userContext._default.request`, a wrapper whose `original` is the Hapi request): its own /auth/* API and
 * verifySession. Our own routes calling the SDK pass `auditContext(request, actorId?)` as the userContext.
 *
 * The IP is the client's address as web/client-address.ts works it out (`request.app.clientIp`): the TCP peer,
 * or behind a trusted proxy (TRUSTED_PROXIES) the rightmost untrusted hop of X-Forwarded-For.
 */

import type { Request } from '@hapi/hapi';
import type { HttpRequest } from 'supertokens-node/types';

import { normaliseAddress } from '../../addresses';


/** What `auditContext` puts in a userContext. */
interface StaffgateContext {
    readonly ip?: string;
    readonly userAgent?: string;
    readonly actorId?: string;
}

const contextKey = 'staffgate';

/** The client's address (staffgate/client-address), else the TCP peer's; IPv4-mapped IPv6 (::ffff:1.2.3.4) as IPv4. */
type WithClientIp = { readonly app?: Pick<Request['app'], 'clientIp'> };

export const clientIp = (request: Pick<Request, 'info'> & WithClientIp): string => request.app?.clientIp ?? normaliseAddress(request.info.remoteAddress);

/** A userContext for SDK calls made by our own routes: the request's IP and user agent, and the acting admin. */
export const auditContext = (request: Pick<Request, 'info' | 'headers'> & WithClientIp, actorId?: string): Record<string, any> => ({
    [contextKey]: {
        ip: clientIp(request),
        userAgent: request.headers['user-agent'] as string | undefined,
        ...(actorId === undefined ? {} : { actorId })
    } satisfies StaffgateContext
});

const contextOf = (userContext: Record<string, any> | undefined): StaffgateContext => {

    const own = userContext?.[contextKey] as StaffgateContext | undefined;
    if (own) {
        return own;
    }

    const incoming = userContext?._default?.request?.original as Request | undefined;
    if (!incoming?.info) {
        return {};
    }

    return { ip: clientIp(incoming), userAgent: incoming.headers['user-agent'] as string | undefined };
};

/** Header-safe: printable, no line breaks, at most 512 characters (what the core keeps). */
const clean = (value: unknown): string | undefined => {

    if (typeof value !== 'string') {
        return undefined;
    }

    const text = value.replace(/[\x00-\x1f\x7f]+/g, ' ').trim().slice(0, 512);
    return text || undefined;
};

/** The IP and user agent of the request behind `userContext`, cleaned as for the headers (for session data). */
export const clientOf = (userContext: Record<string, any> | undefined): { ip?: string; userAgent?: string } => {

    const context = contextOf(userContext);
    const ip = clean(context.ip);
    const userAgent = clean(context.userAgent);
    return { ...(ip ? { ip } : {}), ...(userAgent ? { userAgent } : {}) };
};

/** The same context as auditContext(), cleaned, for calls to the core's extension endpoints (CoreExtensions). */
export const actorContext = (request: Pick<Request, 'info' | 'headers'> & WithClientIp, actorId: string): { actorId: string; ip?: string; userAgent?: string } => {

    return { ...clientOf(auditContext(request)), actorId };
};

/** supertokens.init's `supertokens.networkInterceptor`. */
export const auditHeaders = (request: HttpRequest, userContext: Record<string, any> | undefined): HttpRequest => {

    const context = contextOf(userContext);
    const headers = { ...request.headers };
    for (const [name, value] of [['x-staffgate-ip', context.ip], ['x-staffgate-user-agent', context.userAgent], ['x-staffgate-actor', context.actorId]] as const) {
        const text = clean(value);
        if (text) {
            headers[name] = text;
        }
    }

    return { ...request, headers };
};
