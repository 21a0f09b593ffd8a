import type { RouteFactory } from '../route';


// Public: the SDK's JWKS client sends neither an API key nor a cdi-version.
export const jwks: RouteFactory = ({ keys }) => ({
    method: 'GET',
    path: '/.well-known/jwks.json',
    options: {
        auth: false,
        app: { skipCdiVersionCheck: true },
        handler: async (_request, h) => {

            const { keys: list, maxAgeSeconds } = await keys.jwks();
            return h.response({ keys: list }).header('cache-control', `max-age=${maxAgeSeconds}, must-revalidate`);
        }
    }
});
