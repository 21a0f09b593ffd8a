import * as Boom from '@hapi/boom';
import type { ServerRoute } from '@hapi/hapi';

import type { SocialProvider } from '../../pages/providers';


// GET /auth/callback/{thirdPartyId}: where a sign-in provider sends the browser back.
export const callback = (providers: readonly SocialProvider[]): ServerRoute<{ Params: { thirdPartyId: string } }> => ({
    method: 'GET',
    path: '/auth/callback/{thirdPartyId}',
    options: {
        app: { page: true },
        handler: (request, h) => {

            const provider = providers.find((candidate) => candidate.id === request.params.thirdPartyId);
            if (!provider) {
                throw Boom.notFound('Unknown sign-in provider');
            }

            return h.view('auth/callback', { title: `Signing in with ${provider.name}`, script: 'callback', provider });
        }
    }
});
