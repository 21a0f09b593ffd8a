/*
 * Audit events as people read them: a name ("Role granted") and the details as short phrases ("role: admin"),
 * for the audit log page and its CSV export. One entry per event the trail can hold (server/web/audit-events.ts,
 * and the core's list, which test/web/admin/audit-descriptions.test.ts compares with it); an event of a name no
 * longer listed still reads, from its name and its fields.
 */

import type { AuditEventName } from '../audit-events';


type Details = Readonly<Record<string, unknown>>;

export interface AuditDescription {
    /** "Signed in". */
    readonly title: string;
    /** The details as phrases, in reading order; empty when there is nothing to add. */
    readonly details: (details: Details) => readonly (string | undefined)[];
}

const providers: Readonly<Record<string, string>> = { google: 'Google', github: 'GitHub', apple: 'Apple', oidc: 'company sign-in' };

const text = (value: unknown): string | undefined => {

    if (value === undefined || value === null || value === '') {
        return undefined;
    }

    if (Array.isArray(value)) {
        return value.length ? value.map(String).join(', ') : 'none';
    }

    return typeof value === 'object' ? JSON.stringify(value) : String(value);
};

/** "name: value", or nothing when the value is missing. */
const field = (name: string, value: unknown): string | undefined => {

    const shown = text(value);
    return shown === undefined ? undefined : `${name}: ${shown}`;
};

/** snake_case codes (`wrong_password`) as words. */
const words = (code: unknown): string | undefined => text(code)?.replace(/_/g, ' ');

/** How someone signed in: "with a password", "with GitHub". */
const method = (details: Details): string | undefined => {

    const provider = text(details.thirdPartyId) ?? (details.method !== 'emailpassword' && details.method !== 'passwordless' && details.method !== 'thirdparty' ? text(details.method) : undefined);
    if (provider !== undefined) {
        return `with ${providers[provider] ?? provider}`;
    }

    return details.method === 'emailpassword' ? 'with a password' : details.method === 'passwordless' ? 'with a sign-in link' : words(details.method);
};

/** A session handle, shortened: enough to tell sessions apart. */
const session = (details: Details) => {

    const handle = text(details.sessionHandle);
    return handle === undefined ? undefined : `session ${handle.slice(0, 8)}…`;
};

const deviceOf = (details: Details) => field('device', details.deviceName);
const device = (details: Details) => [deviceOf(details)];
const none = () => [];

