import Joi from 'joi';
import UserRoles from 'supertokens-node/recipe/userroles';

import { adminContext, type AdminRoute } from '../../context';
import { adminPre, deferInvalidInput } from '../../pre';
import { emailPasswordFilter, linkFilter, listPath, listUsers, type UserListFilters, type UserListQuery } from '../../services/users';
import { existingRole, printable } from '../../validation';
import { adminView } from '../../views';


/**
 * The SDK's pagination token as the core makes it: base64 of "<user id>;<time joined>", the time a safe integer.
 * Checked in full here, so that the core never answers 400 to a cursor: the SDK reports that only as an untyped Error.
 */
const paginationToken = Joi.string().max(512).pattern(/^[A-Za-z0-9+/]+={0,2}$/).custom((value: string, helpers) => {

    const parts = /^[^;\u0000-\u001f]+;(\d{1,16})$/.exec(Buffer.from(value, 'base64').toString('utf8'));
    return parts && Number.isSafeInteger(Number(parts[1])) ? value : helpers.error('any.invalid');
});

/** The Staffgate core's list cursor: base64url JSON of [sort key, user id] (the core checks the inside). */
const listCursor = Joi.string().max(1024).pattern(/^[A-Za-z0-9_-]+$/);

/** The list's filters, shared with the CSV export. */
export const filterKeys = {
    q: Joi.string().trim().allow('').max(254).pattern(printable).pattern(/^[^;]*$/).default(''),       // the official core splits terms on ';'
    role: existingRole.allow('').default(''),
    state: Joi.string().valid('', 'banned', 'locked', 'unverified', 'noTwoFactor').default(''),
    method: Joi.string().allow('').pattern(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/).default(''),
    sort: Joi.string().valid('joined', 'email', 'lastSignIn').default('joined'),
    order: Joi.string().valid('asc', 'desc').default('desc')
};

const query = Joi.object({
    ...filterKeys,
    after: listCursor,
    before: listCursor,
    cursor: paginationToken,
    page: Joi.number().integer().min(1).max(100_000).default(1),
    limit: Joi.number().integer().min(1).max(100).default(25)
}).oxor('after', 'before', 'cursor');

const states = [
    { value: 'banned', name: 'Banned' },
    { value: 'locked', name: 'Locked' },
    { value: 'unverified', name: 'Email not verified' },
    { value: 'noTwoFactor', name: 'Without two-factor' }
];

const sorts = [
    { value: 'joined', name: 'Joined' },
    { value: 'email', name: 'Email' },
    { value: 'lastSignIn', name: 'Last sign-in' }
];

const orders = [
    { value: 'desc', name: 'Descending' },
    { value: 'asc', name: 'Ascending' }
];

/** Options of a select, the current value marked (an unknown current value is kept, so the form shows it). */
const choices = (options: readonly { value: string; name: string }[], current: string) => {

    const all = current === '' || options.some((option) => option.value === current) ? options : [...options, { value: current, name: current }];
    return all.map((option) => ({ ...option, selected: option.value === current }));
};

// GET /admin/users?q=<part of the email>&role=&state=&method=&sort=&order=&after|before=<cursor>&limit=<n>: the user list, 25 rows by default.
export const listUsersRoute: AdminRoute<{ Query: UserListQuery }> = {
    method: 'GET',
    path: '/admin/users',
    options: {
        pre: adminPre(),
        validate: { query, failAction: deferInvalidInput },
        handler: async (request, h) => {

            const { extensions, providers } = adminContext(request);
            const input = request.query;
            const [list, roles] = await Promise.all([listUsers(input, providers, extensions), UserRoles.getAllRoles()]);
            const methods = [
                { value: emailPasswordFilter, name: 'Email and password' },
                { value: linkFilter, name: 'Sign-in link' },
                ...providers.map((provider) => ({ value: provider.id, name: provider.name }))
            ];

            const filters: UserListFilters = { q: input.q, role: input.role, state: input.state, method: input.method, sort: input.sort, order: input.order };
            return adminView(request, h, 'users', {
                title: 'Users',
                section: 'users',
                q: input.q,
                roles: choices(roles.roles.sort().map((role) => ({ value: role, name: role })), input.role),
                states: choices(states, input.state),
                methods: choices(methods, input.method),
                sorts: choices(sorts, input.sort),
                orders: choices(orders, input.order),
                exportPath: listPath('/admin/users.csv', filters),
                totalText: list.total === undefined ? undefined : `${list.total} ${list.searching ? 'matching ' : ''}user${list.total === 1 ? '' : 's'}`,
                list
            });
        }
    }
};
