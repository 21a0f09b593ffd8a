import { auditContextOf, recordAudit } from '../../../audit';
import { body, optionalString, requiredBoolean, requiredString } from '../../../transport/input';
import type { RouteFactory } from '../../route';


export const refreshSession: RouteFactory = (services) => ({
    method: 'POST',
    path: '/recipe/session/refresh',
    handler: async (request) => {

        const input = body(request);
        const result = await services.sessions.refresh({
            refreshToken: requiredString(input, 'refreshToken'),
            antiCsrfToken: optionalString(input, 'antiCsrfToken'),
            enableAntiCsrf: requiredBoolean(input, 'enableAntiCsrf'),
            useDynamicSigningKey: requiredBoolean(input, 'useDynamicSigningKey')     // required since CDI 5.0
        }, auditContextOf(request));

        // The service records `refresh` itself (in the rotation's transaction).
        const session = 'session' in result ? result.session : undefined;
        if (session && result.status === 'TOKEN_THEFT_DETECTED') {
            await recordAudit(request, services, 'token_theft_detected', session.userId, { sessionHandle: session.handle });
        }

        return result;
    }
});
