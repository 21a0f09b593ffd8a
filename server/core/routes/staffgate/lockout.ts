import { callerOf } from '../../transport/caller';
import { body, requiredQuery, requiredString } from '../../transport/input';
import type { RouteFactory } from '../route';


// Staffgate extension: failed sign-in lockout state, readable and resettable by an admin.

export const getLockout: RouteFactory = ({ lockouts }) => ({
    method: 'GET',
    path: '/staffgate/lockout',
    handler: (request) => lockouts.describe(requiredQuery(request, 'userId'))
});

export const listLockouts: RouteFactory = ({ lockouts }) => ({
    method: 'GET',
    path: '/staffgate/lockouts',
    handler: () => lockouts.listLocked()
});

export const resetLockout: RouteFactory = ({ lockouts }) => ({
    method: 'POST',
    path: '/staffgate/lockout/reset',
    handler: (request) => lockouts.reset(callerOf(request), requiredString(body(request), 'userId'))
});
