/*
 * Every event the audit trail can hold, as a closed list. Services emit the core's events; the web app appends
 * what only it sees (an admin's page actions) through POST /staffgate/audit, which refuses a name not listed here.
 */

/** Emitted by the core's services. */
export const coreAuditEvents = [
    'sign_up', 'sign_in', 'sign_in_failed', 'refresh', 'token_theft_detected', 'session_revoked',
    'password_reset_requested', 'password_reset', 'password_changed', 'email_changed', 'email_verified', 'email_unverified',
    'role_granted', 'role_revoked', 'role_created', 'role_deleted', 'user_banned', 'user_unbanned', 'lockout_cleared', 'user_deleted',
    'metadata_updated',
    'totp_device_created', 'totp_device_verified', 'totp_device_renamed', 'totp_device_removed', 'totp_code_failed', 'totp_limit_reached',
    'recovery_codes_generated', 'recovery_code_used', 'recovery_code_failed', 'recovery_codes_removed', 'two_factor_reset',
    'invitation_created', 'invitation_resent', 'invitation_revoked', 'invitation_accepted'
] as const;

/** Appended by the web app (POST /staffgate/audit). */
export const webAuditEvents = [
    'role_permissions_removed',
    'invitation_refused',
    'sign_up_refused',
    'audit_exported',
    'users_exported'
] as const;

export type CoreAuditEventName = typeof coreAuditEvents[number];
export type WebAuditEventName = typeof webAuditEvents[number];
export type AuditEventName = CoreAuditEventName | WebAuditEventName;

const allEvents: ReadonlySet<string> = new Set([...coreAuditEvents, ...webAuditEvents]);

export const isAuditEventName = (name: string): name is AuditEventName => allEvents.has(name);
