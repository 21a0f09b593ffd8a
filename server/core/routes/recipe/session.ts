import { publicTenant } from '../../services';
import { body, optionalObject, requiredBoolean, requiredQuery, requiredString } from '../../transport/input';
import type { RouteFactory } from '../route';


export const createSession: RouteFactory = ({ sessions }) => ({
    method: 'POST',
    path: '/recipe/session',
    handler: (request) => {

        const input = body(request);
        return sessions.create({
            tenantId: publicTenant,
            userId: requiredString(input, 'userId'),
            userDataInJWT: optionalObject(input, 'userDataInJWT') ?? {},
            userDataInDatabase: optionalObject(input, 'userDataInDatabase') ?? {},
            useDynamicSigningKey: requiredBoolean(input, 'useDynamicSigningKey'),
            enableAntiCsrf: requiredBoolean(input, 'enableAntiCsrf')
        });
    }
});

export const getSession: RouteFactory = ({ sessions }) => ({
    method: 'GET',
    path: '/recipe/session',
    handler: (request) => sessions.getInformation(requiredQuery(request, 'sessionHandle'))
});
