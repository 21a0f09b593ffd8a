import * as Boom from '@hapi/boom';

import type { UserChange } from '../../services/user-updates';
import { callerOf } from '../../transport/caller';
import { body, optionalString, requiredString, type JsonObject } from '../../transport/input';
import type { RouteFactory } from '../route';


// An email-password user's email and/or password (rid emailpassword, the default), or a passwordless user's email
// and/or phone number (rid passwordless; null clears one).
export const updateUser: RouteFactory = ({ userUpdates }) => ({
    method: 'PUT',
    path: '/recipe/user',
    handler: (request) => {

        const input = body(request);
        if (request.headers.rid !== 'passwordless') {
            return userUpdates.update(callerOf(request), requiredString(input, 'recipeUserId'), {
                recipe: 'emailpassword',
                email: optionalString(input, 'email'),
                password: optionalString(input, 'password')
            });
        }

        return userUpdates.update(callerOf(request), passwordlessUserId(input), passwordlessChange(input));
    }
});


/** `recipeUserId`, or `userId` when that is absent. */
const passwordlessUserId = (input: JsonObject): string => {

    const recipeUserId = typeof input.recipeUserId === 'string' ? input.recipeUserId : optionalString(input, 'userId');
    if (recipeUserId === undefined) {
        throw Boom.badRequest('Field name \'recipeUserId\' is invalid in JSON input');
    }

    return recipeUserId;
};

const passwordlessChange = (input: JsonObject): UserChange => {

    const nullable = (name: string) => (input[name] === null ? null : optionalString(input, name));
    return { recipe: 'passwordless', email: nullable('email'), phoneNumber: nullable('phoneNumber') };
};
