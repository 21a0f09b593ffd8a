/*
 * The admin area's post-redirect-get messages (see ../flash.ts), on a cookie scoped to /admin.
 */

import { flashCookie } from '../flash';


const plural = (count: number, one: string, many: string) => (count === 1 ? one : many.replace('#', String(count)));

const messages = {
    'session-revoked': () => 'The session was signed out.',
    'session-gone': () => 'That session had already ended.',
    'sessions-revoked': (count: number) => (count === 0 ? 'There were no sessions to sign out.' : plural(count, 'Signed out 1 session.', 'Signed out # sessions.')),
    'role-granted': () => 'The role was granted.',
    'role-already-held': () => 'The user already had this role.',
    'role-removed': () => 'The role was removed.',
    'role-not-held': () => 'The user did not have this role.',
    'user-banned': (count: number) => `The user is banned and cannot sign in. ${plural(count, '1 session was signed out.', '# sessions were signed out.')}`,
    'user-unbanned': () => 'The user is no longer banned.',
    'user-not-banned': () => 'The user was not banned.',
    'lockout-cleared': () => 'The lockout was cleared: the user can sign in again.',
    'password-reset-sent': () => 'A password reset email is on its way to the user.',
    'email-verified': () => 'The email address is marked as verified.',
    'email-unverified': () => 'The email address is marked as not verified.',
    'metadata-saved': () => 'The metadata was saved.',
    'user-deleted': () => 'The user was deleted.',
    'two-factor-reset': (count: number) => `Two-factor sign-in was reset: the user's devices and recovery codes are gone, and they were emailed. ${plural(count, '1 session was signed out.', '# sessions were signed out.')}`,
    'two-factor-not-set-up': () => 'The user had no two-factor sign-in to reset.',
    'role-created': () => 'The role was created.',
    'permissions-saved': () => 'The permissions were saved.',
    'role-deleted': () => 'The role was deleted.',
    'invitation-resent': () => 'A new invitation link is on its way; the previous link no longer works.',
    'invitation-revoked': () => 'The invitation was revoked: its link no longer works.',
    'invitation-not-pending': () => 'That invitation was no longer pending: nothing changed.',
    'invitation-has-account': () => 'That address now has an account: nothing was sent.'
} satisfies Record<string, (count: number) => string>;

const adminFlash = flashCookie({ name: 'sgAdminFlash', path: '/admin', messages });

export type AdminFlashCode = keyof typeof messages;
export const registerAdminFlash = adminFlash.register;
export const redirectWithFlash = adminFlash.redirect;
export const takeAdminFlash = adminFlash.take;
