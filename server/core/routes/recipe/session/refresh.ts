import { callerOf } from '../../../transport/caller';
import { body, optionalString, requiredBoolean, requiredString } from '../../../transport/input';
import type { RouteFactory } from '../../route';


export const refreshSession: RouteFactory = ({ sessions }) => ({
    method: 'POST',
    path: '/recipe/session/refresh',
    handler: (request) => {

        const input = body(request);
        return sessions.refresh(callerOf(request), {
            refreshToken: requiredString(input, 'refreshToken'),
            antiCsrfToken: optionalString(input, 'antiCsrfToken'),
            enableAntiCsrf: requiredBoolean(input, 'enableAntiCsrf'),
            useDynamicSigningKey: requiredBoolean(input, 'useDynamicSigningKey')     // required since CDI 5.0
        });
    }
});
