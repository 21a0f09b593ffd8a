import * as Boom from '@hapi/boom';
import type { Request } from '@hapi/hapi';

import { publicTenant } from '../../services';
import type { RecipeId } from '../../services/users';
import { booleanQuery, optionalQuery } from '../../transport/input';
import type { RouteFactory } from '../route';


const maxLimit = 500;
const maxSearchLimit = 1000;
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
        const search = searchTerms(request);
        if (limit > (search ? maxSearchLimit : maxLimit)) {
            throw Boom.badRequest(`max limit allowed is ${search ? maxSearchLimit : maxLimit}`);
        }

        if (limit < 1) {
            throw Boom.badRequest('limit must a positive integer with min value 1');
        }

        // Search mode: a union of the terms, no pagination (as in the official core).
        if (search) {
            return users.search(publicTenant, { order, limit, ...search });
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

/** `email=a;b`, `provider=c`, `phone=…`: split on `;`, trimmed, lower-cased. Undefined when none is given. */
const searchTerms = (request: Request): { emails: string[]; providers: string[]; phones: string[] } | undefined => {

    const terms = (name: string) => (optionalQuery(request, name) ?? '').split(';').map((term) => term.trim().toLowerCase()).filter(Boolean);
    const given = ['email', 'phone', 'provider'].some((name) => optionalQuery(request, name) !== undefined);
    return given ? { emails: terms('email'), providers: terms('provider'), phones: terms('phone') } : undefined;
};
