import * as Boom from '@hapi/boom';

import { recordAudit } from '../../../audit';
import { publicTenant } from '../../../services';
import { body, optionalBoolean, optionalString, optionalStringArray } from '../../../transport/input';
import type { RouteFactory } from '../../route';


// Either { sessionHandles } or { userId, revokeAcrossAllTenants? }: exactly one of the two forms.
export const removeSessions: RouteFactory = (services) => ({
    method: 'POST',
    path: '/recipe/session/remove',
    handler: async (request) => {

        const input = body(request);
        const sessionHandles = optionalStringArray(input, 'sessionHandles');
        const userId = optionalString(input, 'userId');
        optionalBoolean(input, 'revokeSessionsForLinkedAccounts');
        const acrossAllTenants = optionalBoolean(input, 'revokeAcrossAllTenants') ?? true;

        if ((sessionHandles === undefined) === (userId === undefined)) {
            throw Boom.badRequest('Invalid JSON input: exactly one of sessionHandles or userId must be given');
        }

        const result = await services.sessions.revoke(sessionHandles ? { sessionHandles } : { userId: userId!, tenantId: acrossAllTenants ? undefined : publicTenant });
        for (const revoked of result.sessionsRevoked) {
            await recordAudit(request, services, 'session_revoked', revoked.userId, { sessionHandle: revoked.sessionHandle });
        }

        return { status: 'OK', sessionHandlesRevoked: result.sessionsRevoked.map((session) => session.sessionHandle) };
    }
});
