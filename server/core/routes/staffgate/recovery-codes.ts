import { callerOf } from '../../audit';
import { body, nonEmptyString, requiredQuery, requiredString } from '../../transport/input';
import type { RouteFactory } from '../route';


// Staffgate extension: single-use recovery codes that stand in for a lost authenticator app.

export const generateRecoveryCodes: RouteFactory = ({ recoveryCodes }) => ({
    method: 'POST',
    path: '/staffgate/recovery-codes',
    handler: (request) => recoveryCodes.generate(nonEmptyString(body(request), 'userId'), callerOf(request))
});

export const consumeRecoveryCode: RouteFactory = ({ recoveryCodes }) => ({
    method: 'POST',
    path: '/staffgate/recovery-codes/consume',
    handler: (request) => {

        const input = body(request);
        return recoveryCodes.consume(nonEmptyString(input, 'userId'), requiredString(input, 'code'), callerOf(request));
    }
});

export const getRecoveryCodes: RouteFactory = ({ recoveryCodes }) => ({
    method: 'GET',
    path: '/staffgate/recovery-codes',
    handler: async (request) => ({ status: 'OK', ...await recoveryCodes.status(requiredQuery(request, 'userId')) })
});

export const removeRecoveryCodes: RouteFactory = ({ recoveryCodes }) => ({
    method: 'POST',
    path: '/staffgate/recovery-codes/remove',
    handler: (request) => recoveryCodes.remove(nonEmptyString(body(request), 'userId'), callerOf(request))
});
