import { appId } from '../../services';
import type { RouteFactory } from '../route';


// Staffgate extension: how many sessions are live now (the admin overview).
export const countSessions: RouteFactory = ({ storage, clock }) => ({
    method: 'GET',
    path: '/staffgate/sessions/count',
    handler: async () => ({ status: 'OK', count: await storage.sessions.countLiveSessions(appId, clock()) })
});
