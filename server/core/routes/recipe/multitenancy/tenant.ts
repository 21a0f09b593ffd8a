import { appId, publicTenant, type CoreServices } from '../../../services';
import type { RouteFactory } from '../../route';


// Only the public tenant exists. firstFactors is left out, so the SDK enables every recipe it initialised.
const publicTenantConfig = async ({ storage }: CoreServices) => ({
    tenantId: publicTenant,
    thirdParty: { providers: await storage.tenants.listThirdPartyConfigs(appId, publicTenant) },
    coreConfig: {}
});

export const getTenant: RouteFactory = (services) => ({
    method: 'GET',
    path: '/recipe/multitenancy/tenant/v2',
    handler: async () => ({ status: 'OK', ...await publicTenantConfig(services) })
});

export const listTenants: RouteFactory = (services) => ({
    method: 'GET',
    path: '/recipe/multitenancy/tenant/list/v2',
    handler: async () => ({ status: 'OK', tenants: [await publicTenantConfig(services)] })
});
