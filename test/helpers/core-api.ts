/*
 * Direct calls to a test app's embedded core, with its API key: for what a web test needs to set up or look at
 * outside the app (the audit trail, bans, lockouts).
 */

import type { TestApp } from './web';


export const coreRequest = async (app: TestApp, method: 'GET' | 'POST', path: string, body?: object): Promise<any> => {

    const core = app.core!;
    const res = await fetch(`${core.uri}${path}`, {
        method,
        headers: { 'api-key': core.services.settings.apiKeys[0]!, ...(body ? { 'content-type': 'application/json' } : {}) },
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

/** The audit events of `userId` (optionally of one kind), newest first. */
export const auditEvents = async (app: TestApp, userId: string, event?: string): Promise<AuditEvent[]> => {

    const query = new URLSearchParams({ userId, limit: '500', ...(event ? { event } : {}) });
    const res = await coreRequest(app, 'GET', `/staffgate/audit?${query}`);
    return res.events;
};
