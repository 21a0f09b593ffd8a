import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { coreAuditEvents, webAuditEvents as coreWebAuditEvents } from '../../../server/core/services/audit-events';
import { auditDescriptions, describeAuditEvent } from '../../../server/web/admin/audit-descriptions';
import { auditEventNames, webAuditEvents } from '../../../server/web/audit-events';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


describe('Audit event descriptions', () => {

    it('describe every event the core and the web app know, with a name of their own', () => {

        const every = new Set<string>([...coreAuditEvents, ...coreWebAuditEvents, ...auditEventNames, ...webAuditEvents]);
        const missing = [...every].filter((event) => !Object.hasOwn(auditDescriptions, event));
        expect(missing).to.equal([]);

        const titles = [...every].map((event) => auditDescriptions[event]!.title);
        expect(new Set(titles).size).to.equal(titles.length);
        for (const title of titles) {
            expect(title).to.match(/^[A-Z][^_]*$/);
        }

        // And describe nothing that is not an event (a name removed from the lists, a typo).
        expect(Object.keys(auditDescriptions).filter((event) => !every.has(event))).to.equal([]);
    });

    it('reads each event\'s details, whatever they hold', () => {

        for (const event of Object.keys(auditDescriptions)) {
            expect(describeAuditEvent(event, {}).details, event).to.be.a.string();
            expect(describeAuditEvent(event, { email: 'a@example.com', role: 'x', deviceName: 'phone', unrelated: { deep: true } }).details, event).to.be.a.string();
        }
    });

    it('writes the details people look for', () => {

        const cases: [string, Record<string, unknown>, string, string][] = [
            ['sign_in', { method: 'emailpassword' }, 'Signed in', 'with a password'],
            ['sign_in', { method: 'thirdparty', thirdPartyId: 'github' }, 'Signed in', 'with GitHub'],
            ['sign_up', { method: 'passwordless' }, 'Signed up', 'with a sign-in link'],
            ['sign_up', { method: 'thirdparty', thirdPartyId: 'corp-sso' }, 'Signed up', 'with corp-sso'],
            ['sign_in_failed', { method: 'emailpassword', reason: 'unknown_email', email: 'who@example.com' }, 'Sign-in failed', 'unknown email · with a password · address tried: who@example.com'],
            ['sign_in_failed', { method: 'emailpassword', reason: 'wrong_password' }, 'Sign-in failed', 'wrong password · with a password'],
            ['sign_up_refused', { method: 'google', email: 'x@other.example', reason: 'domain_not_allowed' }, 'Sign-up refused', 'domain not allowed · with Google · address: x@other.example'],
            ['password_reset_requested', {}, 'Password reset requested', ''],
            ['session_revoked', { sessionHandle: '0123456789abcdef' }, 'Signed out', 'session 01234567…'],
            ['role_granted', { role: 'admin' }, 'Role granted', 'role: admin'],
            ['role_created', { role: 'editor', permissions: [], createdNewRole: false }, 'Role saved', 'role: editor · permissions: none · existing role updated'],
            ['user_banned', { reason: 'left the company', sessionsRevoked: 1 }, 'Banned', 'reason: left the company · 1 session ended'],
            ['user_banned', { sessionsRevoked: 3 }, 'Banned', '3 sessions ended'],
            ['metadata_updated', { keys: ['team', 'phone'] }, 'Profile data changed', 'fields: team, phone'],
            ['metadata_updated', { cleared: true }, 'Profile data changed', 'all cleared'],
            ['invitation_created', { invitationId: 'i1', email: 'new@example.com', roles: ['viewer'] }, 'Invitation sent', 'to: new@example.com · roles: viewer'],
            ['invitation_refused', { invitationId: 'i1', provider: 'apple', reason: 'email_mismatch' }, 'Invitation sign-in refused', 'email mismatch · with Apple'],
            ['totp_device_renamed', { from: 'phone', to: 'work phone' }, 'Authenticator renamed', 'phone → work phone'],
            ['totp_device_removed', { deviceName: 'phone', verified: false }, 'Authenticator removed', 'device: phone · never confirmed'],
            ['totp_code_failed', { deviceName: 'phone', failedAttempts: 2, maxAttempts: 5 }, 'Wrong authenticator code', 'device: phone · attempt 2 of 5'],
            ['totp_code_failed', { failedAttempts: 2 }, 'Wrong authenticator code', 'attempt 2'],
            ['totp_limit_reached', { cooldownMs: 900_000 }, 'Too many wrong authenticator codes', 'blocked for 15 min'],
            ['recovery_codes_generated', { replaced: true }, 'Recovery codes created', 'old codes replaced'],
            ['recovery_code_used', { remaining: 0 }, 'Recovery code used', 'codes left: 0'],
            ['two_factor_reset', { devicesRemoved: 1, recoveryCodesRemoved: 10 }, 'Two-factor sign-in reset', 'authenticators removed: 1 · recovery codes removed: 10'],
            ['email_changed', { email: 'new@example.com' }, 'Email changed', 'new address: new@example.com'],
            ['audit_exported', { filters: { event: 'sign_in' } }, 'Audit log exported', 'filters: {"event":"sign_in"}']
        ];

        for (const [event, details, title, text] of cases) {
            const described = describeAuditEvent(event, details);
            expect({ title: described.title, details: described.details }, `${event} ${JSON.stringify(details)}`).to.equal({ title, details: text });
            expect(described.parts.join(' · ')).to.equal(text);
        }
    });

    it('still reads an event no longer listed, from its name and fields', () => {

        expect(describeAuditEvent('key_rotated', { key_id: 'k1', count: 2, list: ['a'], none: null, empty: '' })).to.equal({ title: 'Key rotated', details: 'key id: k1 · count: 2 · list: a', parts: ['key id: k1', 'count: 2', 'list: a'] });
        expect(describeAuditEvent('toString', {})).to.equal({ title: 'ToString', details: '', parts: [] });
    });
});
