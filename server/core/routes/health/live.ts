import type { RouteFactory } from '../route';


// Liveness probe: no API key, no cdi-version (probes send neither), and nothing in the answer but OK.
export const healthLive: RouteFactory = ({ health }) => ({
    method: 'GET',
    path: '/health/live',
    options: {
        auth: false,
        app: { skipCdiVersionCheck: true },
        handler: () => health.live()
    }
});
