import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import Database from 'better-sqlite3';
import SuperTokens, { RecipeUserId } from 'supertokens-node';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import EmailVerification from 'supertokens-node/recipe/emailverification';
import Session from 'supertokens-node/recipe/session';
import UserMetadata from 'supertokens-node/recipe/usermetadata';
import UserRoles from 'supertokens-node/recipe/userroles';

import { dropSchema, startTestCore, testAdapters, type TestCore } from '../../helpers/core';
import { get, post } from '../http/client';
import { initAllRecipes, newEmail, password, signUp, unique } from './all-recipes';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


/** Rows per table (every table with a user_id column) that belong to any of `userIds`, read from the database itself. */
const rowsOf = async (core: TestCore, schema: string, userIds: readonly string[]): Promise<Record<string, number>> => {

    const counts: Record<string, number> = {};
    if (core.adapter === 'sqlite') {
        const db = new Database(core.settings.sqliteFile, { readonly: true, fileMustExist: true });
        try {
            const tables = db.prepare('SELECT name FROM sqlite_master WHERE type = \'table\'').pluck().all() as string[];
            for (const table of tables) {
                const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[];
                if (columns.includes('user_id')) {
                    counts[table] = db.prepare(`SELECT COUNT(*) FROM "${table}" WHERE user_id IN (${userIds.map(() => '?').join(', ')})`).pluck().get(...userIds) as number;
                }
            }
        }
        finally {
            db.close();
        }

        return counts;
    }

    const { Client } = require('pg');

    const client = new Client({ connectionString: process.env.TEST_PG_URL });
    await client.connect();
    try {
        const { rows } = await client.query('SELECT table_name FROM information_schema.columns WHERE table_schema = $1 AND column_name = \'user_id\'', [schema]);
        for (const { table_name: table } of rows) {
            const { rows: [row] } = await client.query(`SELECT COUNT(*)::int AS count FROM "${schema}"."${table}" WHERE user_id = ANY($1)`, [userIds]);
            counts[table] = row.count;
        }
    }
    finally {
        await client.end();
    }

    return counts;
};

const lockoutOf = async (uri: string, userId: string) => (await get(uri, `/staffgate/lockout?userId=${userId}`)).json;

const banOf = async (uri: string, userId: string) => (await get(uri, `/staffgate/ban?userId=${userId}`)).json;

/** A user with some of everything: sessions, a role, metadata, a verified email, pending tokens, failed sign-ins. */
const fullUser = async (uri: string, role: string) => {

    const email = newEmail('full');
    const user = await signUp(email);
    const recipeUserId = new RecipeUserId(user.id);

    const sessions = [
        await Session.createNewSessionWithoutRequestResponse('public', recipeUserId),
        await Session.createNewSessionWithoutRequestResponse('public', recipeUserId)
    ];

    await UserRoles.addRoleToUser('public', user.id, role);
    await UserMetadata.updateUserMetadata(user.id, { first_name: 'Doomed' });

    const verify = await EmailVerification.createEmailVerificationToken('public', recipeUserId, email);
    await EmailVerification.verifyEmailUsingToken('public', verify.status === 'OK' ? verify.token : '');
    const pendingEmail = newEmail('pending');
    const pending = await EmailVerification.createEmailVerificationToken('public', recipeUserId, pendingEmail);
    const reset = await EmailPassword.createResetPasswordToken('public', user.id, email);

    expect((await EmailPassword.signIn('public', email, 'wrong-1')).status).to.equal('WRONG_CREDENTIALS_ERROR');
    expect((await EmailPassword.signIn('public', email, 'wrong-2')).status).to.equal('WRONG_CREDENTIALS_ERROR');
    expect((await lockoutOf(uri, user.id)).failures).to.equal(2);

    return {
        email,
        user,
        recipeUserId,
        sessions,
        pendingEmail,
        verificationToken: pending.status === 'OK' ? pending.token : '',
        resetToken: reset.status === 'OK' ? reset.token : ''
    };
};


