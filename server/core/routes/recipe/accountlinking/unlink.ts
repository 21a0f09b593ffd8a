import * as Boom from '@hapi/boom';

import { body, requiredString } from '../../../transport/input';
import type { RouteFactory } from '../../route';


// Account linking is off: a known user is never linked, so unlinking changes nothing.
export const unlinkAccount: RouteFactory = ({ users }) => ({
    method: 'POST',
    path: '/recipe/accountlinking/user/unlink',
    handler: async (request) => {

        const found = await users.get(requiredString(body(request), 'recipeUserId'));
        if (found.status !== 'OK') {
            throw Boom.badRequest('Unknown user ID provided');
        }

        return { status: 'OK', wasRecipeUserDeleted: false, wasLinked: false };
    }
});
