import { callerOf } from '../../../audit';
import { publicTenant } from '../../../services';
import { body, nonEmptyString, requiredString } from '../../../transport/input';
import type { RouteFactory } from '../../route';


export const verifyTotp: RouteFactory = ({ totp }) => ({
    method: 'POST',
    path: '/recipe/totp/verify',
    handler: (request) => {

        const input = body(request);
        const userId = nonEmptyString(input, 'userId');
        const code = requiredString(input, 'totp');
        return totp.verifyCode(publicTenant, { userId, totp: code }, callerOf(request));
    }
});
