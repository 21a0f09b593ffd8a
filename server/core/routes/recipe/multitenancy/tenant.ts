import type { RouteFactory } from '../../route';


// Only the public tenant exists. firstFactors is left out, so the SDK enables every recipe it initialised.
const publicTenantConfig = { tenantId: 'public', thirdParty: { providers: [] }, coreConfig: {} };

export const getTenant: RouteFactory = () => ({
    method: 'GET',
    path: '/recipe/multitenancy/tenant/v2',
    handler: () => ({ status: 'OK', ...publicTenantConfig })
});

export const listTenants: RouteFactory = () => ({
    method: 'GET',
    path: '/recipe/multitenancy/tenant/list/v2',
    handler: () => ({ status: 'OK', tenants: [publicTenantConfig] })
});
