import { requiredQuery } from '../../transport/input';
import type { RouteFactory } from '../route';


// Staffgate extension: how many sessions are live now (the admin overview).
export const countSessions: RouteFactory = ({ sessions }) => ({
    method: 'GET',
    path: '/staffgate/sessions/count',
    handler: () => sessions.countLive()
});

// Staffgate extension: when each live session of a user ends, if unused (expiry) and at the latest (absoluteEnd).
export const listSessionEnds: RouteFactory = ({ sessions }) => ({
    method: 'GET',
    path: '/staffgate/sessions/ends',
    handler: (request) => sessions.listEnds(requiredQuery(request, 'userId'))
});
