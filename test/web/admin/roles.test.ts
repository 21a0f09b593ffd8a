import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import UserRoles from 'supertokens-node/recipe/userroles';

import { adminPost, signedInUser, useAdminApp } from '../../helpers/admin';
import { coreRequest, type AuditEvent } from '../../helpers/core-api';
import { attributeOf, textOf } from '../../helpers/pages';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


describe('Admin roles and permissions', () => {

    const { app, admin } = useAdminApp(lab);

    /** The newest audit event of this kind (role events name no user): it must name the admin. */
    const expectAudited = async (event: string): Promise<AuditEvent> => {

        const { events: [latest] } = await coreRequest(app, 'GET', `/staffgate/audit?event=${event}&limit=1`);
        expect(latest, `no ${event} event`).to.exist();
        expect(latest.actorId).to.equal(admin.userId);
        return latest;
    };


    it('lists roles with their permissions, how many have each, and what admin and viewer mean', async () => {

        await UserRoles.createNewRoleOrAddPermissions('viewer', []);
        await UserRoles.createNewRoleOrAddPermissions('reporter', ['reports:read', 'reports:export']);
        await signedInUser(app, 'reporter-1@example.com', ['reporter']);
        await signedInUser(app, 'reporter-2@example.com', ['reporter']);

        const res = await admin.browser.get('/admin/roles');
        expect(res.statusCode).to.equal(200);
        const row = /<tr class="role-row" data-role="reporter">([\s\S]*?)<\/tr>/.exec(res.payload)![1]!;
        expect(row).to.contain('href="/admin/roles/reporter"');
        expect(row).to.contain('data-permission="reports:export"');
        expect(row).to.contain('data-permission="reports:read"');
        expect(row).to.contain('<td class="role-holders" data-label="Users">2</td>');
        expect(/<tr class="role-row" data-role="admin">[\s\S]*?<\/tr>/.exec(res.payload)![0]).to.contain('Everything in the admin area.');
        expect(/<tr class="role-row" data-role="viewer">[\s\S]*?<\/tr>/.exec(res.payload)![0]).to.contain('Reads the admin area; cannot change anything.');
        expect(res.payload).to.contain('id="create-role-form"');
    });

    it('suggests creating viewer only while it does not exist', async () => {

        await UserRoles.deleteRole('viewer');
        const without = await admin.browser.get('/admin/roles');
        expect(textOf(without.payload, 'roles-hint')).to.contain('Create viewer to use it.');

        await UserRoles.createNewRoleOrAddPermissions('viewer', []);
        const withViewer = await admin.browser.get('/admin/roles');
        expect(textOf(withViewer.payload, 'roles-hint')).to.not.contain('Create viewer');
        expect(textOf(withViewer.payload, 'roles-hint')).to.contain('may read the admin area but not change anything.');
    });

    it('creates a role with permissions', async () => {

        const res = await adminPost(admin.browser, '/admin/roles', '/admin/roles', { name: ' support ', permissions: 'tickets:read\ntickets:write, tickets:read\n\n' });
        expect(res.statusCode).to.equal(302);
        expect(res.headers.location).to.equal('/admin/roles/support');
        const page = await admin.browser.get('/admin/roles/support');
        expect(textOf(page.payload, 'flash')).to.equal('The role was created.');
        expect(textOf(page.payload, 'role-permissions-input')).to.equal('tickets:read tickets:write');

        const permissions = await UserRoles.getPermissionsForRole('support');
        expect(permissions.status === 'OK' && permissions.permissions.sort()).to.equal(['tickets:read', 'tickets:write']);
        expect((await expectAudited('role_created')).details).to.include({ role: 'support', createdNewRole: true });
    });

    it('answers a bad or taken name with the form\'s error, keeping what was typed', async () => {

        for (const [name, error] of [
            ['', 'Use letters, digits and . _ : - (at most 64), starting with a letter or digit'],
            ['has space', 'Use letters, digits and . _ : - (at most 64), starting with a letter or digit'],
            ['<b>x</b>', 'Use letters, digits and . _ : - (at most 64), starting with a letter or digit'],
            ['admin', 'A role with this name already exists.']
        ]) {
            const res = await adminPost(admin.browser, '/admin/roles', '/admin/roles', { name: name!, permissions: 'p:1' });
            expect(res.statusCode, name).to.equal(400);
            expect(textOf(res.payload, 'role-name-error'), name).to.equal(error);
            expect(attributeOf(res.payload, 'value', 'role-name'), name).to.equal(name);
            expect(textOf(res.payload, 'role-permissions'), name).to.equal('p:1');
        }

        const tooMany = await adminPost(admin.browser, '/admin/roles', '/admin/roles', { name: 'many', permissions: Array.from({ length: 201 }, (_, i) => `p${i}`).join('\n') });
        expect(tooMany.statusCode).to.equal(400);
        expect(textOf(tooMany.payload, 'role-permissions-error')).to.equal('At most 200 permissions of at most 128 characters each');

        const noName = await adminPost(admin.browser, '/admin/roles', '/admin/roles', { permissions: 'x' });
        expect(noName.statusCode).to.equal(400);
        expect(textOf(noName.payload, 'role-name-error')).to.equal('Use letters, digits and . _ : - (at most 64), starting with a letter or digit');

        const extra = await adminPost(admin.browser, '/admin/roles', '/admin/roles', { name: 'extra', surprise: 'x' });
        expect(extra.statusCode).to.equal(400);
        expect(textOf(extra.payload, 'create-role-error')).to.equal('The form was not as expected: reload the page and try again');

        expect((await UserRoles.getAllRoles()).roles).to.not.include(['has space', 'many', 'extra']);
    });

    it('edits a role\'s permissions: adds the new ones and removes the ones left out', async () => {

        await UserRoles.createNewRoleOrAddPermissions('editing', ['a', 'b', 'c']);
        const res = await adminPost(admin.browser, '/admin/roles/editing', '/admin/roles/editing/permissions', { permissions: 'b\nc\nd' });
        expect(res.statusCode).to.equal(302);
        expect(res.headers.location).to.equal('/admin/roles/editing');
        expect(textOf((await admin.browser.get('/admin/roles/editing')).payload, 'flash')).to.equal('The permissions were saved.');

        const permissions = await UserRoles.getPermissionsForRole('editing');
        expect(permissions.status === 'OK' && permissions.permissions.sort()).to.equal(['b', 'c', 'd']);
        expect((await expectAudited('role_created')).details).to.include({ role: 'editing', permissions: ['d'], createdNewRole: false });
        expect((await expectAudited('role_permissions_removed')).details).to.equal({ role: 'editing', permissions: ['a'] });

        const removedBefore = (await coreRequest(app, 'GET', '/staffgate/audit/count?event=role_permissions_removed')).count;
        const added = await adminPost(admin.browser, '/admin/roles/editing', '/admin/roles/editing/permissions', { permissions: 'b\nc\nd\ne' });
        expect(added.statusCode).to.equal(302);
        expect((await coreRequest(app, 'GET', '/staffgate/audit/count?event=role_permissions_removed')).count).to.equal(removedBefore);

        const cleared = await adminPost(admin.browser, '/admin/roles/editing', '/admin/roles/editing/permissions', { permissions: '' });
        expect(cleared.statusCode).to.equal(302);
        const none = await UserRoles.getPermissionsForRole('editing');
        expect(none.status === 'OK' && none.permissions).to.equal([]);
    });

    it('answers bad permissions with the form\'s error, and an unknown role with the 404 page', async () => {

        await UserRoles.createNewRoleOrAddPermissions('strict', ['keep']);
        const res = await adminPost(admin.browser, '/admin/roles/strict', '/admin/roles/strict/permissions', { permissions: `ok\n${'x'.repeat(129)}` });
        expect(res.statusCode).to.equal(400);
        expect(textOf(res.payload, 'role-permissions-input-error')).to.equal('At most 200 permissions of at most 128 characters each');
        expect(textOf(res.payload, 'role-permissions-input')).to.equal(`ok ${'x'.repeat(129)}`);
        const kept = await UserRoles.getPermissionsForRole('strict');
        expect(kept.status === 'OK' && kept.permissions).to.equal(['keep']);

        const extra = await adminPost(admin.browser, '/admin/roles/strict', '/admin/roles/strict/permissions', { surprise: 'x' });
        expect(extra.statusCode).to.equal(400);
        expect(textOf(extra.payload, 'role-permissions-input-error')).to.equal('The form was not as expected: reload the page and try again');
        expect(textOf(extra.payload, 'role-permissions-input')).to.equal('');

        const unknown = await adminPost(admin.browser, '/admin/roles', '/admin/roles/never-made/permissions', { permissions: 'x' });
        expect(unknown.statusCode).to.equal(404);
    });

    it('shows who has a role', async () => {

        const holder = await signedInUser(app, 'holder@example.com', ['held-role']);
        const res = await admin.browser.get('/admin/roles/held-role');
        expect(textOf(res.payload, 'role-users-title')).to.equal('Users with this role (1)');
        expect(res.payload).to.contain(`<li class="role-user" data-user-id="${holder.userId}"><a href="/admin/users/${holder.userId}">holder@example.com</a></li>`);

        await UserRoles.createNewRoleOrAddPermissions('empty-role', []);
        expect((await admin.browser.get('/admin/roles/empty-role')).payload).to.contain('id="no-role-users"');
    });

    it('deletes a role, taking it from everyone', async () => {

        const holder = await signedInUser(app, 'loses-role@example.com', ['doomed']);
        const res = await adminPost(admin.browser, '/admin/roles/doomed', '/admin/roles/doomed/delete');
        expect(res.statusCode).to.equal(302);
        expect(res.headers.location).to.equal('/admin/roles');
        expect(textOf((await admin.browser.get('/admin/roles')).payload, 'flash')).to.equal('The role was deleted.');
        expect((await UserRoles.getAllRoles()).roles).to.not.include('doomed');
        expect((await UserRoles.getRolesForUser('public', holder.userId)).roles).to.equal([]);
        expect((await expectAudited('role_deleted')).details).to.equal({ role: 'doomed' });

        const again = await adminPost(admin.browser, '/admin/roles', '/admin/roles/doomed/delete');
        expect(again.statusCode).to.equal(404);
    });

    it('refuses to delete the admin role', async () => {

        const page = await admin.browser.get('/admin/roles/admin');
        expect(page.payload).to.contain('id="delete-admin-role-note"');
        expect(page.payload).to.not.contain('id="delete-role-form"');

        const res = await adminPost(admin.browser, '/admin/roles/admin', '/admin/roles/admin/delete');
        expect(res.statusCode).to.equal(400);
        expect(textOf(res.payload, 'flash')).to.equal('The admin role cannot be deleted: it is what gives access to the admin area.');
        expect((await UserRoles.getRolesForUser('public', admin.userId)).roles).to.include('admin');
    });

    it('leaves out a role deleted while the page was being made', async () => {

        await UserRoles.createNewRoleOrAddPermissions('vanishing', []);
        const roles = UserRoles as { getUsersThatHaveRole: typeof UserRoles.getUsersThatHaveRole };
        const getUsersThatHaveRole = roles.getUsersThatHaveRole;
        roles.getUsersThatHaveRole = async (tenantId, role, userContext) => (role === 'vanishing' ? { status: 'UNKNOWN_ROLE_ERROR' } : await getUsersThatHaveRole(tenantId, role, userContext));
        try {
            const list = await admin.browser.get('/admin/roles');
            expect(list.statusCode).to.equal(200);
            expect(list.payload).to.not.contain('data-role="vanishing"');
            expect(list.payload).to.contain('data-role="admin"');
            expect((await admin.browser.get('/admin/roles/vanishing')).statusCode).to.equal(404);
        }
        finally {
            roles.getUsersThatHaveRole = getUsersThatHaveRole;
        }
    });

    it('renders a role name with markup as text', async () => {

        await UserRoles.createNewRoleOrAddPermissions('<img src=x onerror=alert(1)>', ['<script>p</script>']);
        const list = await admin.browser.get('/admin/roles');
        expect(list.payload).to.not.contain('<img src=x');
        expect(list.payload).to.not.contain('<script>p');
        expect(list.payload).to.contain('href="/admin/roles/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"');

        const page = await admin.browser.get('/admin/roles/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E');
        expect(page.statusCode).to.equal(200);
        expect(page.payload).to.contain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
        expect(page.payload).to.not.contain('<img src=x');
    });
});
