/*
 * A small typed client of the Staffgate core's extension endpoints (/staffgate/…: audit trail, lockout, bans),
 * for what the CDI has no endpoint for. Everything else goes through supertokens-node.
 *
 * Against an official SuperTokens core these endpoints do not exist: `available()` says so (once, cached), and the
 * admin pages show that the feature needs the Staffgate core instead of failing.
 */

import type { CoreConnection } from './auth/init';


export interface AuditEventView {
    id: number;
    time: number;
    event: string;
    userId?: string;
    ip?: string;
    userAgent?: string;
    actorId?: string;
    details: Record<string, unknown>;
}

export interface AuditFilter {
    userId?: string;
    event?: string;
    from?: number;
    to?: number;
}

export interface LockoutView {
    failures: number;
    locked: boolean;
    lastFailureAt?: number;
    lockedUntil?: number;
}

export interface BanView {
    banned: boolean;
    bannedAt?: number;
    bannedBy?: string;
    reason?: string;
}

export class ExtensionUnavailableError extends Error {

    constructor() {

        super('This feature needs the Staffgate core (the configured core has no /staffgate endpoints)');
    }
}


export class CoreExtensions {

    readonly #hosts: string[];
    readonly #apiKey: string | undefined;
    #available: Promise<boolean> | undefined;

    constructor(connection: CoreConnection) {

        this.#hosts = connection.uri.split(';').map((host) => host.trim().replace(/\/$/, '')).filter(Boolean);
        this.#apiKey = connection.apiKey;
    }

    /** Whether the core has the extension endpoints (false against an official core). */
    available(): Promise<boolean> {

        this.#available ??= this.#send('GET', '/staffgate/lockouts').then(() => true, (err) => {

            if (err instanceof ExtensionUnavailableError) {
                return false;
            }

            this.#available = undefined;            // a network error: ask again next time
            throw err;
        });

        return this.#available;
    }

    async listAudit(filter: AuditFilter & { limit?: number; cursor?: string }): Promise<{ events: AuditEventView[]; nextCursor?: string }> {

        return this.#send('GET', `/staffgate/audit?${query({ ...filter, limit: filter.limit ?? 50 })}`);
    }

    async countAudit(filter: AuditFilter): Promise<number> {

        return (await this.#send<{ count: number }>('GET', `/staffgate/audit/count?${query({ ...filter })}`)).count;
    }

    /** Records an event only the web app sees; `actorId` is the acting admin. */
    async appendAudit(event: string, userId: string | undefined, details: Record<string, unknown>, context: RequestContext): Promise<void> {

        await this.#send('POST', '/staffgate/audit', { event, userId, details }, context);
    }

    async countLiveSessions(): Promise<number> {

        return (await this.#send<{ count: number }>('GET', '/staffgate/sessions/count')).count;
    }

    async lockout(userId: string): Promise<LockoutView> {

        return this.#send('GET', `/staffgate/lockout?${query({ userId })}`);
    }

    async lockedAccounts(): Promise<(LockoutView & { userId: string })[]> {

        return (await this.#send<{ accounts: (LockoutView & { userId: string })[] }>('GET', '/staffgate/lockouts')).accounts;
    }

    async clearLockout(userId: string, context: RequestContext): Promise<void> {

        await this.#send('POST', '/staffgate/lockout/reset', { userId }, context);
    }

    async ban(userId: string): Promise<BanView> {

        return this.#send('GET', `/staffgate/ban?${query({ userId })}`);
    }

    /** Bans and revokes every session of the user: how many sessions ended, or undefined for an unknown user. */
    async banUser(userId: string, reason: string | undefined, context: RequestContext): Promise<number | undefined> {

        const result = await this.#send<{ status: string; sessionHandlesRevoked?: string[] }>('POST', '/staffgate/ban', { userId, reason }, context);
        return result.status === 'OK' ? result.sessionHandlesRevoked!.length : undefined;
    }

    async unbanUser(userId: string, context: RequestContext): Promise<boolean> {

        return (await this.#send<{ wasBanned: boolean }>('POST', '/staffgate/unban', { userId }, context)).wasBanned;
    }

    async #send<T = any>(method: 'GET' | 'POST', path: string, body?: object, context?: RequestContext): Promise<T> {

        const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', ...contextHeaders(context) };
        if (this.#apiKey) {
            headers['api-key'] = this.#apiKey;
        }

        let lastError: unknown;
        for (const host of this.#hosts) {
            let res: Response;
            try {
                res = await fetch(`${host}${path}`, { method, headers, body: body && JSON.stringify(body) });
            }
            catch (err) {
                lastError = err;                    // not reachable: try the next core
                continue;
            }

            if (res.status === 404) {
                throw new ExtensionUnavailableError();
            }

            if (!res.ok) {
                throw new Error(`core answered ${res.status} to ${method} ${path.split('?')[0]}: ${(await res.text()).trim()}`);
            }

            return await res.json() as T;
        }

        throw lastError ?? new Error('no core configured');
    }
}


/** Who did it and from where, recorded with the event. */
export interface RequestContext {
    readonly actorId?: string;
    readonly ip?: string;
    readonly userAgent?: string;
}

const contextHeaders = (context?: RequestContext): Record<string, string> => {

    const headers: Record<string, string> = {};
    if (context?.actorId) {
        headers['x-staffgate-actor'] = context.actorId;
    }

    if (context?.ip) {
        headers['x-staffgate-ip'] = context.ip;
    }

    if (context?.userAgent) {
        headers['x-staffgate-user-agent'] = context.userAgent;
    }

    return headers;
};

const query = (values: { [name: string]: string | number | undefined }): string => {

    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(values)) {
        if (value !== undefined && value !== '') {
            params.set(name, String(value));
        }
    }

    return params.toString();
};
