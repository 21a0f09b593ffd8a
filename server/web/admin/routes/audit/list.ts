import Joi from 'joi';

import { auditEventNames } from '../../../audit-events';
import { auditDescriptions } from '../../audit-descriptions';
import { adminContext, type AdminRoute } from '../../context';
import { adminPre, deferInvalidInput } from '../../pre';
import { auditPage } from '../../services/audit';
import { adminView } from '../../views';
import { auditFilterKeys, auditSearch, parseAuditFilter, type AuditFilterQuery } from './filters';


const query = Joi.object({
    ...auditFilterKeys,
    cursor: Joi.string().pattern(/^\d{1,15}$/),
    limit: Joi.number().integer().min(1).max(200).default(50)
});

interface AuditQuery extends AuditFilterQuery {
    readonly cursor?: string;
    readonly limit: number;
}

const defaultLimit = 50;

// GET /admin/audit?user=&event=&from=&to=&tz=&cursor=: the audit trail, newest first, filtered, a page at a time.
export const listAudit: AdminRoute<{ Query: AuditQuery }> = {
    method: 'GET',
    path: '/admin/audit',
    options: {
        pre: adminPre(),
        validate: { query, failAction: deferInvalidInput },
        handler: async (request, h) => {

            const { extensions } = adminContext(request);
            const input = request.query;
            const { filter, form } = parseAuditFilter(input, request.url.searchParams);
            const known: readonly string[] = auditEventNames;
            const events = [...known, ...(input.event && !known.includes(input.event) ? [input.event] : [])]
                .map((name) => ({ name, label: auditDescriptions[name]?.title ?? name, selected: name === input.event }))
                .sort((a, b) => a.label.localeCompare(b.label));

            const context = { title: 'Audit log', section: 'audit' as const, form, events, exportPath: `/admin/audit.csv?${auditSearch(form)}`.replace(/\?$/, '') };
            if (!await extensions.available()) {
                return adminView(request, h, 'audit', { ...context, available: false });
            }

            const limit: Record<string, string> = input.limit === defaultLimit ? {} : { limit: String(input.limit) };
            const page = await auditPage(extensions, filter, { limit: input.limit, ...(input.cursor ? { cursor: input.cursor } : {}) });
            const path = (extra: Record<string, string>) => `/admin/audit?${auditSearch(form, extra)}`.replace(/\?$/, '');
            return adminView(request, h, 'audit', {
                ...context,
                available: true,
                rows: page.rows,
                next: page.nextCursor === undefined ? undefined : path({ ...limit, cursor: page.nextCursor }),
                first: input.cursor ? path(limit) : undefined
            });
        }
    }
};
