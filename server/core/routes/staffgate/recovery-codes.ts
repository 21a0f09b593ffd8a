import { callerOf } from '../../transport/caller';
import { body, requiredQuery, requiredString } from '../../transport/input';
import type { RouteFactory } from '../route';


// Staffgate extension: single-use recovery codes that stand in for a lost authenticator app.

export const generateRecoveryCodes: RouteFactory = ({ recoveryCodes }) => ({
    method: 'POST',
    path: '/staffgate/recovery-codes',
    handler: (request) => recoveryCodes.generate(callerOf(request), requiredString(body(request), 'userId'))
});

export const consumeRecoveryCode: RouteFactory = ({ recoveryCodes }) => ({
    method: 'POST',
    path: '/staffgate/recovery-codes/consume',
    handler: (request) => {

        const input = body(request);
        return recoveryCodes.consume(callerOf(request), requiredString(input, 'userId'), requiredString(input, 'code'));
    }
});

export const getRecoveryCodes: RouteFactory = ({ recoveryCodes }) => ({
    method: 'GET',
    path: '/staffgate/recovery-codes',
    handler: (request) => recoveryCodes.status(requiredQuery(request, 'userId'))
});

export const removeRecoveryCodes: RouteFactory = ({ recoveryCodes }) => ({
    method: 'POST',
    path: '/staffgate/recovery-codes/remove',
    handler: (request) => recoveryCodes.remove(callerOf(request), requiredString(body(request), 'userId'))
});
