import { publicTenant } from '../../../services';
import { booleanQuery, requiredQuery } from '../../../transport/input';
import type { RouteFactory } from '../../route';


export const listUserSessions: RouteFactory = ({ sessions }) => ({
    method: 'GET',
    path: '/recipe/session/user',
    handler: (request) => {

        const userId = requiredQuery(request, 'userId');
        booleanQuery(request, 'fetchSessionsForAllLinkedAccounts', true);          // no linking: nothing to add
        const acrossAllTenants = booleanQuery(request, 'fetchAcrossAllTenants', true);
        return sessions.listHandles(userId, acrossAllTenants ? undefined : publicTenant);
    }
});
