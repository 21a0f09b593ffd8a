import { recordAudit } from '../../audit';
import { body, requiredQuery, requiredString } from '../../transport/input';
import type { RouteFactory } from '../route';


// Staffgate extension: failed sign-in lockout state, readable and resettable by an admin.

export const getLockout: RouteFactory = ({ lockouts }) => ({
    method: 'GET',
    path: '/staffgate/lockout',
    handler: async (request) => ({ status: 'OK', ...await lockouts.describe(requiredQuery(request, 'userId')) })
});

export const listLockouts: RouteFactory = ({ lockouts }) => ({
    method: 'GET',
    path: '/staffgate/lockouts',
    handler: async () => ({ status: 'OK', accounts: await lockouts.listLocked() })
});

export const resetLockout: RouteFactory = (services) => ({
    method: 'POST',
    path: '/staffgate/lockout/reset',
    handler: async (request) => {

        const userId = requiredString(body(request), 'userId');
        await services.lockouts.clear(userId);
        await recordAudit(request, services, 'lockout_cleared', userId);
        return { status: 'OK' };
    }
});
