import * as Boom from '@hapi/boom';

import { body, optionalString, requiredString } from '../../transport/input';
import type { RouteFactory } from '../route';


// Email and/or password change of an email-password user (rid emailpassword, the default).
export const updateUser: RouteFactory = ({ users }) => ({
    method: 'PUT',
    path: '/recipe/user',
    handler: (request) => {

        const input = body(request);
        const recipeUserId = requiredString(input, 'recipeUserId');
        const email = optionalString(input, 'email');
        const password = optionalString(input, 'password');
        if (email === undefined && password === undefined) {
            throw Boom.badRequest('You have to provide either email or password.');
        }

        return users.update(recipeUserId, { email, password });
    }
});
