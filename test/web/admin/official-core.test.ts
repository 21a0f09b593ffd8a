import * as Code from '@hapi/code';
import * as Hapi from '@hapi/hapi';
import * as Lab from '@hapi/lab';
import SuperTokens from 'supertokens-node';
import UserRoles from 'supertokens-node/recipe/userroles';

import { CoreExtensions, ExtensionUnavailableError } from '../../../server/web/core-extensions';
import { loadOverview } from '../../../server/web/admin/services/overview';
import { adminPost, linkOf, signedInAdmin, signedInUser, startAdminApp, userPage, userRowIds, type SignedIn } from '../../helpers/admin';
import { startTestCore, testApiKey, type TestCore } from '../../helpers/core';
import { handleOf, textOf } from '../../helpers/pages';
import type { TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


/**
 * A core without the Staffgate extension endpoints, as an official SuperTokens core is: a proxy in front of our
 * core that answers every /staffgate path with the core's own 404.
 */
const startOfficialCore = async (core: TestCore): Promise<Hapi.Server> => {

    const proxy = Hapi.server({ host: '127.0.0.1', port: 0 });
    proxy.route({
        method: '*',
        path: '/{path*}',
        options: { payload: { parse: false, output: 'data' } },
        handler: async (request, h) => {

            if (/^\/staffgate(?:\/|$)/.test(request.path)) {
                return h.response('Not found\n').code(404).type('text/html; charset=UTF-8');
            }

            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(request.headers)) {
                if (!['host', 'connection', 'content-length'].includes(name) && typeof value === 'string') {
                    headers[name] = value;
                }
            }

            const payload = request.payload as Buffer | null;
            const res = await fetch(`${core.uri}${request.url.pathname}${request.url.search}`, {
                method: request.method.toUpperCase(),
                headers,
                body: ['get', 'head'].includes(request.method) || !payload?.length ? undefined : payload
            });

            return h.response(Buffer.from(await res.arrayBuffer())).code(res.status).type(res.headers.get('content-type') ?? 'text/plain');
        }
    });

    await proxy.start();
    return proxy;
};


