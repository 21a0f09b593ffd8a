import { body, requiredObject, requiredString } from '../../../transport/input';
import type { RouteFactory } from '../../route';


export const updateSessionData: RouteFactory = ({ sessions }) => ({
    method: 'PUT',
    path: '/recipe/session/data',
    handler: (request) => {

        const input = body(request);
        return sessions.updateSessionData(requiredString(input, 'sessionHandle'), requiredObject(input, 'userDataInDatabase'));
    }
});
