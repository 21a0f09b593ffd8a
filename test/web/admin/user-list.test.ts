import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import UserRoles from 'supertokens-node/recipe/userroles';

import { csvStream } from '../../../server/web/admin/csv';
import { exportBatchSize, userCsvPages } from '../../../server/web/admin/routes/users/export';
import type { CoreExtensions, UserListEntry, UserListPageQuery } from '../../../server/web/core-extensions';
import { linkOf, signedInUser, useAdminApp, userRowIds, verifyEmailOf } from '../../helpers/admin';
import { coreRequest } from '../../helpers/core-api';
import { password, textOf } from '../../helpers/pages';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before } = lab;

/** The CSV's lines (header first), split on CRLF outside quotes. */
const csvLines = (text: string): string[] => text.match(/(?:"(?:[^"]|"")*"|[^"\r\n])*\r\n/g)!.map((line) => line.slice(0, -2));


describe('Admin user list: substring search, filters, sorts and the CSV export', () => {

    const { app, admin } = useAdminApp(lab);
    const ids: Record<string, string> = {};

    const signUp = async (key: string, email: string) => {

        const created = await EmailPassword.signUp('public', email, password);
        expect(created.status, email).to.equal('OK');
        ids[key] = created.status === 'OK' ? created.user.id : '';
    };

    const rows = async (query: string) => {

        const res = await admin.browser.get(`/admin/users?${query}`);
        expect(res.statusCode, query).to.equal(200);
        return { ids: userRowIds(res.payload), html: res.payload };
    };

    before(async () => {

        await signUp('smith', 'james.smith@corp.example');
        await signUp('percent', 'a%b@odd.example');
        await signUp('underscore', 'a_b@odd.example');
        await signUp('plain', 'axb@odd.example');
        await signUp('formula', '=cmd+1@odd.example');
        await signUp('minus', '-minus@odd.example');
        await signUp('comma', 'x"y,z@odd.example');
        await verifyEmailOf(ids.plain!, 'axb@odd.example');
        await UserRoles.createNewRoleOrAddPermissions('auditor', []);
        await UserRoles.addRoleToUser('public', ids.smith!, 'auditor');
        expect((await coreRequest(app, 'POST', '/staffgate/ban', { userId: ids.percent })).status).to.equal('OK');
    });

    it('finds any part of the email, taking % and _ literally', async () => {

        expect((await rows('q=smith')).ids).to.equal([ids.smith]);
        expect((await rows('q=SMITH')).ids).to.equal([ids.smith]);
        expect((await rows('q=a%25b')).ids).to.equal([ids.percent]);
        expect((await rows('q=a_b')).ids).to.equal([ids.underscore]);
        expect((await rows('q=_')).ids).to.equal([ids.underscore]);
        const odd = await rows('q=odd.example');
        expect(odd.ids).to.have.length(6);
        expect(textOf(odd.html, 'users-total')).to.equal('6 matching users');
    });

    it('filters by role, state and sign-in method, and shows roles, state and last sign-in', async () => {

        const auditors = await rows('role=auditor');
        expect(auditors.ids).to.equal([ids.smith]);
        expect(auditors.html).to.match(/<option value="auditor" selected>auditor<\/option>/);
        expect(auditors.html).to.contain('<td class="user-roles" data-label="Roles"><span class="tag">auditor</span>');

        const banned = await rows('state=banned');
        expect(banned.ids).to.equal([ids.percent]);
        expect(banned.html).to.contain('data-banned="true"');

        expect((await rows('state=unverified&q=odd')).ids).to.not.include(ids.plain);
        expect((await rows('state=unverified&q=odd')).ids).to.have.length(5);
        expect((await rows('state=noTwoFactor&q=smith')).ids).to.equal([ids.smith]);
        expect((await rows('state=locked&q=odd')).ids).to.equal([]);
        expect((await rows('method=link')).ids).to.equal([]);
        expect((await rows('method=emailpassword&q=smith')).ids).to.equal([ids.smith]);

        // The admin signed in: a last sign-in; the others never did.
        const all = await rows('q=example');
        expect(all.html).to.match(new RegExp(`data-user-id="${admin.userId}">[\\s\\S]*?data-label="Last sign-in"><time datetime=`));
        expect(all.html).to.match(new RegExp(`data-user-id="${ids.smith}">[\\s\\S]*?data-label="Last sign-in"><span class="muted">never</span>`));
    });

    it('sorts by email and by last sign-in, both ways', async () => {

        const byEmail = (await rows('q=odd.example&sort=email&order=asc')).ids;
        expect(byEmail).to.equal([ids.minus, ids.formula, ids.percent, ids.underscore, ids.plain, ids.comma]);
        expect((await rows('q=odd.example&sort=email&order=desc')).ids).to.equal([...byEmail].reverse());
        expect((await rows('sort=lastSignIn&order=desc')).ids[0]).to.equal(admin.userId);
        expect((await rows('sort=lastSignIn&order=asc')).ids.at(-1)).to.equal(admin.userId);
    });

    it('pages back and forth with the filters kept', async () => {

        const first = await rows('q=odd.example&sort=email&order=asc&limit=2');
        const next = linkOf(first.html, 'users-next')!;
        expect(next).to.match(/^\/admin\/users\?q=odd\.example&sort=email&order=asc&after=[\w-]+&page=2&limit=2$/);
        const second = await rows(next.split('?')[1]!);
        expect(second.ids).to.equal([ids.percent, ids.underscore]);
        const back = await rows(linkOf(second.html, 'users-previous')!.split('?')[1]!);
        expect(back.ids).to.equal(first.ids);
    });

    it('links to the export with the current filters', async () => {

        const { html } = await rows('q=odd&state=unverified&sort=email&order=asc');
        expect(linkOf(html, 'users-export')).to.equal('/admin/users.csv?q=odd&state=unverified&sort=email&order=asc');
    });

    describe('export', () => {

        it('streams the filtered list as formula-safe RFC 4180 CSV, as an attachment never stored, and audits it', async () => {

            const res = await admin.browser.get('/admin/users.csv?q=odd.example&sort=email&order=asc');
            expect(res.statusCode).to.equal(200);
            expect(res.headers['content-type']).to.equal('text/csv; charset=utf-8');
            expect(res.headers['content-disposition']).to.match(/^attachment; filename="users-\d{4}-\d\d-\d\d\.csv"$/);
            expect(res.headers['cache-control']).to.equal('no-store');

            const lines = csvLines(res.payload);
            expect(lines[0]).to.equal('User id,Email,Phone number,Signs in with,Roles,Email verified,Banned,Locked,Two-factor,Joined (UTC),Last sign-in (UTC)');
            expect(lines).to.have.length(7);
            expect(lines[1]!).to.startWith(`${ids.minus},'-minus@odd.example,,Email and password,,no,no,no,no,`);
            expect(lines[2]!).to.startWith(`${ids.formula},'=cmd+1@odd.example,`);
            expect(lines[3]!).to.startWith(`${ids.percent},a%b@odd.example,,Email and password,,no,yes,no,no,`);
            expect(lines[5]!).to.startWith(`${ids.plain},axb@odd.example,,Email and password,,yes,`);
            expect(lines[6]!).to.startWith(`${ids.comma},"x""y,z@odd.example",`);
            expect(lines[6]!).to.match(/,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,$/);

            const { events } = await coreRequest(app, 'GET', '/staffgate/audit?event=users_exported');
            expect(events[0]).to.include({ event: 'users_exported', actorId: admin.userId });
            expect(events[0].details).to.equal({ search: 'odd.example', sort: 'email', order: 'asc' });
        });

        it('lets viewers export, and refuses staff and strangers', async () => {

            const viewer = await signedInUser(app, 'list-viewer@example.com', ['viewer']);
            const res = await viewer.browser.get('/admin/users.csv?role=auditor');
            expect(res.statusCode).to.equal(200);
            expect(csvLines(res.payload).slice(1).map((line) => line.split(',')[0])).to.equal([ids.smith]);

            const staff = await signedInUser(app, 'list-staff@example.com');
            expect((await staff.browser.get('/admin/users.csv')).statusCode).to.equal(403);
            const stranger = await app.browser().get('/admin/users.csv');
            expect(stranger.statusCode).to.equal(302);
        });

        it('answers bad filters with 400', async () => {

            for (const query of ['state=odd', 'sort=name', 'method=-x', 'q=%00', 'after=x']) {
                expect((await admin.browser.get(`/admin/users.csv?${query}`)).statusCode, query).to.equal(400);
            }
        });

        it('reads the core a batch at a time, following its cursor', async () => {

            const asked: UserListPageQuery[] = [];
            const user = (i: number): UserListEntry => ({ id: `u${i}`, recipeId: 'emailpassword', email: `u${i}@x.example`, timeJoined: i, verified: false, roles: [], banned: false, locked: false, twoFactor: false });
            const extensions = {
                listUsers: async (query: UserListPageQuery) => {

                    asked.push(query);
                    const page = asked.length;
                    return { users: [user(page * 2), user(page * 2 + 1)], ...(page < 3 ? { nextCursor: `c${page}` } : {}) };
                }
            } as unknown as CoreExtensions;

            const chunks: string[] = [];
            for await (const chunk of csvStream(['id'], userCsvPages({ q: 'x', role: '', state: '', method: '', sort: 'joined', order: 'desc' }, extensions, []))) {
                chunks.push(String(chunk));
            }

            expect(chunks).to.have.length(4);                       // the header, then one chunk a batch
            expect(asked.map((query) => query.after)).to.equal([undefined, 'c1', 'c2']);
            expect(asked.every((query) => query.limit === exportBatchSize && query.search === 'x')).to.be.true();
            expect(csvLines(chunks.join(''))).to.have.length(7);
        });
    });
});
