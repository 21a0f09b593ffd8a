import { appId, publicTenant } from '../../../services';
import { body, optionalBoolean, requiredObject, requiredString } from '../../../transport/input';
import type { RouteFactory } from '../../route';


// Providers stored in the core are merged by the SDK with the ones the app configures itself.

export const putThirdPartyConfig: RouteFactory = ({ storage }) => ({
    method: 'PUT',
    path: '/recipe/multitenancy/config/thirdparty',
    handler: async (request) => {

        const input = body(request);
        optionalBoolean(input, 'skipValidation');
        const config = requiredObject(input, 'config');
        const thirdPartyId = requiredString(config, 'thirdPartyId');
        const createdNew = await storage.tenants.upsertThirdPartyConfig(appId, publicTenant, thirdPartyId, config);
        return { status: 'OK', createdNew };
    }
});

export const removeThirdPartyConfig: RouteFactory = ({ storage }) => ({
    method: 'POST',
    path: '/recipe/multitenancy/config/thirdparty/remove',
    handler: async (request) => {

        const thirdPartyId = requiredString(body(request), 'thirdPartyId');
        return { status: 'OK', didConfigExist: await storage.tenants.deleteThirdPartyConfig(appId, publicTenant, thirdPartyId) };
    }
});
