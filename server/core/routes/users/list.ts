import * as Boom from '@hapi/boom';
import type { Request } from '@hapi/hapi';

import { publicTenant } from '../../services';
import type { RecipeId } from '../../storage';
import { booleanQuery, optionalQuery } from '../../transport/input';
import type { RouteFactory } from '../route';


const maxLimit = 500;
const knownRecipes: readonly string[] = ['emailpassword', 'thirdparty', 'passwordless', 'webauthn'];

export const listUsers: RouteFactory = ({ users }) => ({
    method: 'GET',
    path: '/users',
    handler: (request) => {

        const order = optionalQuery(request, 'timeJoinedOrder') ?? 'ASC';
        if (order !== 'ASC' && order !== 'DESC') {
            throw Boom.badRequest('timeJoinedOrder can be either ASC OR DESC');
        }

        const limit = integerQuery(request, 'limit') ?? 100;
        if (limit > maxLimit) {
            throw Boom.badRequest(`max limit allowed is ${maxLimit}`);
        }

        if (limit < 1) {
            throw Boom.badRequest('limit must a positive integer with min value 1');
        }

        return users.list(publicTenant, { limit, order, paginationToken: optionalQuery(request, 'paginationToken'), recipeIds: recipeIdsQuery(request) });
    }
});

export const countUsers: RouteFactory = ({ users }) => ({
    method: 'GET',
    path: '/users/count',
    handler: (request) => users.count(booleanQuery(request, 'includeAllTenants', false) ? undefined : publicTenant, recipeIdsQuery(request))
});


const integerQuery = (request: Request, name: string): number | undefined => {

    const value = optionalQuery(request, name);
    if (value === undefined) {
        return undefined;
    }

    if (!/^-?\d+$/.test(value)) {
        throw Boom.badRequest(`Field name '${name}' must be an int in the GET request`);
    }

    return Number(value);
};

/** `includeRecipeIds=a,b`; recipes we do not serve simply match no user. */
const recipeIdsQuery = (request: Request): RecipeId[] | undefined => {

    const value = optionalQuery(request, 'includeRecipeIds');
    if (value === undefined) {
        return undefined;
    }

    const ids = value.split(',').map((id) => id.trim()).filter(Boolean);
    for (const id of ids) {
        if (!knownRecipes.includes(id)) {
            throw Boom.badRequest(`Unknown recipe ID: ${id}`);
        }
    }

    return ids as RecipeId[];
};
