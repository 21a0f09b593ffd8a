import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import UserRoles from 'supertokens-node/recipe/userroles';

import { signedInUser, useAdminApp } from '../../helpers/admin';
import { coreRequest } from '../../helpers/core-api';
import { outboxTo } from '../../helpers/outbox';
import { crumbIn, textOf } from '../../helpers/pages';
import type { Browser } from '../../helpers/web';
import { acceptWithPassword, formBody, invitationLink, openInvite } from './helpers';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before } = lab;


describe('Admin invitations', () => {

    const { app, admin } = useAdminApp(lab, { quietMail: true });

    before(async () => {

        await UserRoles.createNewRoleOrAddPermissions('support', []);
        await UserRoles.createNewRoleOrAddPermissions('viewer', []);
    });

    /** Posts the invite form as the page renders it (several roles are repeated fields). */
    const inviteForm = async (browser: Browser, emails: string, roles: string[] = []) => {

        const page = await browser.get('/admin/invitations');
        expect(page.statusCode).to.equal(200);
        const body = formBody([['crumb', crumbIn(page.payload)], ['emails', emails], ...roles.map((role): [string, string] => ['roles', role])]);
        return await browser.post('/admin/invitations', body, { 'content-type': 'application/x-www-form-urlencoded' });
    };

    const resultsOf = (html: string) => Object.fromEntries([...html.matchAll(/<tr class="invite-result" data-email="([^"]+)" data-outcome="([^"]+)">/g)].map((match) => [match[1], match[2]]));

    const rowOf = (html: string, email: string) => {

        const rows = [...html.matchAll(/<tr class="invitation-row" data-invitation-id="([^"]+)" data-state="([^"]+)">\s*<td[^>]*>([^<]+)<\/td>/g)];
        const row = rows.find((match) => match[3] === email);
        return row && { id: row[1]!, state: row[2]! };
    };

    const actionOn = async (browser: Browser, id: string, action: 'resend' | 'revoke') => {

        const page = await browser.get('/admin/invitations');
        return await browser.post(`/admin/invitations/${id}/${action}`, formBody([['crumb', crumbIn(page.payload)]]), { 'content-type': 'application/x-www-form-urlencoded' });
    };

    it('invites a pasted list with roles and says what happened to each address', async () => {

        await signedInUser(app, 'has.account@example.com');
        const res = await inviteForm(admin.browser, 'Ana@Example.com, not-an-address\nben@example.com\n\nhas.account@example.com, ana@example.com', ['support', 'viewer']);
        expect(res.statusCode).to.equal(200);
        expect(resultsOf(res.payload)).to.equal({
            'not-an-address': 'invalid',
            'ana@example.com': 'invited',
            'ben@example.com': 'invited',
            'has.account@example.com': 'has-account'
        });

        const [mail] = await outboxTo(app.config.web.outboxDir, 'ana@example.com');
        expect(mail!.subject).to.equal('You are invited to Staffgate');
        expect(mail!.text).to.contain('it works once, for 7 days');
        const link = await invitationLink(app, 'ana@example.com');
        expect(link.origin).to.equal(app.config.web.websiteDomain);
        expect(link.searchParams.get('token')).to.match(/^[A-Za-z0-9_-]{43}$/);
        expect(await outboxTo(app.config.web.outboxDir, 'has.account@example.com')).to.equal([]);

        const { invitations } = await coreRequest(app, 'GET', '/staffgate/invitations');
        const ana = invitations.find((row: any) => row.email === 'ana@example.com');
        expect(ana).to.include({ state: 'pending', invitedBy: admin.userId });
        expect(ana.roles).to.equal(['support', 'viewer']);
        expect(ana.tokenHash).to.not.exist();

        const { events: [created] } = await coreRequest(app, 'GET', '/staffgate/audit?event=invitation_created&limit=1');
        expect(created.actorId).to.equal(admin.userId);
    });

    it('inviting an address again resends its pending invitation with a new link', async () => {

        await inviteForm(admin.browser, 'cleo@example.com');
        const first = await invitationLink(app, 'cleo@example.com');
        const res = await inviteForm(admin.browser, 'cleo@example.com');
        expect(resultsOf(res.payload)).to.equal({ 'cleo@example.com': 'resent' });
        const second = await invitationLink(app, 'cleo@example.com');
        expect(second.href).to.not.equal(first.href);
        expect((await openInvite(app.browser(), first.searchParams.get('token')!)).statusCode).to.equal(410);
        expect((await openInvite(app.browser(), second.searchParams.get('token')!)).statusCode).to.equal(200);
    });

    it('lists invitations with their state; resend sends a new link and revoke kills it', async () => {

        await inviteForm(admin.browser, 'dana@example.com, eli@example.com, fay@example.com');
        const fayLink = await invitationLink(app, 'fay@example.com');
        await acceptWithPassword(app.browser(), fayLink.searchParams.get('token')!, 'a long enough password');

        let page = await admin.browser.get('/admin/invitations');
        const dana = rowOf(page.payload, 'dana@example.com')!;
        const eli = rowOf(page.payload, 'eli@example.com')!;
        expect(dana.state).to.equal('pending');
        expect(rowOf(page.payload, 'fay@example.com')!.state).to.equal('accepted');

        const danaFirst = await invitationLink(app, 'dana@example.com');
        const resent = await actionOn(admin.browser, dana.id, 'resend');
        expect(resent.statusCode).to.equal(302);
        expect(resent.headers.location).to.equal('/admin/invitations');
        const danaSecond = await invitationLink(app, 'dana@example.com');
        expect(danaSecond.href).to.not.equal(danaFirst.href);
        page = await admin.browser.get('/admin/invitations');
        expect(textOf(page.payload, 'flash')).to.contain('A new invitation link is on its way');

        const revoked = await actionOn(admin.browser, eli.id, 'revoke');
        expect(revoked.statusCode).to.equal(302);
        page = await admin.browser.get('/admin/invitations');
        expect(rowOf(page.payload, 'eli@example.com')!.state).to.equal('revoked');
        expect(textOf(page.payload, 'flash')).to.equal('The invitation was revoked: its link no longer works.');
        const eliLink = await invitationLink(app, 'eli@example.com');
        expect((await openInvite(app.browser(), eliLink.searchParams.get('token')!)).statusCode).to.equal(410);

        expect((await actionOn(admin.browser, eli.id, 'revoke')).statusCode).to.equal(302);         // not pending: nothing changes
        expect((await actionOn(admin.browser, '00000000-0000-4000-8000-000000000000', 'revoke')).statusCode).to.equal(404);

        const { events: [event] } = await coreRequest(app, 'GET', '/staffgate/audit?event=invitation_revoked&limit=1');
        expect(event).to.include({ actorId: admin.userId });
        expect(event.details.email).to.equal('eli@example.com');
    });

    it('asks for at least one address', async () => {

        const res = await inviteForm(admin.browser, ' \n , ');
        expect(res.statusCode).to.equal(400);
        expect(textOf(res.payload, 'invite-emails-error')).to.equal('Enter at least one email address');
    });

    it('lets a viewer see the list but not invite, resend or revoke', async () => {

        await inviteForm(admin.browser, 'gil@example.com');
        const viewer = await signedInUser(app, 'viewer.person@example.com', ['viewer']);
        const page = await viewer.browser.get('/admin/invitations');
        expect(page.statusCode).to.equal(200);
        expect(rowOf(page.payload, 'gil@example.com')).to.exist();
        expect(page.payload).to.not.contain('id="invite-form"');
        expect(page.payload).to.not.contain('/resend"');

        const crumb = crumbIn((await viewer.browser.get('/dashboard/password')).payload);
        const post = await viewer.browser.post('/admin/invitations', formBody([['crumb', crumb], ['emails', 'sneaky@example.com']]), { 'content-type': 'application/x-www-form-urlencoded' });
        expect(post.statusCode).to.equal(403);
        expect(await outboxTo(app.config.web.outboxDir, 'sneaky@example.com')).to.equal([]);
    });
});