const described = {
    sign_up: { title: 'Signed up', details: (d) => [method(d)] },
    sign_in: { title: 'Signed in', details: (d) => [method(d)] },
    sign_in_failed: { title: 'Sign-in failed', details: (d) => [words(d.reason), method(d), field('address tried', d.email)] },
    sign_up_refused: { title: 'Sign-up refused', details: (d) => [words(d.reason), method(d), field('address', d.email)] },
    refresh: { title: 'Session refreshed', details: (d) => [session(d)] },
    token_theft_detected: { title: 'Stolen session token detected', details: (d) => [session(d), 'session ended'] },
    session_revoked: { title: 'Signed out', details: (d) => [session(d)] },
    password_reset_requested: { title: 'Password reset requested', details: none },
    password_reset: { title: 'Password reset', details: none },
    password_changed: { title: 'Password changed', details: none },
    email_changed: { title: 'Email changed', details: (d) => [field('new address', d.email)] },
    email_verified: { title: 'Email verified', details: (d) => [field('address', d.email)] },
    email_unverified: { title: 'Email marked unverified', details: (d) => [field('address', d.email)] },
    role_created: { title: 'Role saved', details: (d) => [field('role', d.role), field('permissions', d.permissions), d.createdNewRole === false ? 'existing role updated' : undefined] },
    role_deleted: { title: 'Role deleted', details: (d) => [field('role', d.role)] },
    role_permissions_removed: { title: 'Permissions removed from a role', details: (d) => [field('role', d.role), field('permissions', d.permissions)] },
    role_granted: { title: 'Role granted', details: (d) => [field('role', d.role)] },
    role_revoked: { title: 'Role removed', details: (d) => [field('role', d.role)] },
    metadata_updated: { title: 'Profile data changed', details: (d) => [d.cleared === true ? 'all cleared' : field('fields', d.keys)] },
    user_banned: { title: 'Banned', details: (d) => [field('reason', d.reason), typeof d.sessionsRevoked === 'number' ? `${d.sessionsRevoked} session${d.sessionsRevoked === 1 ? '' : 's'} ended` : undefined] },
    user_unbanned: { title: 'Ban lifted', details: none },
    lockout_cleared: { title: 'Sign-in lock cleared', details: none },
    user_deleted: { title: 'Account deleted', details: none },
    invitation_created: { title: 'Invitation sent', details: (d) => [field('to', d.email), field('roles', d.roles)] },
    invitation_resent: { title: 'Invitation sent again', details: (d) => [field('to', d.email), field('roles', d.roles)] },
    invitation_revoked: { title: 'Invitation revoked', details: (d) => [field('to', d.email)] },
    invitation_accepted: { title: 'Invitation accepted', details: (d) => [field('address', d.email), field('roles', d.roles)] },
    invitation_refused: { title: 'Invitation sign-in refused', details: (d) => [words(d.reason), method({ thirdPartyId: d.provider })] },
    totp_device_created: { title: 'Authenticator added', details: device },
    totp_device_verified: { title: 'Authenticator confirmed', details: device },
    totp_device_renamed: { title: 'Authenticator renamed', details: (d) => [text(d.from) !== undefined && text(d.to) !== undefined ? `${text(d.from)} → ${text(d.to)}` : undefined] },
    totp_device_removed: { title: 'Authenticator removed', details: (d) => [deviceOf(d), d.verified === false ? 'never confirmed' : undefined] },
    totp_code_failed: { title: 'Wrong authenticator code', details: (d) => [deviceOf(d), typeof d.failedAttempts === 'number' ? `attempt ${d.failedAttempts}${typeof d.maxAttempts === 'number' ? ` of ${d.maxAttempts}` : ''}` : undefined] },
    totp_limit_reached: { title: 'Too many wrong authenticator codes', details: (d) => [deviceOf(d), typeof d.cooldownMs === 'number' ? `blocked for ${Math.round(d.cooldownMs / 60_000)} min` : undefined] },
    recovery_codes_generated: { title: 'Recovery codes created', details: (d) => [d.replaced === true ? 'old codes replaced' : undefined] },
    recovery_code_used: { title: 'Recovery code used', details: (d) => [field('codes left', d.remaining)] },
    recovery_code_failed: { title: 'Wrong recovery code', details: none },
    recovery_codes_removed: { title: 'Recovery codes removed', details: (d) => [field('removed', d.removed)] },
    two_factor_reset: { title: 'Two-factor sign-in reset', details: (d) => [field('authenticators removed', d.devicesRemoved), field('recovery codes removed', d.recoveryCodesRemoved)] },
    audit_exported: { title: 'Audit log exported', details: (d) => [field('filters', d.filters)] },
    users_exported: {
        title: 'User list exported',
        details: (d) => [field('search', d.search), field('role', d.role), field('state', words(d.state)), field('method', d.method), field('sorted by', words(d.sort)), field('order', d.order)]
    }
} as const satisfies Record<AuditEventName, AuditDescription>;

export const auditDescriptions: Readonly<Record<string, AuditDescription>> = described;

/** An event of a name we do not list: its name as words, each field as "name: value". */
const fallback = (event: string): AuditDescription => ({
    title: event.replace(/_/g, ' ').replace(/^./, (first) => first.toUpperCase()),
    details: (details) => Object.entries(details).map(([name, value]) => field(words(name)!, value))
});

export interface ReadableEvent {
    readonly title: string;
    /** "role: admin · 2 sessions ended"; '' when there is nothing to add. */
    readonly details: string;
    /** The same phrases one by one, for a page that keeps each short one on a line of its own. */
    readonly parts: readonly string[];
}

export const describeAuditEvent = (event: string, details: Details): ReadableEvent => {

    const description = Object.hasOwn(auditDescriptions, event) ? auditDescriptions[event]! : fallback(event);
    const parts = description.details(details).filter((part) => part !== undefined);
    return { title: description.title, details: parts.join(' · '), parts };
};
