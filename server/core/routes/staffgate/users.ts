import * as Boom from '@hapi/boom';
import type { Request } from '@hapi/hapi';

import type { UserListFilterInput } from '../../services/user-list';
import { optionalQuery } from '../../transport/input';
import type { RouteFactory } from '../route';


// Staffgate extension: the admin user list (substring search, filters, sorts, keyset paging both ways) and its count.

const invalid = (name: string) => Boom.badRequest(`Field name '${name}' is invalid in GET request`);

/** An optional query value from a closed list. */
const oneOf = <T extends string>(request: Request, name: string, values: readonly T[]): T | undefined => {

    const value = optionalQuery(request, name);
    if (value !== undefined && !values.includes(value as T)) {
        throw invalid(name);
    }

    return value as T | undefined;
};

/** An optional text of 1 to `max` characters. */
const text = (request: Request, name: string, max: number): string | undefined => {

    const value = optionalQuery(request, name);
    if (value !== undefined && (value.length === 0 || value.length > max)) {
        throw invalid(name);
    }

    return value;
};

const filters = (request: Request): UserListFilterInput => {

    const search = optionalQuery(request, 'search');
    if (search !== undefined && search.length > 254) {
        throw invalid('search');
    }

    return {
        search,
        role: text(request, 'role', 255),
        state: oneOf(request, 'state', ['banned', 'locked', 'unverified', 'noTwoFactor'] as const),
        method: text(request, 'method', 128)
    };
};

const limit = (request: Request): number => {

    const value = optionalQuery(request, 'limit') ?? '25';
    const number = Number(value);
    if (!/^\d{1,4}$/.test(value) || number < 1 || number > 1000) {
        throw Boom.badRequest('Field name \'limit\' must be an integer from 1 to 1000');
    }

    return number;
};

export const listStaffUsers: RouteFactory = ({ userList }) => ({
    method: 'GET',
    path: '/staffgate/users',
    handler: (request) => {

        return userList.list({
            ...filters(request),
            sort: oneOf(request, 'sort', ['joined', 'email', 'lastSignIn'] as const) ?? 'joined',
            order: oneOf(request, 'order', ['asc', 'desc'] as const) ?? 'desc',
            limit: limit(request),
            after: text(request, 'after', 2048),
            before: text(request, 'before', 2048)
        });
    }
});

export const countStaffUsers: RouteFactory = ({ userList }) => ({
    method: 'GET',
    path: '/staffgate/users/count',
    handler: (request) => userList.count(filters(request))
});
