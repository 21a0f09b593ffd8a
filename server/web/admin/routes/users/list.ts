import Joi from 'joi';

import { adminContext, type AdminRoute } from '../../context';
import { adminPre, deferInvalidInput } from '../../pre';
import { emailPasswordFilter, isSearch, listUsers, type UserListQuery } from '../../services/users';
import { printable } from '../../validation';
import { adminView } from '../../views';


/**
 * The SDK's pagination token as the core makes it: base64 of "<user id>;<time joined>", the time a safe integer.
 * Checked in full here, so that the core never answers 400 to a cursor: the SDK reports that only as an untyped Error.
 */
const paginationToken = Joi.string().max(512).pattern(/^[A-Za-z0-9+/]+={0,2}$/).custom((value: string, helpers) => {

    const parts = /^[^;\u0000-\u001f]+;(\d{1,16})$/.exec(Buffer.from(value, 'base64').toString('utf8'));
    return parts && Number.isSafeInteger(Number(parts[1])) ? value : helpers.error('any.invalid');
});

const query = Joi.object({
    q: Joi.string().trim().allow('').max(254).pattern(printable).pattern(/^[^;]*$/).default(''),       // the core splits terms on ';'
    provider: Joi.string().allow('').pattern(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/).default(''),
    twoFactor: Joi.string().valid('', 'on', 'off').default(''),
    cursor: paginationToken,
    page: Joi.number().integer().min(1).max(40).default(1),
    limit: Joi.number().integer().min(1).max(100).default(25)
}).custom((value: UserListQuery, helpers) => {

    // Cursors come from browsing; a search pages by number.
    return isSearch(value) && value.cursor !== undefined ? helpers.error('any.invalid') : value;
});

// GET /admin/users?q=<email prefix>&provider=<id>&twoFactor=on|off&cursor=<token>|page=<n>&limit=<n>: the user list, 25 rows by default.
export const listUsersRoute: AdminRoute<{ Query: UserListQuery }> = {
    method: 'GET',
    path: '/admin/users',
    options: {
        pre: adminPre(),
        validate: { query, failAction: deferInvalidInput },
        handler: async (request, h) => {

            const { extensions, providers } = adminContext(request);
            const input = request.query;
            const list = await listUsers(input, providers, extensions);
            const options = [{ id: emailPasswordFilter, name: 'Email and password' }, ...providers];
            if (input.provider !== '' && !options.some((option) => option.id === input.provider)) {
                options.push({ id: input.provider, name: input.provider });
            }

            return adminView(request, h, 'users', {
                title: 'Users',
                section: 'users',
                q: input.q,
                providers: options.map((option) => ({ ...option, selected: option.id === input.provider })),
                twoFactorFiltered: input.twoFactor !== '',
                twoFactorOptions: [{ value: 'on', name: 'Set up' }, { value: 'off', name: 'Not set up' }].map((option) => ({ ...option, selected: option.value === input.twoFactor })),
                list
            });
        }
    }
};
