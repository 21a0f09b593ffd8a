import type { RouteFactory } from '../route';


// Staffgate extension: how many sessions are live now (the admin overview).
export const countSessions: RouteFactory = ({ sessions }) => ({
    method: 'GET',
    path: '/staffgate/sessions/count',
    handler: () => sessions.countLive()
});
