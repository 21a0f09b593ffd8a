import { requiredQuery } from '../../transport/input';
import type { RouteFactory } from '../route';


export const getUser: RouteFactory = ({ users }) => ({
    method: 'GET',
    path: '/user/id',
    handler: (request) => users.get(requiredQuery(request, 'userId'))
});
