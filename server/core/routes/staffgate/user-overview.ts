import { integerQuery, requiredQuery } from '../../transport/input';
import type { RouteFactory } from '../route';


// Staffgate extension: the admin area's page about one user, from the core's extensions in one answer.

export const getUserOverview: RouteFactory = ({ userOverview }) => ({
    method: 'GET',
    path: '/staffgate/user-overview',
    handler: (request) => {

        return userOverview.read(requiredQuery(request, 'userId'), {
            auditLimit: integerQuery(request, 'auditLimit', 1, 500) ?? 25,
            refreshLimit: integerQuery(request, 'refreshLimit', 1, 500) ?? 500
        });
    }
});
