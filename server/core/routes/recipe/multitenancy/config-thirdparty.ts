import { body, optionalBoolean, requiredObject, requiredString } from '../../../transport/input';
import type { RouteFactory } from '../../route';


export const putThirdPartyConfig: RouteFactory = ({ tenants }) => ({
    method: 'PUT',
    path: '/recipe/multitenancy/config/thirdparty',
    handler: (request) => {

        const input = body(request);
        optionalBoolean(input, 'skipValidation');
        const config = requiredObject(input, 'config');
        return tenants.putThirdPartyConfig(requiredString(config, 'thirdPartyId'), config);
    }
});

export const removeThirdPartyConfig: RouteFactory = ({ tenants }) => ({
    method: 'POST',
    path: '/recipe/multitenancy/config/thirdparty/remove',
    handler: (request) => tenants.removeThirdPartyConfig(requiredString(body(request), 'thirdPartyId'))
});
