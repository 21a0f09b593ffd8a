import { callerOf } from '../../transport/caller';
import { body, optionalString, requiredQuery, requiredString } from '../../transport/input';
import type { RouteFactory } from '../route';


// Staffgate extension: a banned user cannot sign in (any method) or refresh; banning revokes their sessions.

export const getBan: RouteFactory = ({ bans }) => ({
    method: 'GET',
    path: '/staffgate/ban',
    handler: (request) => bans.get(requiredQuery(request, 'userId'))
});

export const banUser: RouteFactory = ({ bans }) => ({
    method: 'POST',
    path: '/staffgate/ban',
    handler: (request) => {

        const input = body(request);
        return bans.ban(callerOf(request), requiredString(input, 'userId'), optionalString(input, 'reason'));
    }
});

export const unbanUser: RouteFactory = ({ bans }) => ({
    method: 'POST',
    path: '/staffgate/unban',
    handler: (request) => bans.unban(callerOf(request), requiredString(body(request), 'userId'))
});
