import { publicTenant } from '../../services';
import { body, requiredString } from '../../transport/input';
import type { RouteFactory } from '../route';


// Staffgate extension: after a failed sign-in, whether the account is banned or locked (told only with its password).

export const accountState: RouteFactory = ({ accountStates }) => ({
    method: 'POST',
    path: '/staffgate/account-state',
    handler: (request) => {

        const input = body(request);
        return accountStates.ofSignIn(publicTenant, requiredString(input, 'email'), requiredString(input, 'password'));
    }
});
