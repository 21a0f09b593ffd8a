/*
 * Direct calls to a core with its API key: for what a test needs to set up or look at outside the app (the audit
 * trail, bans, lockouts). Takes a test app (its embedded core) or a core.
 */

import type { Core } from '../../server/core';
import type { TestApp } from './web';


const coreOf = (target: TestApp | Core): Core => ('uri' in target ? target : target.core!);

export const coreRequest = async (target: TestApp | Core, method: 'GET' | 'POST', path: string, body?: object): Promise<any> => {

    const core = coreOf(target);
    const apiKey = core.services.settings.apiKeys[0];
    const res = await fetch(`${core.uri}${path}`, {
        method,
        headers: { ...(apiKey ? { 'api-key': apiKey } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined
    });

    const text = await res.text();
    if (res.status !== 200) {
        throw new Error(`${method} ${path}: ${res.status} ${text}`);
    }

    return JSON.parse(text);
};

export interface AuditEvent {
    readonly id: number;
    readonly time: number;
    readonly event: string;
    readonly userId?: string;
    readonly ip?: string;
    readonly userAgent?: string;
    readonly actorId?: string;
    readonly details: Record<string, unknown>;
}

export interface AuditFilter {
    readonly event?: string;
    /** ms, inclusive. */
    readonly from?: number;
    /** ms, exclusive. */
    readonly to?: number;
}

/** The audit events of `userId` (optionally of one kind, or in a time range), newest first, at most 500. */
export const auditEvents = async (target: TestApp | Core, userId: string, filter: string | AuditFilter = {}): Promise<AuditEvent[]> => {

    const { event, from, to } = typeof filter === 'string' ? { event: filter } : filter;
    const query = new URLSearchParams({
        userId,
        limit: '500',
        ...(event ? { event } : {}),
        ...(from === undefined ? {} : { from: String(from) }),
        ...(to === undefined ? {} : { to: String(to) })
    });

    const res = await coreRequest(target, 'GET', `/staffgate/audit?${query}`);
    return res.events;
};
