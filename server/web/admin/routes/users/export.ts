import * as Boom from '@hapi/boom';
import Joi from 'joi';

import { actorContext } from '../../../auth/audit-context';
import type { CoreExtensions, UserListEntry } from '../../../core-extensions';
import type { SocialProvider } from '../../../pages/providers';
import { adminContext, type AdminRoute } from '../../context';
import { adminErrors } from '../../error-codes';
import { adminPre, deferInvalidInput } from '../../pre';
import { csvAttachment, csvStream } from '../../csv';
import { coreFilter, methodName, type UserListFilters } from '../../services/users';
import { filterKeys } from './list';


/** Rows asked of the core at a time: the export holds one batch in memory, never the whole list. */
export const exportBatchSize = 500;

const header = ['User id', 'Email', 'Phone number', 'Signs in with', 'Roles', 'Email verified', 'Banned', 'Locked', 'Two-factor', 'Joined (UTC)', 'Last sign-in (UTC)'];

const isoOf = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toISOString());

const cellsOf = (user: UserListEntry, providers: readonly SocialProvider[]) => [
    user.id, user.email, user.phoneNumber, methodName(user, providers), user.roles.join('; '),
    user.verified ? 'yes' : 'no', user.banned ? 'yes' : 'no', user.locked ? 'yes' : 'no', user.twoFactor ? 'yes' : 'no',
    isoOf(user.timeJoined), isoOf(user.lastSignInAt)
];

/** The whole filtered list as pages of CSV cells, read from the core a batch at a time as the client takes them. */
export const userCsvPages = async function* (filters: UserListFilters, extensions: CoreExtensions, providers: readonly SocialProvider[]): AsyncGenerator<unknown[][]> {

    let after: string | undefined;
    do {
        const page = await extensions.listUsers({ ...coreFilter(filters), sort: filters.sort, order: filters.order, limit: exportBatchSize, after });
        yield page.users.map((user) => cellsOf(user, providers));
        after = page.nextCursor;
    } while (after !== undefined);
};

// GET /admin/users.csv?<the list's filters>: the list as CSV, streamed; for admins and viewers; audited.
export const exportUsers: AdminRoute<{ Query: UserListFilters }> = {
    method: 'GET',
    path: '/admin/users.csv',
    options: {
        pre: adminPre(),
        validate: { query: Joi.object(filterKeys), failAction: deferInvalidInput },
        handler: async (request, h) => {

            const { extensions, providers } = adminContext(request);
            if (!await extensions.available()) {
                throw Boom.notImplemented(adminErrors.NEEDS_STAFFGATE_CORE);
            }

            // Recorded before the first row leaves: an export that fails half-way was still attempted.
            const filters = request.query;
            await extensions.appendAudit('users_exported', undefined, { ...coreFilter(filters), sort: filters.sort, order: filters.order }, actorContext(request, request.pre.access.userId));

            return csvAttachment(h, csvStream(header, userCsvPages(filters, extensions, providers)), 'users');
        }
    }
};
