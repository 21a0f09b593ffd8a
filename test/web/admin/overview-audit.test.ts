import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import SuperTokens from 'supertokens-node';

import { adminEmail, adminPost, linkOf, signedInUser, userPage, useAdminApp } from '../../helpers/admin';
import { auditEvents } from '../../helpers/core-api';
import { attributeOf, signIn, textOf } from '../../helpers/pages';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;

const auditRows = (html: string) => [...html.matchAll(/<tr class="audit-row" data-event="([a-z_]+)" data-audit-id="(\d+)">/g)].map((match) => ({ event: match[1]!, id: Number(match[2]) }));


describe('Admin overview and audit log', () => {

    const { app, admin } = useAdminApp(lab);


    it('counts users, live sessions, sign-ins and failed sign-ins of the last 24 hours, and names locked accounts', async () => {

        const before = await admin.browser.get('/admin');
        const number = (html: string, id: string) => Number(textOf(html, id));
        expect(number(before.payload, 'stat-users')).to.equal(1);
        expect(number(before.payload, 'stat-sessions')).to.equal(1);
        expect(number(before.payload, 'stat-sign-ins')).to.equal(0);
        expect(number(before.payload, 'stat-failed-sign-ins')).to.equal(0);
        expect(number(before.payload, 'stat-locked')).to.equal(0);
        expect(before.payload).to.contain('id="no-locked-accounts"');

        const user = await signedInUser(app, 'counted@example.com');
        await signIn(app.browser(), user.email);
        const locked = await signedInUser(app, 'locked-out@example.com');
        for (let i = 0; i < 10; ++i) {
            await signIn(app.browser(), locked.email, 'not the right password');
        }

        const after = await admin.browser.get('/admin');
        expect(after.statusCode).to.equal(200);
        expect(number(after.payload, 'stat-users')).to.equal(3);
        expect(number(after.payload, 'stat-sessions')).to.equal(4);
        expect(number(after.payload, 'stat-sign-ins')).to.equal(1);
        expect(number(after.payload, 'stat-failed-sign-ins')).to.equal(10);
        expect(number(after.payload, 'stat-locked')).to.equal(1);
        expect(after.payload).to.match(new RegExp(`<li class="locked-account" data-user-id="${locked.userId}">\\s*<a href="/admin/users/${locked.userId}">locked-out@example.com</a>`));
        expect(after.payload).to.contain('10 failed sign-ins · locked until <time');
        expect(after.payload).to.not.contain('data-needs-core');
    });

    it('shows the audit trail newest first, with the user, the acting admin, IP and user agent', async () => {

        const user = await signedInUser(app, 'audited@example.com');
        await app.browser().request({ method: 'POST', url: '/auth/signin', payload: { formFields: [{ id: 'email', value: user.email }, { id: 'password', value: 'a long enough password' }] }, headers: { rid: 'emailpassword', 'user-agent': 'Audit-Agent/1' }, remoteAddress: '192.0.2.44' });
        const res = await admin.browser.get(`/admin/audit?userId=${user.userId}`);
        expect(res.statusCode).to.equal(200);
        expect(auditRows(res.payload).map((row) => row.event)).to.equal(['sign_in', 'sign_up']);
        const row = /<tr class="audit-row" data-event="sign_in"[\s\S]*?<\/tr>/.exec(res.payload)![0];
        expect(row).to.contain(`<a class="nowrap" href="/admin/users/${user.userId}">audited@example.com</a>`);
        expect(row).to.contain('<td class="mono nowrap audit-ip" data-label="IP">192.0.2.44</td>');
        expect(row).to.contain('<td class="audit-user-agent" data-label="Device"><span title="Audit-Agent/1">Unknown browser</span></td>');
        expect(row).to.contain('<td class="card-head audit-event" data-label="Event" title="sign_in">Signed in</td>');
        expect(row).to.contain('<td class="audit-details card-full" data-label="Details"><span class="nowrap">with a password</span></td>');
        expect(attributeOf(res.payload, 'value', 'audit-user')).to.equal(user.userId);
    });

    it('names the admin who acted, even after the user is gone', async () => {

        const user = await signedInUser(app, 'to-be-gone@example.com');
        const deleted = await adminPost(admin.browser, userPage(user.userId), `${userPage(user.userId)}/delete`, { confirmEmail: user.email });
        expect(deleted.statusCode).to.equal(302);
        expect(await SuperTokens.getUser(user.userId)).to.not.exist();

        const res = await admin.browser.get(`/admin/audit?userId=${user.userId}&event=user_deleted`);
        const row = /<tr class="audit-row" data-event="user_deleted"[\s\S]*?<\/tr>/.exec(res.payload)![0];
        expect(row).to.contain(`data-actor-id="${admin.userId}"`);
        expect(row).to.contain(`by <a class="nowrap" href="/admin/users/${admin.userId}">${adminEmail}</a>`);
        expect(row).to.contain(`<a class="nowrap" href="/admin/users/${user.userId}">${user.userId}</a>`);
    });

    it('filters by event and by time, and pages to older events', async () => {

        const all = await auditEvents(app, admin.userId);
        expect(all.length).to.be.at.least(2);

        const signUps = await admin.browser.get('/admin/audit?event=sign_up');
        expect(auditRows(signUps.payload).every((row) => row.event === 'sign_up')).to.be.true();
        expect(auditRows(signUps.payload).length).to.be.at.least(4);
        expect(signUps.payload).to.match(/<option value="sign_up" selected>Signed up<\/option>/);

        const future = await admin.browser.get('/admin/audit?from=2999-01-01T00:00');
        expect(auditRows(future.payload)).to.equal([]);
        expect(future.payload).to.contain('id="audit-empty"');
        expect(attributeOf(future.payload, 'value', 'audit-from')).to.equal('2999-01-01T00:00');

        const past = await admin.browser.get('/admin/audit?to=2000-01-01');
        expect(auditRows(past.payload)).to.equal([]);

        const now = new Date();
        const window = await admin.browser.get(`/admin/audit?from=${new Date(now.getTime() - 3_600_000).toISOString().slice(0, 16)}&to=${new Date(now.getTime() + 120_000).toISOString().slice(0, 19)}`);
        expect(auditRows(window.payload).length).to.be.at.least(all.length);

        const first = await admin.browser.get('/admin/audit?limit=2&event=sign_up');
        const firstRows = auditRows(first.payload);
        expect(firstRows).to.have.length(2);
        const next = linkOf(first.payload, 'audit-next')!;
        expect(next).to.match(/^\/admin\/audit\?event=sign_up&limit=2&cursor=\d+$/);
        const second = await admin.browser.get(next);
        const secondRows = auditRows(second.payload);
        expect(secondRows.length).to.be.at.least(1);
        expect(secondRows[0]!.id).to.be.below(firstRows[1]!.id);
        expect(linkOf(second.payload, 'audit-first')).to.equal('/admin/audit?event=sign_up&limit=2');
    });

    it('pages at 50 events by default, and keeps an event it does not know in the filter', async () => {

        const user = await signedInUser(app, 'many-events@example.com');
        for (let i = 0; i < 55; ++i) {
            await signIn(app.browser(), user.email, 'not the right password');
        }

        const first = await admin.browser.get(`/admin/audit?userId=${user.userId}`);
        expect(auditRows(first.payload)).to.have.length(50);
        const next = linkOf(first.payload, 'audit-next')!;
        expect(next).to.match(new RegExp(`^/admin/audit\\?user=${user.userId}&cursor=\\d+$`));
        expect(auditRows((await admin.browser.get(next)).payload)).to.have.length(6);

        const custom = await admin.browser.get('/admin/audit?event=custom_thing');
        expect(custom.statusCode).to.equal(200);
        expect(custom.payload).to.match(/<option value="custom_thing" selected>custom_thing<\/option>/);
        expect(auditRows(custom.payload)).to.equal([]);
    });

    it('answers junk filters with the 400 page, never a 500', async () => {

        for (const query of ['event=Sign-In', 'event=%3Cb%3E', 'from=yesterday', 'from=2024-13-45', 'from=2026-02-31', 'to=2024-01-01T25:99', 'cursor=abc', 'cursor=-1', 'limit=0', 'limit=1000', `userId=${'u'.repeat(300)}`, 'userId=a%0Ab', 'other=1']) {
            const res = await admin.browser.get(`/admin/audit?${query}`);
            expect(res.statusCode, query).to.equal(400);
            expect(res.payload, query).to.contain('data-status="400"');
        }
    });
});
