import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import SuperTokens from 'supertokens-node';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import UserMetadata from 'supertokens-node/recipe/usermetadata';
import UserRoles from 'supertokens-node/recipe/userroles';

import { CoreExtensions } from '../../../server/web/core-extensions';
import { linkOf, signedInAdmin, signedInUser, startAdminApp, thirdPartyUser, userPage, userRowIds, type SignedIn } from '../../helpers/admin';
import { attributeOf, handleOf, password, signIn, textOf } from '../../helpers/pages';
import type { TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('Admin user list', () => {

    let app: TestApp;
    let admin: SignedIn;
    let newestFirst: string[];

    before(async () => {

        app = await startAdminApp();
        admin = await signedInAdmin(app);
        for (let i = 0; i < 30; ++i) {
            const created = await EmailPassword.signUp('public', `pager-${String(i).padStart(2, '0')}@list.example`, password);
            expect(created.status).to.equal('OK');
        }

        newestFirst = (await SuperTokens.getUsersNewestFirst({ tenantId: 'public', limit: 100 })).users.map((user) => user.id);
        expect(newestFirst).to.have.length(31);
    });

    after(async () => {

        await app.destroy();
    });

    it('lists users newest first, 25 a page, and follows the core\'s cursors to the end and back', async () => {

        const first = await admin.browser.get('/admin/users');
        expect(first.statusCode).to.equal(200);
        expect(userRowIds(first.payload)).to.equal(newestFirst.slice(0, 25));
        expect(textOf(first.payload, 'users-page')).to.equal('Page 1');
        expect(first.payload).to.not.contain('id="users-first"');

        const next = linkOf(first.payload, 'users-next')!;
        expect(next).to.match(/^\/admin\/users\?after=[A-Za-z0-9_-]+&page=2$/);
        expect(first.payload).to.not.contain('id="users-previous"');
        const second = await admin.browser.get(next);
        expect(userRowIds(second.payload)).to.equal(newestFirst.slice(25));
        expect(textOf(second.payload, 'users-page')).to.equal('Page 2');
        expect(second.payload).to.not.contain('id="users-next"');
        expect(linkOf(second.payload, 'users-first')).to.equal('/admin/users');

        const previous = linkOf(second.payload, 'users-previous')!;
        expect(previous).to.match(/^\/admin\/users\?before=[A-Za-z0-9_-]+$/);
        const back = await admin.browser.get(previous);
        expect(userRowIds(back.payload)).to.equal(newestFirst.slice(0, 25));
        expect(back.payload).to.not.contain('id="users-previous"');
        expect(textOf(back.payload, 'users-page')).to.equal('Page 1');
    });

    it('takes a smaller page size, kept in the Next and Previous links', async () => {

        const first = await admin.browser.get('/admin/users?limit=10');
        expect(userRowIds(first.payload)).to.equal(newestFirst.slice(0, 10));
        const second = await admin.browser.get(linkOf(first.payload, 'users-next')!);
        expect(userRowIds(second.payload)).to.equal(newestFirst.slice(10, 20));
        const third = await admin.browser.get(linkOf(second.payload, 'users-next')!);
        expect(userRowIds(third.payload)).to.equal(newestFirst.slice(20, 30));
        expect(textOf(third.payload, 'users-page')).to.equal('Page 3');
        const previous = linkOf(third.payload, 'users-previous')!;
        expect(previous).to.contain('limit=10');
        expect(userRowIds((await admin.browser.get(previous)).payload)).to.equal(newestFirst.slice(10, 20));
        expect(textOf(first.payload, 'users-total')).to.equal('31 users');
    });

    it('shows each user\'s email, sign-in method, join date and a link to their page', async () => {

        const res = await admin.browser.get('/admin/users?q=pager-07');
        const [id] = userRowIds(res.payload);
        const row = new RegExp(`<tr class="user-row" data-user-id="${id}">([\\s\\S]*?)</tr>`).exec(res.payload)![1]!;
        expect(row).to.contain(`href="${userPage(id!)}"`);
        expect(row).to.contain('pager-07@list.example');
        expect(row).to.contain('Email and password');
        expect(row).to.contain('unverified');
        expect(row).to.match(/<time datetime="\d{4}-\d\d-\d\dT/);
    });

    describe('search', () => {

        let github: string[];
        let google: string;

        before(async () => {

            github = [
                await thirdPartyUser('github', 'gh-1', 'octo@shared.example'),
                await thirdPartyUser('github', 'gh-2', 'hubber@other.example')
            ];
            google = await thirdPartyUser('google', 'g-1', 'goo@shared.example');
            await EmailPassword.signUp('public', 'pw@shared.example', password);
        });

        it('finds users by any part of the email', async () => {

            const prefix = await admin.browser.get('/admin/users?q=pager-1');
            expect(prefix.statusCode).to.equal(200);
            expect(userRowIds(prefix.payload)).to.have.length(10);
            expect(prefix.payload).to.contain('pager-19@list.example');
            expect(prefix.payload).to.not.contain('pager-20@list.example');
            expect(attributeOf(prefix.payload, 'value', 'search-q')).to.equal('pager-1');

            const domain = await admin.browser.get('/admin/users?q=shared.example');
            const [passwordUser] = await SuperTokens.listUsersByAccountInfo('public', { email: 'pw@shared.example' });
            expect(userRowIds(domain.payload).sort()).to.equal([github[0]!, google, passwordUser!.id].sort());

            const none = await admin.browser.get('/admin/users?q=nobody-here');
            expect(userRowIds(none.payload)).to.equal([]);
            expect(textOf(none.payload, 'users-empty')).to.equal('No user matches this search.');
        });

        it('filters by provider, alone or together with an email prefix', async () => {

            const alone = await admin.browser.get('/admin/users?method=github');
            expect(userRowIds(alone.payload).sort()).to.equal([...github].sort());
            expect(alone.payload).to.match(/<option value="github" selected>GitHub<\/option>/);

            const both = await admin.browser.get('/admin/users?q=shared.example&method=github');
            expect(userRowIds(both.payload)).to.equal([github[0]!]);

            const [passwordUser] = await SuperTokens.listUsersByAccountInfo('public', { email: 'pw@shared.example' });
            const sharedPasswords = await admin.browser.get('/admin/users?q=shared.example&method=emailpassword');
            expect(userRowIds(sharedPasswords.payload)).to.equal([passwordUser!.id]);

            const passwords = await admin.browser.get('/admin/users?method=emailpassword&limit=100');
            const ids = userRowIds(passwords.payload);
            const expected = await SuperTokens.getUsersNewestFirst({ tenantId: 'public', limit: 100, includeRecipeIds: ['emailpassword'] });
            expect(ids).to.equal(expected.users.map((user) => user.id));
            expect(ids.length).to.be.at.least(32);
            expect(ids).to.not.include(github);
            expect(ids).to.not.include(google);

            // A provider with no button is listed under its id.
            await thirdPartyUser('gitlab', 'gl-1', 'lab@shared.example');
            const unknown = await admin.browser.get('/admin/users?method=gitlab');
            expect(userRowIds(unknown.payload)).to.have.length(1);
            expect(unknown.payload).to.match(/<option value="gitlab" selected>gitlab<\/option>/);
        });

        it('pages through search results both ways', async () => {

            const first = await admin.browser.get('/admin/users?q=pager-&limit=20');
            expect(userRowIds(first.payload)).to.have.length(20);
            const next = linkOf(first.payload, 'users-next')!;
            expect(next).to.match(/^\/admin\/users\?q=pager-&after=[A-Za-z0-9_-]+&page=2&limit=20$/);
            const second = await admin.browser.get(next);
            expect(userRowIds(second.payload)).to.have.length(10);
            expect(userRowIds(second.payload)).to.not.include(userRowIds(first.payload));
            expect(userRowIds((await admin.browser.get(linkOf(second.payload, 'users-previous')!)).payload)).to.equal(userRowIds(first.payload));
            expect(second.payload).to.not.contain('id="users-next"');
        });
    });

    it('answers junk in the address with the 400 page, never a 500', async () => {

        const junk = [
            'page=abc', 'page=0', 'page=-1', 'page=100001', 'page=1.5', 'limit=0', 'limit=101', 'limit=ten',
            'cursor=%%%', 'cursor=not-base64!', `cursor=${Buffer.from('no separator').toString('base64')}`, `cursor=${'A'.repeat(600)}`,
            'after=a&before=b', 'after=%%%', 'sort=name', 'order=up', 'state=odd', 'role=%00',
            'q=a;b', 'q=%00', `q=${'a'.repeat(300)}`, 'method=git%20hub', 'method=-x',
            'q=a&q=b', 'unknown=1'
        ];

        for (const query of junk) {
            const res = await admin.browser.get(`/admin/users?${query}`);
            expect(res.statusCode, query).to.equal(400);
            expect(res.payload, query).to.contain('data-status="400"');
        }
    });

    it('answers a cursor whose time is past what the core reads with the 400 page, without asking the core', async () => {

        const getUsersNewestFirst = SuperTokens.getUsersNewestFirst;
        let calls = 0;
        SuperTokens.getUsersNewestFirst = (...args) => {

            ++calls;
            return getUsersNewestFirst(...args);
        };

        try {
            const res = await admin.browser.get(`/admin/users?cursor=${encodeURIComponent(Buffer.from('someone;9999999999999999').toString('base64'))}`);
            expect(res.statusCode).to.equal(400);
            expect(res.payload).to.contain('data-status="400"');
            expect(calls).to.equal(0);
        }
        finally {
            SuperTokens.getUsersNewestFirst = getUsersNewestFirst;
        }
    });

    it('answers a failure of the core with the 500 page', async () => {

        const listUsers = CoreExtensions.prototype.listUsers;
        CoreExtensions.prototype.listUsers = () => Promise.reject(new Error('core unreachable'));
        try {
            for (const query of ['', '?q=pager']) {
                const res = await admin.browser.get(`/admin/users${query}`);
                expect(res.statusCode, query).to.equal(500);
                expect(res.payload).to.contain('data-status="500"');
                expect(res.payload).to.not.contain('core unreachable');
            }
        }
        finally {
            CoreExtensions.prototype.listUsers = listUsers;
        }
    });

    it('checks who is asking before the input', async () => {

        const res = await app.browser().get('/admin/users?page=abc');
        expect(res.statusCode).to.equal(302);
        expect(res.headers.location).to.equal('/auth?redirectToPath=%2Fadmin%2Fusers%3Fpage%3Dabc');

        const staff = await signedInUser(app, 'junk-staff@example.com');
        expect((await staff.browser.get('/admin/users?page=abc')).statusCode).to.equal(403);
    });

    it('marks locked accounts', async () => {

        const locked = await signedInUser(app, 'locked-in-list@example.com');
        for (let i = 0; i < 10; ++i) {
            await signIn(app.browser(), locked.email, 'a wrong password here');
        }

        const res = await admin.browser.get('/admin/users?q=locked-in-list');
        expect(res.payload).to.contain('data-locked="true"');
        const other = await admin.browser.get('/admin/users?q=pager-01');
        expect(other.payload).to.not.contain('data-locked="true"');
    });

    it('renders a stored XSS payload in an email as text, in the list, on the user page and in the audit log', async () => {

        const payload = '"><script>alert(1)</script><img src=x onerror=alert(2)>@evil.example';
        const id = await thirdPartyUser('apple', 'apple-xss', payload);
        const list = await admin.browser.get('/admin/users?q=%22%3E%3Cscript');
        expect(userRowIds(list.payload)).to.equal([id]);

        const page = await admin.browser.get(userPage(id));
        const audit = await admin.browser.get(`/admin/audit?userId=${id}`);
        for (const res of [list, page, audit]) {
            expect(res.statusCode).to.equal(200);
            expect(res.payload).to.not.contain('<script>alert(1)');
            expect(res.payload).to.not.contain('<img src=x');
            expect(res.payload).to.contain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src&#x3D;x onerror&#x3D;alert(2)&gt;@evil.example');
        }

        expect(textOf(page.payload, 'user-email')).to.equal('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src&#x3D;x onerror&#x3D;alert(2)&gt;@evil.example');
        expect(page.payload).to.contain('<form method="post" action="/admin/users/');
    });
});


describe('Admin user page', () => {

    let app: TestApp;
    let admin: SignedIn;

    before(async () => {

        app = await startAdminApp();
        admin = await signedInAdmin(app);
    });

    after(async () => {

        await app.destroy();
    });

    it('shows sign-in methods, email, verification, join date, roles and metadata', async () => {

        const user = await signedInUser(app, 'shown@example.com', ['auditor']);
        await UserMetadata.updateUserMetadata(user.userId, { team: 'ops', level: 3 });
        const res = await admin.browser.get(userPage(user.userId));
        expect(res.statusCode).to.equal(200);
        expect(res.payload).to.contain('<title>shown@example.com · Staffgate</title>');
        expect(textOf(res.payload, 'user-email')).to.equal('shown@example.com');
        expect(textOf(res.payload, 'user-id')).to.equal(user.userId);
        expect(attributeOf(res.payload, 'data-verified', 'user-email-verified')).to.equal('false');
        expect(res.payload).to.match(/<li class="login-method" data-recipe="emailpassword" data-verified="false">Email and password · shown@example.com · not verified/);
        expect(res.payload).to.contain('data-role="auditor"');
        expect(attributeOf(res.payload, 'value', 'grant-role-select')).to.not.exist();
        expect(res.payload).to.contain('<option value="admin">admin</option>');
        expect(res.payload).to.not.contain('<option value="auditor">');
        expect(textOf(res.payload, 'metadata-input')).to.equal('{ &quot;team&quot;: &quot;ops&quot;, &quot;level&quot;: 3 }');
        expect(res.payload).to.contain('id="password-reset-form"');
        expect(attributeOf(res.payload, 'data-banned', 'user-ban')).to.equal('false');
        expect(attributeOf(res.payload, 'data-locked', 'user-lockout')).to.equal('false');
        expect(res.payload).to.not.contain('data-needs-core');
    });

    it('shows a third-party user\'s provider and no password reset', async () => {

        const id = await thirdPartyUser('google', 'g-shown', 'g.shown@example.com');
        const res = await admin.browser.get(userPage(id));
        expect(res.payload).to.match(/data-recipe="thirdparty" data-verified="false">Google · g.shown@example.com/);
        expect(res.payload).to.not.contain('id="password-reset-form"');
        expect(res.payload).to.contain('id="no-sessions"');
        expect(res.payload).to.contain('id="no-roles"');
    });

    it('lists every session with its start, end, last refresh, IP and user agent', async () => {

        const user = await signedInUser(app, 'sessions@example.com');
        const laptop = app.browser();
        await laptop.request({ method: 'POST', url: '/auth/signin', payload: { formFields: [{ id: 'email', value: user.email }, { id: 'password', value: password }] }, headers: { rid: 'emailpassword', 'user-agent': 'Firefox/141 (laptop)' }, remoteAddress: '198.51.100.20' });
        await laptop.post('/auth/session/refresh', undefined, { rid: 'session' });

        const res = await admin.browser.get(userPage(user.userId));
        const rows = [...res.payload.matchAll(/<tr class="session-row" data-session-handle="([^"]+)">([\s\S]*?)<\/tr>/g)];
        expect(rows.map((row) => row[1])).to.equal([await handleOf(laptop), await handleOf(user.browser)]);

        const [newest, oldest] = rows.map((row) => row[2]!);
        expect(newest).to.contain('<td class="mono nowrap session-ip" data-label="IP">198.51.100.20</td>');
        expect(newest).to.contain('<td class="session-user-agent" data-label="Device"><span title="Firefox/141 (laptop)">Firefox</span></td>');
        expect(newest).to.match(/<td class="session-last-refresh" data-label="Last refresh"><time class="nowrap" datetime="[^"]+">/);
        expect(newest).to.match(/<td class="session-expires" data-label="Ends if unused"><time class="nowrap" datetime="[^"]+">/);
        expect(oldest).to.contain('<td class="mono nowrap session-ip" data-label="IP">127.0.0.1</td>');
        expect(oldest).to.contain('<td class="session-last-refresh" data-label="Last refresh">—</td>');
        expect(oldest).to.contain('class="inline-form revoke-session-form"');
    });

    it('renders a hostile user agent and hostile metadata as text', async () => {

        const user = await signedInUser(app, 'hostile@example.com');
        const browser = app.browser();
        await browser.request({ method: 'POST', url: '/auth/signin', payload: { formFields: [{ id: 'email', value: user.email }, { id: 'password', value: password }] }, headers: { rid: 'emailpassword', 'user-agent': '<script>alert("ua")</script>' } });
        await UserMetadata.updateUserMetadata(user.userId, { note: '</textarea><script>alert("meta")</script>' });

        const res = await admin.browser.get(userPage(user.userId));
        expect(res.payload).to.not.contain('<script>alert("ua")');
        expect(res.payload).to.not.contain('</textarea><script>');
        expect(res.payload).to.contain('<td class="session-user-agent" data-label="Device"><span title="&lt;script&gt;alert(&quot;ua&quot;)&lt;/script&gt;">Unknown browser</span></td>');
        expect(res.payload).to.contain('&lt;/textarea&gt;&lt;script&gt;alert(\\&quot;meta\\&quot;)&lt;/script&gt;');

        // In the audit trail too (the core recorded the sign-in with that user agent).
        expect(res.payload).to.contain('<td class="audit-user-agent" data-label="Device"><span title="&lt;script&gt;alert(&quot;ua&quot;)&lt;/script&gt;">Unknown browser</span></td>');
    });

    it('shows the lockout and the user\'s audit trail', async () => {

        const user = await signedInUser(app, 'trail@example.com');
        for (let i = 0; i < 3; ++i) {
            await signIn(app.browser(), user.email, 'not the password at all');
        }

        const res = await admin.browser.get(userPage(user.userId));
        expect(attributeOf(res.payload, 'data-failures', 'user-lockout')).to.equal('3');
        expect(res.payload).to.contain('id="clear-lockout-form"');
        const events = [...res.payload.matchAll(/<tr class="audit-row" data-event="([a-z_]+)"/g)].map((match) => match[1]);
        expect(events).to.equal(['sign_in_failed', 'sign_in_failed', 'sign_in_failed', 'sign_up']);
        expect(linkOf(res.payload, 'user-audit-more')).to.equal(`/admin/audit?userId=${user.userId}`);
    });

    it('shows an admin their own page without the ban, delete and own-admin-role controls', async () => {

        const res = await admin.browser.get(userPage(admin.userId));
        expect(res.statusCode).to.equal(200);
        expect(res.payload).to.contain('id="ban-self-note"');
        expect(res.payload).to.not.contain('id="ban-form"');
        expect(res.payload).to.contain('id="delete-self-note"');
        expect(res.payload).to.not.contain('id="delete-user-form"');
        expect(res.payload).to.contain('(your own admin role)');
        expect(res.payload).to.not.contain('class="inline-form remove-role-form" data-role="admin"');
    });

    it('shows the roles a user may be given, and none when they hold them all', async () => {

        await UserRoles.createNewRoleOrAddPermissions('page-role', []);
        const user = await signedInUser(app, 'all-roles@example.com');
        const earlier = await admin.browser.get(userPage(user.userId));
        expect(earlier.payload).to.contain('<option value="page-role">page-role</option>');

        for (const role of (await UserRoles.getAllRoles()).roles) {
            await UserRoles.addRoleToUser('public', user.userId, role);
        }

        const later = await admin.browser.get(userPage(user.userId));
        expect(later.payload).to.not.contain('id="grant-role-form"');
    });
});
