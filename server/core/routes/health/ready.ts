import type { RouteFactory } from '../route';


// Readiness probe: 200 when the storage answers, 503 `Service unavailable` when not. No API key, as /health/live.
export const healthReady: RouteFactory = ({ health }) => ({
    method: 'GET',
    path: '/health/ready',
    options: {
        auth: false,
        app: { skipCdiVersionCheck: true },
        handler: () => health.ready()
    }
});
