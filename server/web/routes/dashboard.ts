import type { ServerRoute } from '@hapi/hapi';
import type { SessionContainer } from 'supertokens-node/recipe/session';
import SuperTokens from 'supertokens-node';

import { apiSession, pageSession } from '../pre/session';


const sessionOf = (request: { plugins: unknown; pre: Record<string, unknown> } & { session?: SessionContainer }) => request.session!;

export const dashboardRoutes = (): ServerRoute[] => [
    {
        method: 'GET',
        path: '/dashboard',
        options: {
            pre: [{ method: pageSession() }],
            handler: async (request, h) => {

                const session = sessionOf(request as any);
                const user = await SuperTokens.getUser(session.getUserId());
                return h.view('dashboard/index', {
                    title: 'Dashboard',
                    email: user?.emails[0],
                    userId: session.getUserId(),
                    sessionHandle: session.getHandle()
                });
            }
        }
    },
    {
        // Answered from the verified session alone: no core call. With /health/live, the pair that measures the guard.
        method: 'GET',
        path: '/api/me',
        options: {
            pre: [{ method: apiSession() }],
            handler: (request) => {

                const session = sessionOf(request as any);
                const payload = session.getAccessTokenPayload();
                return {
                    userId: session.getUserId(),
                    sessionHandle: session.getHandle(),
                    roles: payload['st-role']?.v ?? [],
                    accessTokenExpiry: payload.exp * 1000
                };
            }
        }
    }
];
