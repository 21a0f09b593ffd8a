import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import UserRoles from 'supertokens-node/recipe/userroles';

import { adminEmail, adminPost, linkOf, signedInUser, userPage, useAdminApp } from '../../helpers/admin';
import { auditEvents, coreRequest } from '../../helpers/core-api';
import { attributeOf, signIn } from '../../helpers/pages';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;

const auditRows = (html: string) => [...html.matchAll(/<tr class="audit-row" data-event="([a-z_]+)" data-audit-id="(\d+)">([\s\S]*?)<\/tr>/g)].map((match) => ({ event: match[1]!, id: Number(match[2]), html: match[3]! }));

/** A cell's text (tags left out). */
const cellOf = (row: string, name: string) => new RegExp(`<td class="[^"]*audit-${name}[^"]*"[^>]*>([\\s\\S]*?)</td>`).exec(row)?.[1]?.replace(/<[^>]+>/g, '');

/** A wall-clock time in `zone`, as a datetime-local field holds it ("2026-12-04T22:15"). */
const wallClock = (ms: number, zone: string) => {

    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(ms).map((part) => [part.type, part.value]));
    return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
};

/** CSV text as rows of cells (RFC 4180 quoting). */
const parseCsv = (text: string): string[][] => {

    const rows: string[][] = [];
    let row: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < text.length; ++i) {
        const char = text[i]!;
        if (quoted) {
            if (char === '"' && text[i + 1] === '"') {
                cell += '"';
                ++i;
            }
            else if (char === '"') {
                quoted = false;
            }
            else {
                cell += char;
            }
        }
        else if (char === '"') {
            quoted = true;
        }
        else if (char === ',') {
            row.push(cell);
            cell = '';
        }
        else if (char === '\r' && text[i + 1] === '\n') {
            row.push(cell);
            rows.push(row);
            row = [];
            cell = '';
            ++i;
        }
        else {
            cell += char;
        }
    }

    return rows;
};