describe('Admin area against an official SuperTokens core', () => {

    let core: TestCore;
    let proxy: Hapi.Server;
    let app: TestApp;
    let admin: SignedIn;

    before(async () => {

        core = await startTestCore({ env: { CORE_API_KEYS: testApiKey } });
        proxy = await startOfficialCore(core);
        app = await startAdminApp({ SUPERTOKENS_CONNECTION_URI: proxy.info.uri, SUPERTOKENS_API_KEY: testApiKey });
        admin = await signedInAdmin(app);
    });

    after(async () => {

        await app.destroy();
        await proxy.stop();
        await core.destroy();
    });

    it('shows the user count on the overview and says what needs the Staffgate core', async () => {

        const res = await admin.browser.get('/admin');
        expect(res.statusCode).to.equal(200);
        expect(textOf(res.payload, 'stat-users')).to.equal('1');
        expect(textOf(res.payload, 'overview-needs-core')).to.equal('This feature needs the Staffgate core: the configured core has no /staffgate endpoints.');
        expect(res.payload).to.not.contain('id="stat-sessions"');
        expect(res.payload).to.not.contain('id="stat-locked"');
    });

    it('lists and searches users', async () => {

        const user = await signedInUser(app, 'official-list@example.com');
        expect(userRowIds((await admin.browser.get('/admin/users')).payload)).to.include(user.userId);
        expect(userRowIds((await admin.browser.get('/admin/users?q=official-list')).payload)).to.equal([user.userId]);
    });

    it('pages by the SDK\'s token and by number, and pages searches by number', async () => {

        const others = [await signedInUser(app, 'official-page-a@example.com'), await signedInUser(app, 'official-page-b@example.com')];
        const newest = (await admin.browser.get('/admin/users?limit=100')).payload;
        const all = userRowIds(newest);
        const first = await admin.browser.get('/admin/users?limit=1');
        expect(userRowIds(first.payload)).to.equal(all.slice(0, 1));
        const next = linkOf(first.payload, 'users-next')!;
        expect(next).to.match(/^\/admin\/users\?cursor=[^&]+&page=2&limit=1$/);
        expect(userRowIds((await admin.browser.get(next)).payload)).to.equal(all.slice(1, 2));
        expect(userRowIds((await admin.browser.get('/admin/users?limit=1&page=3')).payload)).to.equal(all.slice(2, 3));
        expect(userRowIds((await admin.browser.get('/admin/users?limit=1&page=99')).payload)).to.equal([]);

        const search = await admin.browser.get('/admin/users?q=official-page-&limit=1');
        expect(userRowIds(search.payload)).to.equal([others[1]!.userId]);
        const second = await admin.browser.get(linkOf(search.payload, 'users-next')!);
        expect(userRowIds(second.payload)).to.equal([others[0]!.userId]);
        expect(linkOf(second.payload, 'users-previous')).to.equal('/admin/users?q=official-page-&limit=1');
        expect(userRowIds((await admin.browser.get('/admin/users?q=official-page-&method=emailpassword')).payload)).to.equal([others[1]!.userId, others[0]!.userId]);
        expect(userRowIds((await admin.browser.get('/admin/users?method=github')).payload)).to.equal([]);
    });

    it('shows the user page with sessions and roles, and says that bans, lockouts and the audit trail need the Staffgate core', async () => {

        const user = await signedInUser(app, 'official-page@example.com');
        const res = await admin.browser.get(userPage(user.userId));
        expect(res.statusCode).to.equal(200);
        expect(res.payload).to.contain(`data-session-handle="${await handleOf(user.browser)}"`);
        expect(res.payload).to.contain('id="grant-role-form"');
        expect(res.payload).to.contain('id="access-needs-core"');
        expect(res.payload).to.contain('id="audit-needs-core"');
        expect(res.payload).to.not.contain('id="ban-form"');
        expect(res.payload).to.not.contain('id="user-lockout"');
        expect(res.payload).to.contain('id="two-factor-needs-core"');
        expect(res.payload).to.not.contain('id="user-two-factor-status"');
    });

    it('says the two-factor column, the role and state filters, the other sorts and the export need the Staffgate core', async () => {

        const user = await signedInUser(app, 'official-two-factor@example.com');
        const list = await admin.browser.get('/admin/users');
        expect(list.payload).to.contain(`data-user-id="${user.userId}"`);
        expect(list.payload).to.contain('data-two-factor="unknown"');
        expect(list.payload).to.not.contain('id="users-filter-needs-core"');
        expect(list.payload).to.not.contain('id="users-total"');

        for (const query of ['state=noTwoFactor', 'role=admin', 'sort=email', 'order=asc', 'method=link', 'after=abc']) {
            const filtered = await admin.browser.get(`/admin/users?${query}`);
            expect(filtered.statusCode, query).to.equal(200);
            expect(userRowIds(filtered.payload), query).to.equal([]);
            expect(textOf(filtered.payload, 'users-filter-needs-core')).to.equal('This feature needs the Staffgate core: the configured core has no /staffgate endpoints.');
        }

        const csv = await admin.browser.get('/admin/users.csv');
        expect(csv.statusCode).to.equal(501);
    });

    it('says so on the audit log', async () => {

        const res = await admin.browser.get('/admin/audit?event=sign_in');
        expect(res.statusCode).to.equal(200);
        expect(res.payload).to.contain('id="audit-log-needs-core"');
        expect(res.payload).to.not.contain('id="audit-filter"');

        const exported = await admin.browser.get('/admin/audit.csv?event=sign_in');
        expect(exported.statusCode).to.equal(302);
        expect(exported.headers.location).to.equal('/admin/audit');
    });

    it('answers ban, unban, clear-lockout and the two-factor reset with the page saying they need the Staffgate core', async () => {

        const user = await signedInUser(app, 'official-ban@example.com');
        for (const [action, fields] of [['ban', {}], ['unban', {}], ['lockout/clear', {}], ['two-factor/reset', { confirmReset: user.email }]] as const) {
            const res = await adminPost(admin.browser, userPage(user.userId), `${userPage(user.userId)}/${action}`, fields);
            expect(res.statusCode, action).to.equal(501);
            expect(textOf(res.payload, 'flash'), action).to.equal('This feature needs the Staffgate core: the configured core has no /staffgate endpoints.');
        }

        expect((await user.browser.get('/dashboard')).statusCode).to.equal(200);
    });

    it('does everything else: revoke a session, grant a role, edit permissions, delete a user', async () => {

        const user = await signedInUser(app, 'official-actions@example.com');
        const revoke = await adminPost(admin.browser, userPage(user.userId), `${userPage(user.userId)}/sessions/revoke`, { handle: await handleOf(user.browser) });
        expect(revoke.statusCode).to.equal(302);
        expect((await user.browser.get('/dashboard')).statusCode).to.equal(302);

        await UserRoles.createNewRoleOrAddPermissions('official-role', ['a', 'b']);
        const grant = await adminPost(admin.browser, userPage(user.userId), `${userPage(user.userId)}/roles/grant`, { role: 'official-role' });
        expect(grant.statusCode).to.equal(302);
        expect((await UserRoles.getRolesForUser('public', user.userId)).roles).to.equal(['official-role']);

        const permissions = await adminPost(admin.browser, '/admin/roles/official-role', '/admin/roles/official-role/permissions', { permissions: 'b' });
        expect(permissions.statusCode).to.equal(302);
        const left = await UserRoles.getPermissionsForRole('official-role');
        expect(left.status === 'OK' && left.permissions).to.equal(['b']);

        const remove = await adminPost(admin.browser, userPage(user.userId), `${userPage(user.userId)}/delete`, { confirmEmail: user.email });
        expect(remove.statusCode).to.equal(302);
        expect(await SuperTokens.getUser(user.userId)).to.not.exist();
    });

    describe('CoreExtensions', () => {

        it('reports the extensions unavailable once, and every extension call as such', async () => {

            const extensions = new CoreExtensions({ uri: proxy.info.uri, apiKey: testApiKey });
            expect(await extensions.available()).to.be.false();
            expect(await extensions.available()).to.be.false();
            await expect(extensions.countLiveSessions()).to.reject(ExtensionUnavailableError);
        });

        it('asks again after a network error, and moves on to the next core', async () => {

            const down = new CoreExtensions({ uri: 'http://127.0.0.1:1', apiKey: testApiKey });
            await expect(down.available()).to.reject();
            await expect(down.available()).to.reject();

            const second = new CoreExtensions({ uri: `http://127.0.0.1:1; ${core.uri}/`, apiKey: testApiKey });
            expect(await second.available()).to.be.true();
            expect(await second.countLiveSessions()).to.be.a.number();
        });

        it('reports a core error with its status', async () => {

            const wrongKey = new CoreExtensions({ uri: core.uri, apiKey: 'not-the-key-0123456789' });
            await expect(wrongKey.countLiveSessions()).to.reject(/core answered 401 to GET \/staffgate\/sessions\/count: Invalid API key/);
            await expect(new CoreExtensions({ uri: ' ', apiKey: undefined }).available()).to.reject('no core configured');
        });

        it('builds the overview without the extensions when they are unavailable', async () => {

            const stub = { available: async () => false } as unknown as CoreExtensions;
            const now = Date.UTC(2026, 0, 1, 14, 3, 27);
            expect(await loadOverview(stub, now)).to.equal({ users: await SuperTokens.getUserCount(), countedAt: '14:03:27 UTC', extensions: false });
        });
    });
});
