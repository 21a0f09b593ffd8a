import type { ServerRoute } from '@hapi/hapi';

import { rolesOf } from '../../pages/account';
import { apiSession, sessionOf } from '../../pre/session';


// GET /api/me: for page scripts. Answered from the verified session alone: no core call. With /health/live, the
// pair that measures the guard.
export const me: ServerRoute = {
    method: 'GET',
    path: '/api/me',
    options: {
        pre: [{ method: apiSession() }],
        handler: (request) => {

            const session = sessionOf(request);
            return {
                userId: session.getUserId(),
                sessionHandle: session.getHandle(),
                roles: rolesOf(session),
                accessTokenExpiry: session.getAccessTokenPayload().exp * 1000
            };
        }
    }
};
