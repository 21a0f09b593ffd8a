import { publicTenant } from '../../../services';
import { callerOf } from '../../../transport/caller';
import { body, requiredString } from '../../../transport/input';
import type { RouteFactory } from '../../route';


export const verifyTotp: RouteFactory = ({ totp }) => ({
    method: 'POST',
    path: '/recipe/totp/verify',
    handler: (request) => {

        const input = body(request);
        return totp.verifyCode(callerOf(request), publicTenant, { userId: requiredString(input, 'userId'), totp: requiredString(input, 'totp') });
    }
});
