/*
 * The audit log's filters, shared by the page (/admin/audit) and its export (/admin/audit.csv): a user (email or
 * id), an event, and a time range typed in the admin's time zone (the `tz` field the page script fills; UTC without
 * it). They come back as the core's filter, and as the form's values for links that keep them.
 */

import Joi from 'joi';

import type { AuditFilter } from '../../../core-extensions';
import { printable } from '../../validation';
import { isTimeZone, zonedToInstant } from '../../zoned-time';


/** A time as a datetime-local field sends it, or a date alone (midnight): the wall-clock time read as UTC, ms; '' for none. */
const wallTime = Joi.string().allow('').pattern(/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?$/).default('').custom((value: string, helpers) => {

    // Date.parse reads 2026-02-31 as 3 March: only a date that comes back the same is a date.
    const ms = Date.parse(value.includes('T') ? `${value}Z` : `${value}T00:00Z`);
    return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, value.length) !== value ? helpers.error('any.invalid') : ms;
});

const person = Joi.string().trim().allow('').max(256).pattern(printable).default('');

export const auditFilterKeys = {
    /** Email or user id: an `@` makes it an email. */
    user: person,
    /** Links from elsewhere (the user page) name the id or email alone. */
    userId: person,
    email: person,
    event: Joi.string().allow('').pattern(/^[a-z][a-z0-9_]{0,63}$/).default(''),
    from: wallTime,
    to: wallTime,
    /** The browser's IANA zone, filled by public/js/local-times.js. */
    tz: Joi.string().allow('').max(64).default('').custom((value: string, helpers) => (value === '' || isTimeZone(value) ? value : helpers.error('any.invalid')))
};

export interface AuditFilterQuery {
    readonly user: string;
    readonly userId: string;
    readonly email: string;
    readonly event: string;
    readonly from: number | '';
    readonly to: number | '';
    readonly tz: string;
}

/** What the form shows and links carry: as typed. */
export interface AuditForm {
    readonly user: string;
    readonly event: string;
    readonly from: string;
    readonly to: string;
    readonly tz: string;
}

export interface ParsedAuditFilter {
    readonly filter: AuditFilter;
    readonly form: AuditForm;
}

export const parseAuditFilter = (input: AuditFilterQuery, raw: URLSearchParams): ParsedAuditFilter => {

    const user = input.user || input.userId || input.email;
    const zone = input.tz || 'UTC';
    const instant = (wall: number | '') => (wall === '' ? undefined : zonedToInstant(wall, zone));
    const from = instant(input.from);
    const to = instant(input.to);
    const filter: AuditFilter = {
        ...(user.includes('@') ? { email: user.toLowerCase() } : user ? { userId: user } : {}),
        ...(input.event ? { event: input.event } : {}),
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to })
    };

    return { filter, form: { user, event: input.event, from: raw.get('from') ?? '', to: raw.get('to') ?? '', tz: input.tz } };
};

/** The form's values as a query string, empty ones left out (the zone too when no time needs it). */
export const auditSearch = (form: AuditForm, extra: Record<string, string> = {}): string => {

    const values: Record<string, string> = { user: form.user, event: form.event, from: form.from, to: form.to, tz: form.from || form.to ? form.tz : '', ...extra };
    return new URLSearchParams(Object.entries(values).filter(([, value]) => value !== '')).toString();
};
