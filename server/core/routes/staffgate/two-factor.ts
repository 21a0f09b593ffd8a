import { callerOf } from '../../transport/caller';
import { body, requiredQuery, requiredString } from '../../transport/input';
import type { RouteFactory } from '../route';


// Staffgate extension: a user's second factors as the admin area sees them, and the admin reset.

export const getTwoFactor: RouteFactory = ({ twoFactor }) => ({
    method: 'GET',
    path: '/staffgate/two-factor',
    handler: (request) => twoFactor.status(requiredQuery(request, 'userId'))
});

export const listTwoFactorUsers: RouteFactory = ({ twoFactor }) => ({
    method: 'GET',
    path: '/staffgate/two-factor/users',
    handler: () => twoFactor.enrolledUsers()
});

export const resetTwoFactor: RouteFactory = ({ twoFactor }) => ({
    method: 'POST',
    path: '/staffgate/two-factor/reset',
    handler: (request) => twoFactor.reset(callerOf(request), requiredString(body(request), 'userId'))
});
