import * as Boom from '@hapi/boom';
import type { Request } from '@hapi/hapi';

import { isAuditEventName } from '../../services/audit-events';
import { callerOf } from '../../transport/caller';
import { body, integerQuery, isObject, optionalQuery, optionalString, requiredString } from '../../transport/input';
import type { RouteFactory } from '../route';


// Staffgate extension: the audit trail, newest first, filtered by user, email, event and time, paginated by cursor.

const eventName = /^[a-z][a-z0-9_]{0,63}$/;

// An event filter only has to be well formed: events of a name no longer emitted stay in the trail.
const filters = (request: Request) => {

    const event = optionalQuery(request, 'event');
    if (event !== undefined && !eventName.test(event)) {
        throw Boom.badRequest('Field name \'event\' is invalid in GET request');
    }

    return {
        userId: optionalQuery(request, 'userId'),
        email: optionalQuery(request, 'email'),
        event,
        from: integerQuery(request, 'from', 0, Number.MAX_SAFE_INTEGER),
        to: integerQuery(request, 'to', 0, Number.MAX_SAFE_INTEGER)
    };
};

export const listAuditEvents: RouteFactory = ({ audit }) => ({
    method: 'GET',
    path: '/staffgate/audit',
    handler: (request) => {

        return audit.list({
            limit: integerQuery(request, 'limit', 1, 500) ?? 50,
            beforeId: integerQuery(request, 'cursor', 1, Number.MAX_SAFE_INTEGER),
            ...filters(request)
        });
    }
});

export const countAuditEvents: RouteFactory = ({ audit }) => ({
    method: 'GET',
    path: '/staffgate/audit/count',
    handler: (request) => audit.count(filters(request))
});

// For what only the web app sees (an admin's page actions, for example): one of the listed event names.
export const appendAuditEvent: RouteFactory = ({ audit }) => ({
    method: 'POST',
    path: '/staffgate/audit',
    handler: (request) => {

        const input = body(request);
        const event = requiredString(input, 'event');
        if (!isAuditEventName(event)) {
            throw Boom.badRequest('Field name \'event\' is invalid in JSON input');
        }

        const details = input.details ?? {};
        if (!isObject(details)) {
            throw Boom.badRequest('Field name \'details\' is invalid in JSON input');
        }

        return audit.append(callerOf(request), event, optionalString(input, 'userId'), details);
    }
});
