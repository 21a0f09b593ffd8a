import { publicTenant } from '../../services';
import { body, requiredString } from '../../transport/input';
import type { RouteFactory } from '../route';


// Staffgate extension: whether a password reset link still works, without using it up ({ valid }).

export const checkResetToken: RouteFactory = ({ users }) => ({
    method: 'POST',
    path: '/staffgate/password-reset/check',
    handler: (request) => users.checkResetToken(publicTenant, requiredString(body(request), 'token'))
});