describe('Admin audit log: filters, readable events and the CSV export', () => {

    const { app, admin } = useAdminApp(lab);

    const appendEvent = (event: string, details: Record<string, unknown>, userId?: string) => coreRequest(app, 'POST', '/staffgate/audit', { event, details, ...(userId ? { userId } : {}) });

    it('filters by email: the user\'s events, and the events that record the address (a refused sign-up)', async () => {

        const user = await signedInUser(app, 'Mixed.Case@example.com');
        await signIn(app.browser(), 'mixed.case@example.com', 'not the right password');
        await appendEvent('sign_up_refused', { method: 'emailpassword', email: 'outsider@example.com', reason: 'invite_only' });

        const byEmail = await admin.browser.get('/admin/audit?user=Mixed.Case%40example.com');
        expect(byEmail.statusCode).to.equal(200);
        expect(auditRows(byEmail.payload).map((row) => row.event)).to.equal(['sign_in_failed', 'sign_up']);
        expect(attributeOf(byEmail.payload, 'value', 'audit-user')).to.equal('Mixed.Case@example.com');

        const byId = await admin.browser.get(`/admin/audit?user=${user.userId}`);
        expect(auditRows(byId.payload).map((row) => row.id)).to.equal(auditRows(byEmail.payload).map((row) => row.id));

        // Links from elsewhere name the id or the email alone.
        expect(auditRows((await admin.browser.get(`/admin/audit?userId=${user.userId}`)).payload)).to.have.length(2);
        expect(auditRows((await admin.browser.get('/admin/audit?email=mixed.case%40example.com&event=sign_up')).payload).map((row) => row.event)).to.equal(['sign_up']);

        const outsider = auditRows((await admin.browser.get('/admin/audit?user=outsider%40example.com')).payload);
        expect(outsider.map((row) => row.event)).to.equal(['sign_up_refused']);
        expect(cellOf(outsider[0]!.html, 'details')).to.equal('invite only · with a password · address: outsider@example.com');

        expect(auditRows((await admin.browser.get('/admin/audit?user=nobody%40example.com')).payload)).to.equal([]);
    });

    it('filters by event from a select of readable names', async () => {

        const res = await admin.browser.get('/admin/audit?event=sign_in_failed');
        const rows = auditRows(res.payload);
        expect(rows.length).to.be.at.least(1);
        expect(rows.every((row) => row.event === 'sign_in_failed')).to.be.true();
        expect(res.payload).to.contain('<option value="sign_in_failed" selected>Sign-in failed</option>');
        expect(res.payload).to.contain('<option value="password_reset_requested">Password reset requested</option>');
        expect(res.payload).to.contain('<option value="role_granted">Role granted</option>');
    });

    it('reads times in the admin\'s time zone (the tz field the page script fills), UTC without it', async () => {

        const user = await signedInUser(app, 'zoned@example.com');
        const [signUp] = await auditEvents(app, user.userId, 'sign_up');
        const around = (zone: string) => ({ from: wallClock(signUp!.time - 60_000, zone), to: wallClock(signUp!.time + 120_000, zone) });
        const rowsFor = async (query: Record<string, string>) => auditRows((await admin.browser.get(`/admin/audit?${new URLSearchParams({ user: user.userId, ...query })}`)).payload).map((row) => row.event);

        for (const zone of ['Asia/Kolkata', 'America/New_York']) {
            expect(await rowsFor({ ...around(zone), tz: zone }), zone).to.equal(['sign_up']);
            expect(await rowsFor(around(zone)), `${zone} read as UTC`).to.equal([]);
            expect(await rowsFor({ ...around('UTC'), tz: zone }), `UTC times read in ${zone}`).to.equal([]);
        }

        expect(await rowsFor(around('UTC'))).to.equal(['sign_up']);
        expect(await rowsFor({ ...around('UTC'), tz: 'UTC' })).to.equal(['sign_up']);

        // The zone rides along with the times in the page's links (paging, export).
        const page = await admin.browser.get(`/admin/audit?${new URLSearchParams({ ...around('Asia/Kolkata'), tz: 'Asia/Kolkata', event: 'sign_up' })}`);
        expect(linkOf(page.payload, 'audit-export')).to.equal(`/admin/audit.csv?${new URLSearchParams({ event: 'sign_up', ...around('Asia/Kolkata'), tz: 'Asia/Kolkata' })}`);
        expect(attributeOf(page.payload, 'value', 'audit-tz')).to.equal('Asia/Kolkata');

        for (const query of ['tz=Mars%2FOlympus', 'tz=%3Cscript%3E', `tz=${'A'.repeat(65)}`]) {
            const res = await admin.browser.get(`/admin/audit?from=2026-01-01T00:00&${query}`);
            expect(res.statusCode, query).to.equal(400);
        }
    });

    it('pages with Older and Newest, keeping the filters', async () => {

        const user = await signedInUser(app, 'paged@example.com');
        for (let i = 0; i < 4; ++i) {
            await signIn(app.browser(), 'paged@example.com', 'not the right password');
        }

        const first = await admin.browser.get('/admin/audit?user=paged%40example.com&limit=2');
        const firstRows = auditRows(first.payload);
        expect(firstRows.map((row) => row.event)).to.equal(['sign_in_failed', 'sign_in_failed']);
        expect(linkOf(first.payload, 'audit-first')).to.not.exist();
        const next = linkOf(first.payload, 'audit-next')!;
        expect(next).to.match(/^\/admin\/audit\?user=paged%40example\.com&limit=2&cursor=\d+$/);

        const second = await admin.browser.get(next);
        expect(auditRows(second.payload).map((row) => row.event)).to.equal(['sign_in_failed', 'sign_in_failed']);
        expect(auditRows(second.payload)[0]!.id).to.be.below(firstRows[1]!.id);
        expect(linkOf(second.payload, 'audit-first')).to.equal('/admin/audit?user=paged%40example.com&limit=2');

        const third = await admin.browser.get(linkOf(second.payload, 'audit-next')!);
        expect(auditRows(third.payload).map((row) => row.event)).to.equal(['sign_up']);
        expect(linkOf(third.payload, 'audit-next')).to.not.exist();
        expect(user.userId).to.exist();
    });

    it('shows events by name, with their details as text and the acting admin', async () => {

        const user = await signedInUser(app, 'granted@example.com');
        await UserRoles.createNewRoleOrAddPermissions('editor', []);
        await adminPost(admin.browser, userPage(user.userId), `${userPage(user.userId)}/roles/grant`, { role: 'editor' });

        const [row] = auditRows((await admin.browser.get(`/admin/audit?user=${user.userId}&event=role_granted`)).payload);
        expect(cellOf(row!.html, 'event')).to.equal('Role granted');
        expect(row!.html).to.contain(`<span class="nowrap">role: editor</span><span class="audit-actor" data-actor-id="${admin.userId}"> · by <a class="nowrap" href="/admin/users/${admin.userId}">${adminEmail}</a></span>`);
        expect(cellOf(row!.html, 'details')).to.equal(`role: editor · by ${adminEmail}`);

        await appendEvent('role_permissions_removed', { role: 'editor', permissions: ['read', 'write'] });
        const [removed] = auditRows((await admin.browser.get('/admin/audit?event=role_permissions_removed')).payload);
        expect(cellOf(removed!.html, 'event')).to.equal('Permissions removed from a role');
        expect(cellOf(removed!.html, 'details')).to.equal('role: editor · permissions: read, write');
        expect(cellOf(removed!.html, 'user')).to.equal('—');
    });

    describe('/admin/audit.csv', () => {

        it('streams the filtered log as an attachment, formula-safe, and records the export', async () => {

            const attacker = await signedInUser(app, 'csv.target@example.com');
            await appendEvent('sign_up_refused', { method: 'emailpassword', email: 'csv.target@example.com', reason: '=HYPERLINK("http://evil.example","click")' });
            await appendEvent('role_permissions_removed', { role: '+cmd', permissions: ['-rm', '@x'] }, attacker.userId);

            const res = await admin.browser.get('/admin/audit.csv?user=csv.target%40example.com');
            expect(res.statusCode).to.equal(200);
            expect(res.headers['content-type']).to.equal('text/csv; charset=utf-8');
            expect(res.headers['content-disposition']).to.match(/^attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"$/);
            expect(res.headers['cache-control']).to.equal('no-store');

            const rows = parseCsv(res.payload);
            expect(rows[0]).to.equal(['time (UTC)', 'event', 'description', 'details', 'user id', 'user email', 'by (user id)', 'by (email)', 'ip', 'device', 'user agent', 'details (JSON)']);
            expect(rows.slice(1).map((row) => row[1])).to.equal(['role_permissions_removed', 'sign_up_refused', 'sign_up']);

            const [removed, refused, signUp] = rows.slice(1);
            expect(removed![2]).to.equal('Permissions removed from a role');
            expect(removed![3]).to.equal('role: +cmd · permissions: -rm, @x');
            expect(removed![4]).to.equal(attacker.userId);
            expect(removed![5]).to.equal('csv.target@example.com');
            expect(removed![11]).to.equal('{"role":"+cmd","permissions":["-rm","@x"]}');
            expect(refused![3]).to.equal('\'=HYPERLINK("http://evil.example","click") · with a password · address: csv.target@example.com');
            expect(refused![11]).to.contain('=HYPERLINK');
            expect(signUp![0]).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
            expect(signUp![3]).to.equal('with a password');

            // No cell begins with a character a spreadsheet would run.
            for (const cell of rows.flat()) {
                expect(cell, cell).to.not.match(/^[=+\-@\t\r]/);
            }

            expect(res.payload).to.contain(',"\'=HYPERLINK(""http://evil.example"",""click"") · with a password');

            const [exported] = (await coreRequest(app, 'GET', '/staffgate/audit?event=audit_exported&limit=1')).events;
            expect(exported.actorId).to.equal(admin.userId);
            expect(exported.details).to.equal({ filters: { user: 'csv.target@example.com' } });
            const [shown] = auditRows((await admin.browser.get('/admin/audit?event=audit_exported')).payload);
            expect(cellOf(shown!.html, 'event')).to.equal('Audit log exported');
            expect(cellOf(shown!.html, 'details')).to.contain('filters: {&quot;user&quot;:&quot;csv.target@example.com&quot;}');
        });

        it('reads every page from the core, past the 500 a batch holds', async () => {

            const user = await signedInUser(app, 'many-rows@example.com');
            for (let i = 0; i < 520; ++i) {
                await appendEvent('role_permissions_removed', { role: `r${i}`, permissions: [] }, user.userId);
            }

            const res = await admin.browser.get(`/admin/audit.csv?user=${user.userId}&event=role_permissions_removed`);
            const rows = parseCsv(res.payload).slice(1);
            expect(rows).to.have.length(520);
            expect(rows[0]![3]).to.equal('role: r519 · permissions: none');
            expect(rows[519]![3]).to.equal('role: r0 · permissions: none');
        });

        it('is open to viewers (a GET), not to other users, and refuses bad filters', async () => {

            const viewer = await signedInUser(app, 'csv.viewer@example.com', ['viewer']);
            const res = await viewer.browser.get('/admin/audit.csv?event=sign_up');
            expect(res.statusCode).to.equal(200);
            expect(parseCsv(res.payload).slice(1).every((row) => row[1] === 'sign_up')).to.be.true();
            const [exported] = (await coreRequest(app, 'GET', '/staffgate/audit?event=audit_exported&limit=1')).events;
            expect(exported.actorId).to.equal(viewer.userId);

            const stranger = await signedInUser(app, 'csv.stranger@example.com');
            expect((await stranger.browser.get('/admin/audit.csv')).statusCode).to.equal(403);

            const signedOut = await app.browser().get('/admin/audit.csv');
            expect(signedOut.statusCode).to.equal(302);

            for (const query of ['event=Sign-In', 'from=2026-02-31', 'tz=Nowhere%2FLand', 'user=a%0Ab', 'other=1']) {
                expect((await admin.browser.get(`/admin/audit.csv?${query}`)).statusCode, query).to.equal(400);
            }
        });
    });
});
