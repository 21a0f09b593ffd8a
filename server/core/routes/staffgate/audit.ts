import * as Boom from '@hapi/boom';
import type { Request } from '@hapi/hapi';

import { recordAudit } from '../../audit';
import { appId } from '../../services';
import { body, isObject, optionalQuery, optionalString, requiredString } from '../../transport/input';
import type { RouteFactory } from '../route';


// Staffgate extension: the audit trail, newest first, filtered by user, event and time, paginated by cursor.

const eventName = /^[a-z][a-z0-9_]{0,63}$/;

const integer = (request: Request, name: string, min: number, max: number): number | undefined => {

    const value = optionalQuery(request, name);
    if (value === undefined) {
        return undefined;
    }

    const number = Number(value);
    if (!/^\d+$/.test(value) || number < min || number > max) {
        throw Boom.badRequest(`Field name '${name}' must be an integer from ${min} to ${max}`);
    }

    return number;
};

const filters = (request: Request) => {

    const event = optionalQuery(request, 'event');
    if (event !== undefined && !eventName.test(event)) {
        throw Boom.badRequest("Field name 'event' is invalid in GET request");
    }

    return {
        userId: optionalQuery(request, 'userId'),
        event,
        from: integer(request, 'from', 0, Number.MAX_SAFE_INTEGER),
        to: integer(request, 'to', 0, Number.MAX_SAFE_INTEGER)
    };
};

export const listAuditEvents: RouteFactory = ({ storage }) => ({
    method: 'GET',
    path: '/staffgate/audit',
    handler: async (request) => {

        const limit = integer(request, 'limit', 1, 500) ?? 50;
        const beforeId = integer(request, 'cursor', 1, Number.MAX_SAFE_INTEGER);
        const page = await storage.audit.query(appId, { ...filters(request), beforeId, limit: limit + 1 });
        const events = page.slice(0, limit).map(({ appId: _app, ...event }) => event);
        const next = page.length > limit ? events[events.length - 1] : undefined;
        return { status: 'OK', events, ...(next ? { nextCursor: String(next.id) } : {}) };
    }
});

export const countAuditEvents: RouteFactory = ({ storage }) => ({
    method: 'GET',
    path: '/staffgate/audit/count',
    handler: async (request) => ({ status: 'OK', count: await storage.audit.count(appId, filters(request)) })
});

// For what only the web app sees (an admin's page actions, for example). The event name is the caller's.
export const appendAuditEvent: RouteFactory = (services) => ({
    method: 'POST',
    path: '/staffgate/audit',
    handler: async (request) => {

        const input = body(request);
        const event = requiredString(input, 'event');
        if (!eventName.test(event)) {
            throw Boom.badRequest("Field name 'event' is invalid in JSON input");
        }

        const details = input.details ?? {};
        if (!isObject(details)) {
            throw Boom.badRequest("Field name 'details' is invalid in JSON input");
        }

        await recordAudit(request, services, event, optionalString(input, 'userId'), details);
        return { status: 'OK' };
    }
});
