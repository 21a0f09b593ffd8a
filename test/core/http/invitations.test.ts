import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestCore, testAdapters, testClock, type TestCore } from '../../helpers/core';
import { auditEvents } from '../../helpers/core-api';
import { get, post, put, signUp } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const textHtml = 'text/html; charset=UTF-8';
const hour = 3_600_000;


describe('Staffgate invitations (/staffgate/invitations)', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            let core: TestCore;
            const clock = testClock();
            const admin = { 'x-staffgate-actor': 'admin-user-id', 'x-staffgate-ip': '203.0.113.9' };

            before(async () => {

                core = await startTestCore({ adapter, clock: clock.now });
                expect((await put(core.uri, '/recipe/role', { role: 'support', permissions: [] })).json.status).to.equal('OK');
            });

            after(async () => {

                await core.destroy();
            });

            const create = (email: string, roles: string[] = [], lifetimeHours = 168) => post(core.uri, '/staffgate/invitations', { email, roles, lifetimeHours }, admin);
            const check = async (token: string) => (await post(core.uri, '/staffgate/invitations/check', { token })).json;
            const latest = async (event: string) => (await get(core.uri, `/staffgate/audit?event=${event}&limit=1`)).json.events[0];

            it('creates an invitation for a normalised address, with the token only in the answer, and audits it', async () => {

                const res = await create('  Ivy@Example.COM ', ['support']);
                expect(res.status).to.equal(200);
                const { status, result, invitation, token } = res.json;
                expect({ status, result }).to.equal({ status: 'OK', result: 'invited' });
                expect(invitation).to.include({ email: 'ivy@example.com', roles: ['support'], state: 'pending', invitedBy: 'admin-user-id' });
                expect(invitation.expiresAt - invitation.createdAt).to.equal(168 * hour);
                expect(token).to.match(/^[A-Za-z0-9_-]{43}$/);
                expect(invitation.tokenHash).to.not.exist();

                const listed = (await get(core.uri, '/staffgate/invitations')).json.invitations;
                expect(JSON.stringify(listed)).to.not.contain(token);
                const event = await latest('invitation_created');
                expect(event).to.include({ actorId: 'admin-user-id', ip: '203.0.113.9' });
                expect(event.details).to.equal({ invitationId: invitation.invitationId, email: 'ivy@example.com', roles: ['support'] });
            });

            it('refuses an address with an account and an unknown role; answers 400 for bad input', async () => {

                await signUp(core.uri, 'member@example.com');
                expect((await create('MEMBER@example.com')).json).to.equal({ status: 'ACCOUNT_EXISTS_ERROR' });
                expect((await create('new@example.com', ['nope'])).json).to.equal({ status: 'UNKNOWN_ROLE_ERROR', role: 'nope' });

                for (const [body, field] of [
                    [{ email: 'no-at-sign', lifetimeHours: 1 }, 'email'],
                    [{ lifetimeHours: 1 }, 'email'],
                    [{ email: 'a@example.com' }, 'lifetimeHours'],
                    [{ email: 'a@example.com', lifetimeHours: 0 }, 'lifetimeHours'],
                    [{ email: 'a@example.com', lifetimeHours: 24 * 366 }, 'lifetimeHours'],
                    [{ email: 'a@example.com', lifetimeHours: '1' }, 'lifetimeHours'],
                    [{ email: 'a@example.com', lifetimeHours: 1, roles: 'support' }, 'roles'],
                    [{ email: 'a@example.com', lifetimeHours: 1, roles: [' '] }, 'roles']
                ] as const) {
                    const res = await post(core.uri, '/staffgate/invitations', body);
                    expect(res.status, JSON.stringify(body)).to.equal(400);
                    expect(res.contentType).to.equal(textHtml);
                    expect(res.text).to.equal(`Field name '${field}' is invalid in JSON input\n`);
                }

                expect((await post(core.uri, '/staffgate/invitations/check', {})).status).to.equal(400);
                expect((await post(core.uri, '/staffgate/invitations/accept', { token: 'x' })).status).to.equal(400);
                expect((await get(core.uri, '/staffgate/invitations/pending')).status).to.equal(400);
            });

            it('check and accept: once, for one user; again for the same user changes nothing', async () => {

                const { token, invitation } = (await create('jon@example.com', ['support'])).json;
                expect(await check(token)).to.equal({ status: 'OK', invitation });
                expect(await check(`${token}x`)).to.equal({ status: 'INVALID_TOKEN_ERROR' });

                const accepted = await post(core.uri, '/staffgate/invitations/accept', { token, userId: 'user-1' }, { 'x-staffgate-actor': 'user-1' });
                expect(accepted.json.status).to.equal('OK');
                expect(accepted.json.invitation).to.include({ state: 'accepted', acceptedUserId: 'user-1' });
                expect((await post(core.uri, '/staffgate/invitations/accept', { token, userId: 'user-1' })).json.status).to.equal('OK');
                expect((await post(core.uri, '/staffgate/invitations/accept', { token, userId: 'user-2' })).json).to.equal({ status: 'ALREADY_ACCEPTED_ERROR' });
                expect(await check(token)).to.equal({ status: 'ALREADY_ACCEPTED_ERROR' });

                const events = await auditEvents(core, 'user-1', { event: 'invitation_accepted' });
                expect(events).to.have.length(1);
            });

            it('expires with the core clock; resend renews it with a new token and kills the old one', async () => {

                const { token, invitation } = (await create('kai@example.com', [], 1)).json;
                clock.advance(hour);
                expect(await check(token)).to.equal({ status: 'EXPIRED_ERROR' });
                expect((await post(core.uri, '/staffgate/invitations/accept', { token, userId: 'user-3' })).json).to.equal({ status: 'EXPIRED_ERROR' });
                const listed = (await get(core.uri, '/staffgate/invitations')).json.invitations;
                expect(listed.find((row: any) => row.invitationId === invitation.invitationId).state).to.equal('expired');
                expect((await get(core.uri, '/staffgate/invitations/pending?email=kai@example.com')).json).to.equal({ status: 'OK' });

                const resent = (await post(core.uri, '/staffgate/invitations/resend', { invitationId: invitation.invitationId, lifetimeHours: 2 }, admin)).json;
                expect(resent.status).to.equal('OK');
                expect(resent.token).to.not.equal(token);
                expect(resent.invitation.expiresAt - resent.invitation.sentAt).to.equal(2 * hour);
                expect(await check(token)).to.equal({ status: 'INVALID_TOKEN_ERROR' });
                expect((await check(resent.token)).status).to.equal('OK');
                expect((await get(core.uri, '/staffgate/invitations/pending?email=KAI@example.com')).json.invitation.invitationId).to.equal(invitation.invitationId);
                expect((await latest('invitation_resent')).actorId).to.equal('admin-user-id');
            });

            it('refuses an overlong address and too many roles; resend for an address that has an account since; unknown tokens; pending lookups', async () => {

                const long = `${'a'.repeat(250)}@example.com`;
                for (const body of [{ email: long, lifetimeHours: 1 }, { email: 'many@example.com', lifetimeHours: 1, roles: Array.from({ length: 51 }, (_, i) => `role-${i}`) }]) {
                    expect((await post(core.uri, '/staffgate/invitations', body)).status).to.equal(400);
                }

                const { invitation } = (await create('kim@example.com')).json;
                await signUp(core.uri, 'kim@example.com');
                expect((await post(core.uri, '/staffgate/invitations/resend', { invitationId: invitation.invitationId, lifetimeHours: 1 })).json).to.equal({ status: 'ACCOUNT_EXISTS_ERROR' });

                expect((await post(core.uri, '/staffgate/invitations/accept', { token: 'no-such-token', userId: 'user-9' })).json).to.equal({ status: 'INVALID_TOKEN_ERROR' });

                // Without an acting admin (the CLI's own core calls): no inviter is recorded.
                const unattributed = (await post(core.uri, '/staffgate/invitations', { email: 'cli@example.com', lifetimeHours: 1 })).json.invitation;
                expect(unattributed.email).to.equal('cli@example.com');
                expect(unattributed.invitedBy).to.not.exist();

                const pending = (await create('pat@example.com', [], 1)).json.invitation;
                expect((await get(core.uri, '/staffgate/invitations/pending?email=PAT@example.com')).json).to.equal({ status: 'OK', invitation: pending });
                expect((await get(core.uri, '/staffgate/invitations/pending?email=nobody@example.com')).json).to.equal({ status: 'OK' });
                const again = (await create('pat@example.com', [], 1)).json;
                expect(again).to.include({ status: 'OK', result: 'resent' });
                expect(again.invitation.invitationId).to.equal(pending.invitationId);
                clock.advance(hour + 1);
                expect((await get(core.uri, '/staffgate/invitations/pending?email=pat@example.com')).json).to.equal({ status: 'OK' });
            });

            it('revoke ends a pending invitation; resend and accept then refuse', async () => {

                const { token, invitation } = (await create('lou@example.com')).json;
                const { invitationId } = invitation;
                expect((await post(core.uri, '/staffgate/invitations/revoke', { invitationId }, admin)).json).to.equal({ status: 'OK', wasPending: true });
                expect((await post(core.uri, '/staffgate/invitations/revoke', { invitationId })).json).to.equal({ status: 'OK', wasPending: false });
                expect((await post(core.uri, '/staffgate/invitations/revoke', { invitationId: 'unknown' })).json).to.equal({ status: 'UNKNOWN_INVITATION_ERROR' });
                expect(await check(token)).to.equal({ status: 'REVOKED_ERROR' });
                expect((await post(core.uri, '/staffgate/invitations/resend', { invitationId, lifetimeHours: 1 })).json).to.equal({ status: 'INVITATION_NOT_PENDING_ERROR' });
                expect((await post(core.uri, '/staffgate/invitations/resend', { invitationId: 'unknown', lifetimeHours: 1 })).json).to.equal({ status: 'UNKNOWN_INVITATION_ERROR' });
                expect((await post(core.uri, '/staffgate/invitations/accept', { invitationId, userId: 'user-4' })).json).to.equal({ status: 'REVOKED_ERROR' });
                expect((await post(core.uri, '/staffgate/invitations/accept', { invitationId: 'unknown', userId: 'user-4' })).json).to.equal({ status: 'UNKNOWN_INVITATION_ERROR' });
                expect((await latest('invitation_revoked')).details).to.equal({ invitationId, email: 'lou@example.com' });
            });

            it('of concurrent accepts with one token, exactly one wins', async () => {

                const { token } = (await create('max@example.com')).json;
                const results = await Promise.all([1, 2, 3, 4].map((n) => post(core.uri, '/staffgate/invitations/accept', { token, userId: `racer-${n}` })));
                expect(results.map((res) => res.json.status).sort()).to.equal(['ALREADY_ACCEPTED_ERROR', 'ALREADY_ACCEPTED_ERROR', 'ALREADY_ACCEPTED_ERROR', 'OK']);
            });
        });
    }
});