describe('SDK deleteUser against the core: everything of the user goes', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            let core: TestCore;
            const schema = `test_${Crypto.randomBytes(6).toString('hex')}`;

            before(async () => {

                core = await startTestCore({ adapter, ...(adapter === 'postgres' ? { schema } : {}) });
                initAllRecipes(core.uri);
            });

            after(async () => {

                await core.destroy();
                if (adapter === 'postgres') {
                    await dropSchema(schema);
                }
            });

            it('removes sessions, role assignments, metadata, verification state and tokens, reset tokens and the lockout counter', async () => {

                const role = unique('role');
                await UserRoles.createNewRoleOrAddPermissions(role, ['p']);
                const doomed = await fullUser(core.uri, role);
                const bystander = await fullUser(core.uri, role);

                expect(await SuperTokens.deleteUser(doomed.user.id)).to.equal({ status: 'OK' });
                const { user, recipeUserId, email } = doomed;

                expect(await SuperTokens.getUser(user.id)).to.be.undefined();
                expect(await SuperTokens.listUsersByAccountInfo('public', { email })).to.equal([]);

                expect(await Session.getAllSessionHandlesForUser(user.id)).to.equal([]);
                for (const session of doomed.sessions) {
                    expect(await Session.getSessionInformation(session.getHandle())).to.be.undefined();
                    const error = await expect(Session.refreshSessionWithoutRequestResponse(session.getAllSessionTokensDangerously().refreshToken!)).to.reject(Session.Error);
                    expect(error.type).to.equal(Session.Error.UNAUTHORISED);
                    const checked = await expect(Session.getSessionWithoutRequestResponse(session.getAllSessionTokensDangerously().accessToken, undefined, { checkDatabase: true })).to.reject(Session.Error);
                    expect(checked.type).to.equal(Session.Error.UNAUTHORISED);
                }

                expect(await UserRoles.getRolesForUser('public', user.id)).to.equal({ status: 'OK', roles: [] });
                expect(await UserRoles.getUsersThatHaveRole('public', role)).to.equal({ status: 'OK', users: [bystander.user.id] });
                expect(await UserMetadata.getUserMetadata(user.id)).to.equal({ status: 'OK', metadata: {} });
                expect(await EmailVerification.isEmailVerified(recipeUserId, email)).to.be.false();
                expect(await EmailVerification.verifyEmailUsingToken('public', doomed.verificationToken)).to.equal({ status: 'EMAIL_VERIFICATION_INVALID_TOKEN_ERROR' });
                expect(await EmailVerification.isEmailVerified(recipeUserId, doomed.pendingEmail)).to.be.false();
                expect(await EmailPassword.consumePasswordResetToken('public', doomed.resetToken)).to.equal({ status: 'RESET_PASSWORD_INVALID_TOKEN_ERROR' });
                expect(await lockoutOf(core.uri, user.id)).to.equal({ status: 'OK', failures: 0, locked: false });
                expect((await EmailPassword.signIn('public', email, password)).status).to.equal('WRONG_CREDENTIALS_ERROR');

                // The bystander keeps everything.
                const kept = bystander.user.id;
                expect(await Session.getAllSessionHandlesForUser(kept)).to.have.length(2);
                expect(await UserRoles.getRolesForUser('public', kept)).to.equal({ status: 'OK', roles: [role] });
                expect(await UserMetadata.getUserMetadata(kept)).to.equal({ status: 'OK', metadata: { first_name: 'Doomed' } });
                expect(await EmailVerification.isEmailVerified(bystander.recipeUserId, bystander.email)).to.be.true();
                expect((await lockoutOf(core.uri, kept)).failures).to.equal(2);
                expect((await EmailVerification.verifyEmailUsingToken('public', bystander.verificationToken)).status).to.equal('OK');
                expect((await EmailPassword.consumePasswordResetToken('public', bystander.resetToken)).status).to.equal('OK');
            });

            it('removes the ban of a banned user', async () => {

                const user = await signUp(newEmail('banned'));
                expect((await post(core.uri, '/staffgate/ban', { userId: user.id, reason: 'spam' })).json.status).to.equal('OK');
                expect((await banOf(core.uri, user.id)).banned).to.be.true();

                await SuperTokens.deleteUser(user.id);
                expect(await banOf(core.uri, user.id)).to.equal({ status: 'OK', banned: false });
            });

            it('keeps the audit trail of the deleted user, ending with user_deleted', async () => {

                const user = await signUp(newEmail('trail'));
                await SuperTokens.deleteUser(user.id);

                const { json } = await get(core.uri, `/staffgate/audit?userId=${user.id}`);
                expect(json.events.map((event: { event: string }) => event.event)).to.equal(['user_deleted', 'sign_up']);
            });

            it('writes no user_deleted event for an unknown user id', async () => {

                const userId = Crypto.randomUUID();
                expect(await SuperTokens.deleteUser(userId)).to.equal({ status: 'OK' });
                expect((await get(core.uri, `/staffgate/audit?userId=${userId}`)).json.events).to.equal([]);
            });

            it('leaves no row behind in any table with a user_id column, except the audit trail', async () => {

                const role = unique('role');
                await UserRoles.createNewRoleOrAddPermissions(role, []);
                const full = await fullUser(core.uri, role);
                const banned = await fullUser(core.uri, role);
                await post(core.uri, '/staffgate/ban', { userId: banned.user.id });
                const bystander = await fullUser(core.uri, role);
                const ids = [full.user.id, banned.user.id];

                const before_ = await rowsOf(core, schema, ids);
                for (const table of ['users', 'passwords', 'verified_emails', 'sessions', 'password_reset_tokens', 'email_verification_tokens', 'user_roles', 'user_metadata', 'sign_in_lockouts', 'user_bans', 'audit_events']) {
                    expect(before_[table] ?? 0, table).to.be.above(0);
                }

                const bystanderBefore = await rowsOf(core, schema, [bystander.user.id]);

                for (const userId of ids) {
                    await SuperTokens.deleteUser(userId);
                }

                const after_ = await rowsOf(core, schema, ids);
                for (const [table, count] of Object.entries(after_)) {
                    if (table === 'audit_events') {
                        expect(count, table).to.be.above(before_[table]!);
                    }
                    else {
                        expect(count, table).to.equal(0);
                    }
                }

                expect(await rowsOf(core, schema, [bystander.user.id])).to.equal(bystanderBefore);
            });
        });
    }
});
