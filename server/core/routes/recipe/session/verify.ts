import { body, optionalString, requiredBoolean, requiredString } from '../../../transport/input';
import type { RouteFactory } from '../../route';


export const verifySession: RouteFactory = ({ sessions }) => ({
    method: 'POST',
    path: '/recipe/session/verify',
    handler: (request) => {

        const input = body(request);
        return sessions.verify({
            accessToken: requiredString(input, 'accessToken'),
            antiCsrfToken: optionalString(input, 'antiCsrfToken'),
            doAntiCsrfCheck: requiredBoolean(input, 'doAntiCsrfCheck'),
            enableAntiCsrf: requiredBoolean(input, 'enableAntiCsrf'),
            checkDatabase: requiredBoolean(input, 'checkDatabase')
        });
    }
});
