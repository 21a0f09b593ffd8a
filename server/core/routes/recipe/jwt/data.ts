import { body, requiredObject, requiredString } from '../../../transport/input';
import type { RouteFactory } from '../../route';


export const updateJwtData: RouteFactory = ({ sessions }) => ({
    method: 'PUT',
    path: '/recipe/jwt/data',
    handler: (request) => {

        const input = body(request);
        return sessions.updateJwtPayload(requiredString(input, 'sessionHandle'), requiredObject(input, 'userDataInJWT'));
    }
});
