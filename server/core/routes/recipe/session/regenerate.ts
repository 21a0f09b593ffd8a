import { body, optionalObject, requiredString } from '../../../transport/input';
import type { RouteFactory } from '../../route';


export const regenerateSession: RouteFactory = ({ sessions }) => ({
    method: 'POST',
    path: '/recipe/session/regenerate',
    handler: (request) => {

        const input = body(request);
        return sessions.regenerate({ accessToken: requiredString(input, 'accessToken'), userDataInJWT: optionalObject(input, 'userDataInJWT') });
    }
});
