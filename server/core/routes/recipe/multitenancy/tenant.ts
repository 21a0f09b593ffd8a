import type { RouteFactory } from '../../route';


export const getTenant: RouteFactory = ({ tenants }) => ({
    method: 'GET',
    path: '/recipe/multitenancy/tenant/v2',
    handler: () => tenants.get()
});

export const listTenants: RouteFactory = ({ tenants }) => ({
    method: 'GET',
    path: '/recipe/multitenancy/tenant/list/v2',
    handler: () => tenants.list()
});
