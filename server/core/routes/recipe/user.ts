import * as Boom from '@hapi/boom';

import { recordAudit } from '../../audit';
import { body, optionalString, requiredString } from '../../transport/input';
import type { RouteFactory } from '../route';
import { updatePasswordlessUser } from './passwordless/codes';


// Email and/or password change of an email-password user (rid emailpassword, the default).
export const updateUser: RouteFactory = (services) => ({
    method: 'PUT',
    path: '/recipe/user',
    handler: async (request) => {

        if (request.headers.rid === 'passwordless') {
            return updatePasswordlessUser(services, request);
        }

        const input = body(request);
        const recipeUserId = requiredString(input, 'recipeUserId');
        const email = optionalString(input, 'email');
        const password = optionalString(input, 'password');
        if (email === undefined && password === undefined) {
            throw Boom.badRequest('You have to provide either email or password.');
        }

        const result = await services.users.update(recipeUserId, { email, password });
        if (result.status === 'OK') {
            if (password !== undefined) {
                await recordAudit(request, services, 'password_changed', recipeUserId);
            }

            if (email !== undefined) {
                await recordAudit(request, services, 'email_changed', recipeUserId, { email: email.trim().toLowerCase() });
            }
        }

        return result;
    }
});
