import Joi from 'joi';

import { auditEventNames } from '../../../audit-events';
import type { AuditFilter } from '../../../core-extensions';
import { adminContext, type AdminRoute } from '../../context';
import { adminPre, deferInvalidInput } from '../../pre';
import { auditPage } from '../../services/audit';
import { printable } from '../../validation';
import { adminView } from '../../views';


/** A time as the filter's datetime-local field sends it (read as UTC), or a date alone (midnight UTC), as ms; '' for none. */
const time = Joi.string().allow('').pattern(/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?$/).default('').custom((value: string, helpers) => {

    // Date.parse reads 2026-02-31 as 3 March: only a date that comes back the same is a date.
    const ms = Date.parse(value.includes('T') ? `${value}Z` : `${value}T00:00Z`);
    return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, value.length) !== value ? helpers.error('any.invalid') : ms;
});

const query = Joi.object({
    userId: Joi.string().trim().allow('').max(256).pattern(printable).default(''),
    event: Joi.string().allow('').pattern(/^[a-z][a-z0-9_]{0,63}$/).default(''),
    from: time,
    to: time,
    cursor: Joi.string().pattern(/^\d{1,15}$/),
    limit: Joi.number().integer().min(1).max(200).default(50)
});

type AuditQuery = {
    readonly userId: string;
    readonly event: string;
    readonly from: number | '';
    readonly to: number | '';
    readonly cursor?: string;
    readonly limit: number;
};

// GET /admin/audit?userId=&event=&from=&to=&cursor=: the audit trail, newest first, filtered, a page at a time.
export const listAudit: AdminRoute<{ Query: AuditQuery }> = {
    method: 'GET',
    path: '/admin/audit',
    options: {
        pre: adminPre(),
        validate: { query, failAction: deferInvalidInput },
        handler: async (request, h) => {

            const { extensions } = adminContext(request);
            const input = request.query;
            const raw = request.url.searchParams;
            const form = { userId: input.userId, event: input.event, from: raw.get('from') ?? '', to: raw.get('to') ?? '' };
            const known: readonly string[] = auditEventNames;
            const events = [...known, ...(input.event && !known.includes(input.event) ? [input.event] : [])]
                .map((name) => ({ name, selected: name === input.event }));

            if (!await extensions.available()) {
                return adminView(request, h, 'audit', { title: 'Audit log', section: 'audit', available: false, form, events });
            }

            const filter: AuditFilter = {
                ...(input.userId ? { userId: input.userId } : {}),
                ...(input.event ? { event: input.event } : {}),
                ...(input.from === '' ? {} : { from: input.from }),
                ...(input.to === '' ? {} : { to: input.to })
            };

            const page = await auditPage(extensions, filter, { limit: input.limit, ...(input.cursor ? { cursor: input.cursor } : {}) });
            const next = page.nextCursor === undefined ? undefined : `/admin/audit?${new URLSearchParams({
                ...Object.fromEntries(Object.entries(form).filter(([, value]) => value !== '')),
                ...(input.limit === 50 ? {} : { limit: String(input.limit) }),
                cursor: page.nextCursor
            })}`;

            return adminView(request, h, 'audit', {
                title: 'Audit log',
                section: 'audit',
                available: true,
                form,
                events,
                rows: page.rows,
                next,
                first: input.cursor ? `/admin/audit?${new URLSearchParams(Object.fromEntries(Object.entries(form).filter(([, value]) => value !== '')))}` : undefined
            });
        }
    }
};
