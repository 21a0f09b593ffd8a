/*
 * Audit event names, as the web app knows them: the ones the core writes (docs/core.md), which the admin area's
 * filter offers, and the few the web app records itself through the core's POST /staffgate/audit, for actions the
 * core records no event for. The web app sends no other name: CoreExtensions.appendAudit takes a WebAuditEvent.
 */

/** Every event the audit trail holds, in the order the admin filter lists them. */
export const auditEventNames = [
    'sign_up', 'sign_in', 'sign_in_failed', 'refresh', 'token_theft_detected', 'session_revoked',
    'password_reset_requested', 'password_reset', 'password_changed', 'email_changed', 'email_verified', 'email_unverified',
    'role_created', 'role_deleted', 'role_permissions_removed', 'role_granted', 'role_revoked', 'metadata_updated',
    'user_banned', 'user_unbanned', 'lockout_cleared', 'user_deleted',
    'invitation_created', 'invitation_resent', 'invitation_revoked', 'invitation_accepted', 'invitation_refused',
    'totp_device_created', 'totp_device_verified', 'totp_device_renamed', 'totp_device_removed', 'totp_code_failed', 'totp_limit_reached',
    'recovery_codes_generated', 'recovery_code_used', 'recovery_code_failed', 'recovery_codes_removed', 'two_factor_reset',
    'sign_up_refused',
    'audit_exported',
    'users_exported'
] as const;

export type AuditEventName = typeof auditEventNames[number];

/** The events the web app sends to the core (POST /staffgate/audit). */
export const webAuditEvents = [
    'role_permissions_removed',                 // UserRoles.removePermissionsFromRole: the CDI call records none
    'invitation_refused',                       // a provider sign-in whose email is not the invited one: nothing reached the core
    'sign_up_refused',                          // the sign-up policy (SIGNUP) refused an account: nothing reached the core
    'audit_exported',                           // an admin downloaded the audit log (/admin/audit.csv): a read the core cannot tell from others
    'users_exported'                            // an admin or viewer downloaded /admin/users.csv (with its filters)
] as const satisfies readonly AuditEventName[];

export type WebAuditEvent = typeof webAuditEvents[number];
