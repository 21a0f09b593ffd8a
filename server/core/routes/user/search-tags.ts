import type { RouteFactory } from '../route';


export const searchTags: RouteFactory = () => ({
    method: 'GET',
    path: '/user/search/tags',
    handler: () => ({ status: 'OK', tags: ['email', 'phone', 'provider'] })
});
