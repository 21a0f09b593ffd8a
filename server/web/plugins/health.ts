import * as Bounce from '@hapi/bounce';
import type { Plugin } from '@hapi/hapi';
import SuperTokens from 'supertokens-node';


/*
 * /health/live: the process answers. /health/ready: the core answers too (one cheap SDK call), so a load balancer
 * stops sending traffic when sign-in cannot work.
 */
export const health: Plugin<void> = {
    name: 'staffgate/health',
    register: (server) => {

        server.route({
            method: 'GET',
            path: '/health/live',
            options: { auth: false, cors: false },
            handler: () => ({ status: 'ok' })
        });

        server.route({
            method: 'GET',
            path: '/health/ready',
            options: { auth: false, cors: false },
            handler: async (request, h) => {

                try {
                    await SuperTokens.getUserCount();
                    return { status: 'ok', core: 'ok' };
                }
                catch (err) {
                    Bounce.rethrow(err, 'system');                  // a bug here is a 500, not "core down"
                    request.log(['warn', 'health'], err as Error);
                    return h.response({ status: 'unavailable', core: 'unreachable' }).code(503);
                }
            }
        });
    }
};
