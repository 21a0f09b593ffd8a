import Joi from 'joi';

import { actorContext } from '../../../auth/audit-context';
import { adminContext, type AdminRoute } from '../../context';
import { csvAttachment, csvStream } from '../../csv';
import { adminPre, deferInvalidInput } from '../../pre';
import { auditBatches, type AuditRow } from '../../services/audit';
import { auditFilterKeys, parseAuditFilter, type AuditFilterQuery } from './filters';


const header = ['time (UTC)', 'event', 'description', 'details', 'user id', 'user email', 'by (user id)', 'by (email)', 'ip', 'device', 'user agent', 'details (JSON)'];

const cellsOf = (row: AuditRow) => [
    row.time.iso, row.event, row.title, row.details, row.user?.id, row.user?.email, row.actor?.id, row.actor?.email, row.ip,
    row.userAgent?.label, row.userAgent?.raw, JSON.stringify(row.rawDetails)
];

// GET /admin/audit.csv?user=&event=&from=&to=&tz=: the filtered audit trail as a download, streamed from the core a
// batch at a time. For admins and viewers; the export itself is an audit event.
export const exportAudit: AdminRoute<{ Query: AuditFilterQuery }> = {
    method: 'GET',
    path: '/admin/audit.csv',
    options: {
        pre: adminPre(),
        validate: { query: Joi.object(auditFilterKeys), failAction: deferInvalidInput },
        handler: async (request, h) => {

            const { extensions } = adminContext(request);
            // An official core keeps no audit trail: the log's page says so.
            if (!await extensions.available()) {
                return h.redirect('/admin/audit');
            }

            const { filter, form } = parseAuditFilter(request.query, request.url.searchParams);
            await extensions.appendAudit('audit_exported', undefined, { filters: Object.fromEntries(Object.entries(form).filter(([, value]) => value !== '')) }, actorContext(request, request.pre.access.userId));

            const pages = (async function* () {

                for await (const rows of auditBatches(extensions, filter)) {
                    yield rows.map(cellsOf);
                }
            })();

            return csvAttachment(h, csvStream(header, pages), 'audit');
        }
    }
};
