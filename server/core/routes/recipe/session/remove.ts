import * as Boom from '@hapi/boom';

import { publicTenant } from '../../../services';
import { callerOf } from '../../../transport/caller';
import { body, optionalBoolean, optionalString, optionalStringArray, type JsonObject } from '../../../transport/input';
import type { RouteFactory } from '../../route';


export const removeSessions: RouteFactory = ({ sessions }) => ({
    method: 'POST',
    path: '/recipe/session/remove',
    handler: (request) => sessions.revoke(callerOf(request), revokeTarget(body(request)))
});


// Either { sessionHandles } or { userId, revokeAcrossAllTenants? }: exactly one of the two forms.
const revokeTarget = (input: JsonObject) => {

    const sessionHandles = optionalStringArray(input, 'sessionHandles');
    const userId = optionalString(input, 'userId');
    optionalBoolean(input, 'revokeSessionsForLinkedAccounts');
    const acrossAllTenants = optionalBoolean(input, 'revokeAcrossAllTenants') ?? true;

    if (sessionHandles !== undefined && userId === undefined) {
        return { sessionHandles };
    }

    if (userId !== undefined && sessionHandles === undefined) {
        return { userId, tenantId: acrossAllTenants ? undefined : publicTenant };
    }

    throw Boom.badRequest('Invalid JSON input: exactly one of sessionHandles or userId must be given');
};
