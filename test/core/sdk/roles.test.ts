import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import { RecipeUserId } from 'supertokens-node';
import Session from 'supertokens-node/recipe/session';
import UserRoles from 'supertokens-node/recipe/userroles';

import { testAdapters } from '../../helpers/core';
import { decodeJwt } from '../../helpers/session-tools';
import { post } from '../http/client';
import { newEmail, signUp, unique, useCoreWithAllRecipes } from './all-recipes';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


const newRole = async (permissions: string[] = []) => {

    const role = unique('role');
    expect(await UserRoles.createNewRoleOrAddPermissions(role, permissions)).to.equal({ status: 'OK', createdNewRole: true });
    return role;
};

const rolesOf = async (userId: string) => {

    const result = await UserRoles.getRolesForUser('public', userId);
    expect(result.status).to.equal('OK');
    return result.roles;
};


describe('SDK user roles against the core', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            const core = useCoreWithAllRecipes(lab, { adapter });

            describe('roles and permissions', () => {

                it('creates a role with permissions, and lists it among all roles', async () => {

                    const role = await newRole(['write', 'read']);

                    expect(await UserRoles.getPermissionsForRole(role)).to.equal({ status: 'OK', permissions: ['read', 'write'] });
                    const all = await UserRoles.getAllRoles();
                    expect(all.status).to.equal('OK');
                    expect(all.roles).to.include(role);
                    expect(all.roles).to.equal([...all.roles].sort());
                });

                it('adds permissions to an existing role, never removing any', async () => {

                    const role = await newRole(['a', 'b']);

                    expect(await UserRoles.createNewRoleOrAddPermissions(role, ['c', 'a'])).to.equal({ status: 'OK', createdNewRole: false });
                    expect(await UserRoles.getPermissionsForRole(role)).to.equal({ status: 'OK', permissions: ['a', 'b', 'c'] });

                    expect(await UserRoles.createNewRoleOrAddPermissions(role, [])).to.equal({ status: 'OK', createdNewRole: false });
                    expect(await UserRoles.getPermissionsForRole(role)).to.equal({ status: 'OK', permissions: ['a', 'b', 'c'] });
                });

                it('trims role and permission names', async () => {

                    const role = unique('trimmed');
                    await UserRoles.createNewRoleOrAddPermissions(`  ${role} `, [' p1 ', 'p2  ']);

                    expect((await UserRoles.getAllRoles()).roles).to.include(role);
                    expect(await UserRoles.getPermissionsForRole(role)).to.equal({ status: 'OK', permissions: ['p1', 'p2'] });
                    expect(await UserRoles.createNewRoleOrAddPermissions(role, [])).to.equal({ status: 'OK', createdNewRole: false });
                });

                it('refuses an empty role or permission name with a 400, and creates nothing', async () => {

                    const before_ = (await UserRoles.getAllRoles()).roles;
                    await expect(UserRoles.createNewRoleOrAddPermissions('   ', ['p'])).to.reject(/status code: 400/);
                    const role = unique('emptyperm');
                    await expect(UserRoles.createNewRoleOrAddPermissions(role, ['ok', ' '])).to.reject(/status code: 400/);
                    expect((await UserRoles.getAllRoles()).roles).to.equal(before_);
                });

                it('answers UNKNOWN_ROLE_ERROR for the permissions of an unknown role', async () => {

                    expect(await UserRoles.getPermissionsForRole(unique('ghost'))).to.equal({ status: 'UNKNOWN_ROLE_ERROR' });
                });

                it('removes some permissions from a role and keeps the others', async () => {

                    const role = await newRole(['a', 'b', 'c']);

                    expect(await UserRoles.removePermissionsFromRole(role, ['a', 'c', 'not-there'])).to.equal({ status: 'OK' });
                    expect(await UserRoles.getPermissionsForRole(role)).to.equal({ status: 'OK', permissions: ['b'] });
                });

                it('removes no permission for an empty list', async () => {

                    const role = await newRole(['a', 'b']);

                    expect(await UserRoles.removePermissionsFromRole(role, [])).to.equal({ status: 'OK' });
                    expect(await UserRoles.getPermissionsForRole(role)).to.equal({ status: 'OK', permissions: ['a', 'b'] });
                });

                it('removes every permission when the list is left out (POST /recipe/role/permissions/remove)', async () => {

                    const role = await newRole(['a', 'b']);

                    const res = await post(core.uri, '/recipe/role/permissions/remove', { role });
                    expect(res.json).to.equal({ status: 'OK' });
                    expect(await UserRoles.getPermissionsForRole(role)).to.equal({ status: 'OK', permissions: [] });
                    expect((await UserRoles.getAllRoles()).roles).to.include(role);
                });

                it('answers UNKNOWN_ROLE_ERROR when removing permissions from an unknown role', async () => {

                    expect(await UserRoles.removePermissionsFromRole(unique('ghost'), ['a'])).to.equal({ status: 'UNKNOWN_ROLE_ERROR' });
                });

                it('lists the roles that have a permission, sorted, and none for an unknown permission', async () => {

                    const permission = unique('perm');
                    const one = await newRole([permission, 'x']);
                    const two = await newRole([permission]);
                    await newRole(['x']);

                    expect(await UserRoles.getRolesThatHavePermission(permission)).to.equal({ status: 'OK', roles: [one, two].sort() });
                    expect(await UserRoles.getRolesThatHavePermission(unique('nobody-has'))).to.equal({ status: 'OK', roles: [] });

                    await UserRoles.removePermissionsFromRole(one, [permission]);
                    expect(await UserRoles.getRolesThatHavePermission(permission)).to.equal({ status: 'OK', roles: [two] });
                });

                it('deletes a role: gone from the roles, its permissions and every user who had it', async () => {

                    const permission = unique('perm');
                    const role = await newRole([permission]);
                    const keep = await newRole([]);
                    const alice = Crypto.randomUUID();
                    const bob = Crypto.randomUUID();
                    await UserRoles.addRoleToUser('public', alice, role);
                    await UserRoles.addRoleToUser('public', alice, keep);
                    await UserRoles.addRoleToUser('public', bob, role);

                    expect(await UserRoles.deleteRole(role)).to.equal({ status: 'OK', didRoleExist: true });

                    expect((await UserRoles.getAllRoles()).roles).to.not.include(role);
                    expect(await UserRoles.getPermissionsForRole(role)).to.equal({ status: 'UNKNOWN_ROLE_ERROR' });
                    expect(await UserRoles.getRolesThatHavePermission(permission)).to.equal({ status: 'OK', roles: [] });
                    expect(await UserRoles.getUsersThatHaveRole('public', role)).to.equal({ status: 'UNKNOWN_ROLE_ERROR' });
                    expect(await rolesOf(alice)).to.equal([keep]);
                    expect(await rolesOf(bob)).to.equal([]);

                    // A role made again under the same name starts without users or permissions.
                    expect(await UserRoles.createNewRoleOrAddPermissions(role, [])).to.equal({ status: 'OK', createdNewRole: true });
                    expect(await UserRoles.getUsersThatHaveRole('public', role)).to.equal({ status: 'OK', users: [] });
                    expect(await UserRoles.getPermissionsForRole(role)).to.equal({ status: 'OK', permissions: [] });
                });

                it('answers didRoleExist false for an unknown role', async () => {

                    expect(await UserRoles.deleteRole(unique('ghost'))).to.equal({ status: 'OK', didRoleExist: false });
                });
            });

            describe('roles of users', () => {

                it('adds a role to a user once: didUserAlreadyHaveRole says whether it was there', async () => {

                    const role = await newRole();
                    const userId = Crypto.randomUUID();

                    expect(await UserRoles.addRoleToUser('public', userId, role)).to.equal({ status: 'OK', didUserAlreadyHaveRole: false });
                    expect(await UserRoles.addRoleToUser('public', userId, role)).to.equal({ status: 'OK', didUserAlreadyHaveRole: true });
                    expect(await rolesOf(userId)).to.equal([role]);
                });

                it('lists a user\'s roles sorted, and none for a user without roles', async () => {

                    const roles = [await newRole(), await newRole(), await newRole()];
                    const userId = Crypto.randomUUID();
                    for (const role of roles) {
                        await UserRoles.addRoleToUser('public', userId, role);
                    }

                    expect(await rolesOf(userId)).to.equal([...roles].sort());
                    expect(await rolesOf(Crypto.randomUUID())).to.equal([]);
                });

                it('lists the users that have a role', async () => {

                    const role = await newRole();
                    const users = [Crypto.randomUUID(), Crypto.randomUUID()];
                    expect(await UserRoles.getUsersThatHaveRole('public', role)).to.equal({ status: 'OK', users: [] });

                    for (const userId of users) {
                        await UserRoles.addRoleToUser('public', userId, role);
                    }

                    const result = await UserRoles.getUsersThatHaveRole('public', role);
                    expect(result.status).to.equal('OK');
                    expect(result.status === 'OK' && [...result.users].sort()).to.equal([...users].sort());
                });

                it('removes a role from a user: didUserHaveRole says whether it was there', async () => {

                    const role = await newRole();
                    const other = await newRole();
                    const userId = Crypto.randomUUID();
                    await UserRoles.addRoleToUser('public', userId, role);
                    await UserRoles.addRoleToUser('public', userId, other);

                    expect(await UserRoles.removeUserRole('public', userId, role)).to.equal({ status: 'OK', didUserHaveRole: true });
                    expect(await UserRoles.removeUserRole('public', userId, role)).to.equal({ status: 'OK', didUserHaveRole: false });
                    expect(await rolesOf(userId)).to.equal([other]);
                    expect(await UserRoles.getUsersThatHaveRole('public', role)).to.equal({ status: 'OK', users: [] });

                    // The role itself stays.
                    expect((await UserRoles.getAllRoles()).roles).to.include(role);
                });

                it('answers UNKNOWN_ROLE_ERROR for an unknown role when adding, removing or listing users, and changes nothing', async () => {

                    const ghost = unique('ghost');
                    const userId = Crypto.randomUUID();

                    expect(await UserRoles.addRoleToUser('public', userId, ghost)).to.equal({ status: 'UNKNOWN_ROLE_ERROR' });
                    expect(await UserRoles.removeUserRole('public', userId, ghost)).to.equal({ status: 'UNKNOWN_ROLE_ERROR' });
                    expect(await UserRoles.getUsersThatHaveRole('public', ghost)).to.equal({ status: 'UNKNOWN_ROLE_ERROR' });
                    expect(await rolesOf(userId)).to.equal([]);
                    expect((await UserRoles.getAllRoles()).roles).to.not.include(ghost);
                });

                it('finds a role given with surrounding spaces', async () => {

                    const role = await newRole();
                    const userId = Crypto.randomUUID();

                    expect(await UserRoles.addRoleToUser('public', userId, ` ${role} `)).to.equal({ status: 'OK', didUserAlreadyHaveRole: false });
                    expect(await rolesOf(userId)).to.equal([role]);
                    expect(await UserRoles.removeUserRole('public', userId, `${role}  `)).to.equal({ status: 'OK', didUserHaveRole: true });
                });
            });

            describe('session claims (st-role, st-perm)', () => {

                it('puts the user\'s roles and their permissions into access tokens created after the role was added', async () => {

                    const user = await signUp(newEmail('claims'));
                    const recipeUserId = new RecipeUserId(user.id);
                    const reader = await newRole(['read']);
                    const writer = await newRole(['write', 'read']);

                    const before_ = await Session.createNewSessionWithoutRequestResponse('public', recipeUserId);
                    const empty = decodeJwt(before_.getAllSessionTokensDangerously().accessToken).payload;
                    expect(empty['st-role'].v).to.equal([]);
                    expect(empty['st-perm'].v).to.equal([]);

                    await UserRoles.addRoleToUser('public', user.id, reader);
                    await UserRoles.addRoleToUser('public', user.id, writer);

                    const after_ = await Session.createNewSessionWithoutRequestResponse('public', recipeUserId);
                    const payload = decodeJwt(after_.getAllSessionTokensDangerously().accessToken).payload;
                    expect([...payload['st-role'].v].sort()).to.equal([reader, writer].sort());
                    expect([...payload['st-perm'].v].sort()).to.equal(['read', 'write']);
                    expect(payload['st-role'].t).to.be.a.number();
                    expect(after_.getAccessTokenPayload()['st-role']).to.equal(payload['st-role']);

                    // The claims survive a refresh (they are stored with the session).
                    const refreshed = await Session.refreshSessionWithoutRequestResponse(after_.getAllSessionTokensDangerously().refreshToken!);
                    expect(decodeJwt(refreshed.getAllSessionTokensDangerously().accessToken).payload['st-role']).to.equal(payload['st-role']);
                });

                it('drops a removed role from access tokens created afterwards', async () => {

                    const user = await signUp(newEmail('drop'));
                    const recipeUserId = new RecipeUserId(user.id);
                    const role = await newRole(['delete']);
                    await UserRoles.addRoleToUser('public', user.id, role);

                    const withRole = await Session.createNewSessionWithoutRequestResponse('public', recipeUserId);
                    expect(withRole.getAccessTokenPayload()['st-role'].v).to.equal([role]);

                    await UserRoles.removeUserRole('public', user.id, role);
                    const without = await Session.createNewSessionWithoutRequestResponse('public', recipeUserId);
                    expect(without.getAccessTokenPayload()['st-role'].v).to.equal([]);
                    expect(without.getAccessTokenPayload()['st-perm'].v).to.equal([]);

                    // An existing session picks the change up when the app refetches the claim.
                    await withRole.fetchAndSetClaim(UserRoles.UserRoleClaim);
                    expect(withRole.getAccessTokenPayload()['st-role'].v).to.equal([]);
                });
            });
        });
    }
});
