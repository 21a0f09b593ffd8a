import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import SuperTokens from 'supertokens-node';
import EmailVerification from 'supertokens-node/recipe/emailverification';
import Session from 'supertokens-node/recipe/session';
import UserMetadata from 'supertokens-node/recipe/usermetadata';
import UserRoles from 'supertokens-node/recipe/userroles';


import { adminEmail, adminPost, signedInUser, thirdPartyUser, userPage, type SignedIn, useAdminApp } from '../../helpers/admin';
import { auditEvents, coreRequest } from '../../helpers/core-api';
import { outboxTo } from '../../helpers/outbox';
import { attributeOf, crumbIn, handleOf, postForm, signIn, textOf } from '../../helpers/pages';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('Admin actions on a user', () => {

    const { app, admin } = useAdminApp(lab, { quietMail: true });
    let counter = 0;

    const newUser = (roles: string[] = []) => signedInUser(app, `acted-on-${++counter}@example.com`, roles);

    /** Posts an action from the user's page, as the admin. */
    const act = (userId: string, action: string, fields: Record<string, string> = {}) => adminPost(admin.browser, userPage(userId), `${userPage(userId)}/${action}`, fields);

    /** Follows an action's redirect and returns the flash message shown there. */
    const flashAfter = async (res: { statusCode: number; headers: Record<string, any> }, back: string) => {

        expect(res.statusCode).to.equal(302);
        expect(res.headers.location).to.equal(back);
        const page = await admin.browser.get(back);
        expect(page.statusCode).to.equal(200);
        return textOf(page.payload, 'flash');
    };

    /** The newest audit event of this kind about `userId`: it must name the admin. */
    const expectAudited = async (userId: string, event: string) => {

        const [latest] = await auditEvents(app, userId, event);
        expect(latest, `no ${event} event`).to.exist();
        expect(latest!.actorId).to.equal(admin.userId);
        expect(latest!.ip).to.equal('127.0.0.1');
        return latest!;
    };

    const isBanned = async (userId: string): Promise<boolean> => (await coreRequest(app, 'GET', `/staffgate/ban?userId=${userId}`)).banned;


    describe('sessions', () => {

        it('signs out one session: that browser\'s next page load goes to sign-in, the others stay', async () => {

            const user = await newUser();
            const phone = app.browser();
            await signIn(phone, user.email);
            const handle = await handleOf(user.browser);

            const res = await act(user.userId, 'sessions/revoke', { handle });
            expect(await flashAfter(res, userPage(user.userId))).to.equal('The session was signed out.');

            const next = await user.browser.get('/dashboard');
            expect(next.statusCode).to.equal(302);
            expect(next.headers.location).to.equal('/auth?redirectToPath=%2Fdashboard&signedOut=admin');
            expect((await phone.get('/dashboard')).statusCode).to.equal(200);

            const event = await expectAudited(user.userId, 'session_revoked');
            expect(event.details).to.equal({ sessionHandle: handle });
        });

        it('does not sign out another user\'s session through this user\'s page', async () => {

            const user = await newUser();
            const other = await newUser();
            const handle = await handleOf(other.browser);
            const res = await act(user.userId, 'sessions/revoke', { handle });
            expect(await flashAfter(res, userPage(user.userId))).to.equal('That session had already ended.');
            expect(await Session.getSessionInformation(handle)).to.exist();

            const gone = await act(user.userId, 'sessions/revoke', { handle: 'no-such-handle' });
            expect(await flashAfter(gone, userPage(user.userId))).to.equal('That session had already ended.');
        });

        it('signs the user out everywhere', async () => {

            const user = await newUser();
            await signIn(app.browser(), user.email);
            const res = await act(user.userId, 'sessions/revoke-all');
            expect(await flashAfter(res, userPage(user.userId))).to.equal('Signed out 2 sessions.');
            expect(await Session.getAllSessionHandlesForUser(user.userId)).to.equal([]);
            expect((await user.browser.get('/dashboard')).statusCode).to.equal(302);
            expect(await auditEvents(app, user.userId, 'session_revoked')).to.have.length(2);
            await expectAudited(user.userId, 'session_revoked');

            const again = await act(user.userId, 'sessions/revoke-all');
            expect(await flashAfter(again, userPage(user.userId))).to.equal('There were no sessions to sign out.');
        });

        it('refuses a revoke without a handle with the 400 page', async () => {

            const user = await newUser();
            const res = await act(user.userId, 'sessions/revoke');
            expect(res.statusCode).to.equal(400);
            expect(res.payload).to.contain('data-status="400"');
            expect(await Session.getAllSessionHandlesForUser(user.userId)).to.have.length(1);
        });
    });

    describe('roles', () => {

        it('grants a role, which the user has on their next request', async () => {

            await UserRoles.createNewRoleOrAddPermissions('editor', []);
            const user = await newUser();
            const res = await act(user.userId, 'roles/grant', { role: 'editor' });
            expect(await flashAfter(res, userPage(user.userId))).to.equal('The role was granted.');
            expect((await UserRoles.getRolesForUser('public', user.userId)).roles).to.equal(['editor']);
            expect((await expectAudited(user.userId, 'role_granted')).details).to.equal({ role: 'editor' });

            const again = await act(user.userId, 'roles/grant', { role: 'editor' });
            expect(await flashAfter(again, userPage(user.userId))).to.equal('The user already had this role.');
        });

        it('grants admin to another user, who can then use the admin area', async () => {

            const user = await newUser();
            expect((await user.browser.get('/admin')).statusCode).to.equal(403);

            // Granting admin asks first: the page wants the user's email typed, and nothing is granted until then.
            const asked = await act(user.userId, 'roles/grant', { role: 'admin' });
            expect(asked.statusCode).to.equal(200);
            expect(asked.payload).to.contain('id="grant-confirm-form"');
            expect((await UserRoles.getRolesForUser('public', user.userId)).roles).to.equal([]);

            const wrong = await act(user.userId, 'roles/grant', { role: 'admin', confirmEmail: 'someone.else@example.com' });
            expect(wrong.statusCode).to.equal(400);
            expect(textOf(wrong.payload, 'grant-confirm-error')).to.equal('Type their email address exactly to confirm');
            expect((await UserRoles.getRolesForUser('public', user.userId)).roles).to.equal([]);

            const res = await act(user.userId, 'roles/grant', { role: 'admin', confirmEmail: user.email.toUpperCase() });
            expect(res.statusCode).to.equal(302);
            expect((await user.browser.get('/admin')).statusCode).to.equal(200);
        });

        it('shows the display name the user chose on their dashboard', async () => {

            const user = await newUser();
            expect(textOf((await admin.browser.get(userPage(user.userId))).payload, 'user-display-name')).to.equal('—');
            const saved = await postForm(user.browser, '/dashboard/profile', { crumb: crumbIn((await user.browser.get('/dashboard')).payload), displayName: 'Grace <H>' });
            expect(saved.statusCode).to.equal(302);
            expect(textOf((await admin.browser.get(userPage(user.userId))).payload, 'user-display-name')).to.equal('Grace &lt;H&gt;');
        });

        it('offers no role preselected: the grant form starts on a placeholder', async () => {

            await UserRoles.createNewRoleOrAddPermissions('editor', []);
            const user = await newUser();
            const res = await admin.browser.get(userPage(user.userId));
            expect(res.payload).to.match(/<select id="grant-role-select" name="role" required[^>]*>\s*<option value="" selected disabled>Choose a role…<\/option>/);
        });

        it('refuses an unknown or missing role with the form\'s error', async () => {

            const user = await newUser();
            const unknown = await act(user.userId, 'roles/grant', { role: 'no-such-role' });
            expect(unknown.statusCode).to.equal(400);
            expect(textOf(unknown.payload, 'grant-role-error')).to.equal('There is no role with this name.');

            const missing = await act(user.userId, 'roles/grant');
            expect(missing.statusCode).to.equal(400);
            expect(textOf(missing.payload, 'grant-role-error')).to.equal('Choose a role');
            expect((await UserRoles.getRolesForUser('public', user.userId)).roles).to.equal([]);
        });

        it('removes a role', async () => {

            const user = await newUser(['remover']);
            const res = await act(user.userId, 'roles/remove', { role: 'remover' });
            expect(await flashAfter(res, userPage(user.userId))).to.equal('The role was removed.');
            expect((await UserRoles.getRolesForUser('public', user.userId)).roles).to.equal([]);
            expect((await expectAudited(user.userId, 'role_revoked')).details).to.equal({ role: 'remover' });

            const again = await act(user.userId, 'roles/remove', { role: 'remover' });
            expect(await flashAfter(again, userPage(user.userId))).to.equal('The user did not have this role.');

            const unknown = await act(user.userId, 'roles/remove', { role: 'never-made' });
            expect(unknown.statusCode).to.equal(400);
            expect(textOf(unknown.payload, 'flash')).to.equal('There is no role with this name.');
        });

        it('lets an admin remove their own other roles', async () => {

            await UserRoles.createNewRoleOrAddPermissions('own-extra', []);
            await UserRoles.addRoleToUser('public', admin.userId, 'own-extra');
            const res = await act(admin.userId, 'roles/remove', { role: 'own-extra' });
            expect(await flashAfter(res, userPage(admin.userId))).to.equal('The role was removed.');
            expect((await UserRoles.getRolesForUser('public', admin.userId)).roles).to.equal(['admin']);
        });

        it('refuses to let an admin remove their own admin role', async () => {

            const res = await act(admin.userId, 'roles/remove', { role: 'admin' });
            expect(res.statusCode).to.equal(400);
            expect(textOf(res.payload, 'flash')).to.equal('You cannot remove your own admin role. Ask another admin.');
            expect(attributeOf(res.payload, 'class', 'flash')).to.equal('flash flash-error');
            expect((await UserRoles.getRolesForUser('public', admin.userId)).roles).to.include('admin');
            expect((await admin.browser.get('/admin')).statusCode).to.equal(200);
        });
    });

    describe('ban', () => {

        it('bans a user: their sessions end at once, they cannot sign in, and the page says why', async () => {

            const user = await newUser();
            const res = await act(user.userId, 'ban', { reason: 'Left <b>today</b>' });
            expect(await flashAfter(res, userPage(user.userId))).to.equal('The user is banned and cannot sign in. 1 session was signed out.');
            expect(await isBanned(user.userId)).to.be.true();

            expect((await user.browser.get('/dashboard')).statusCode).to.equal(302);
            const signInAgain = await signIn(app.browser(), user.email);
            expect(JSON.parse(signInAgain.payload).status).to.equal('SIGN_IN_NOT_ALLOWED');              // disabled

            const page = await admin.browser.get(userPage(user.userId));
            expect(attributeOf(page.payload, 'data-banned', 'user-ban')).to.equal('true');
            expect(textOf(page.payload, 'user-ban-reason')).to.equal('Left &lt;b&gt;today&lt;/b&gt;');
            expect(page.payload).to.contain(`<a href="${userPage(admin.userId)}">${adminEmail}</a>`);
            expect(page.payload).to.contain('id="unban-form"');

            const event = await expectAudited(user.userId, 'user_banned');
            expect(event.details).to.equal({ reason: 'Left <b>today</b>', sessionsRevoked: 1 });
        });

        it('unbans a user, who can sign in again', async () => {

            const user = await newUser();
            await act(user.userId, 'ban');
            const res = await act(user.userId, 'unban');
            expect(await flashAfter(res, userPage(user.userId))).to.equal('The user is no longer banned.');
            expect(await isBanned(user.userId)).to.be.false();
            expect(JSON.parse((await signIn(app.browser(), user.email)).payload).status).to.equal('OK');
            await expectAudited(user.userId, 'user_unbanned');

            const again = await act(user.userId, 'unban');
            expect(await flashAfter(again, userPage(user.userId))).to.equal('The user was not banned.');
        });

        it('refuses to let an admin ban themselves', async () => {

            const res = await act(admin.userId, 'ban', { reason: 'oops' });
            expect(res.statusCode).to.equal(400);
            expect(textOf(res.payload, 'flash')).to.equal('You cannot ban yourself.');
            expect(await isBanned(admin.userId)).to.be.false();
            expect((await admin.browser.get('/admin')).statusCode).to.equal(200);
        });

        it('refuses a reason with control characters with the 400 page', async () => {

            const user = await newUser();
            const res = await act(user.userId, 'ban', { reason: 'line\nbreak' });
            expect(res.statusCode).to.equal(400);
            expect(await isBanned(user.userId)).to.be.false();
        });
    });

    describe('lockout', () => {

        it('clears a lockout, so the user can sign in again', async () => {

            const user = await newUser();
            for (let i = 0; i < 10; ++i) {
                await signIn(app.browser(), user.email, 'wrong password, again');
            }

            expect(JSON.parse((await signIn(app.browser(), user.email)).payload).status).to.equal('SIGN_IN_NOT_ALLOWED');     // locked until
            const page = await admin.browser.get(userPage(user.userId));
            expect(attributeOf(page.payload, 'data-locked', 'user-lockout')).to.equal('true');

            const res = await act(user.userId, 'lockout/clear');
            expect(await flashAfter(res, userPage(user.userId))).to.equal('The lockout was cleared: the user can sign in again.');
            expect(JSON.parse((await signIn(app.browser(), user.email)).payload).status).to.equal('OK');
            await expectAudited(user.userId, 'lockout_cleared');
        });
    });

    describe('email', () => {

        it('sends a password reset email', async () => {

            const user = await newUser();
            const res = await act(user.userId, 'password-reset');
            expect(await flashAfter(res, userPage(user.userId))).to.equal('A password reset email is on its way to the user.');
            const [message] = await outboxTo(app.config.web.outboxDir, user.email);
            expect(message!.links.some((link) => link.includes('/auth/reset-password?token='))).to.be.true();
            await expectAudited(user.userId, 'password_reset_requested');
        });

        it('refuses a password reset for a user without a password', async () => {

            const id = await thirdPartyUser('github', 'gh-no-password', 'no-password@example.com');
            const res = await act(id, 'password-reset');
            expect(res.statusCode).to.equal(400);
            expect(textOf(res.payload, 'flash')).to.equal('This user signs in with a provider, not with a password: there is no password to reset.');
            expect(await outboxTo(app.config.web.outboxDir, 'no-password@example.com')).to.equal([]);
        });

        it('marks the email verified and not verified', async () => {

            const user = await newUser();
            const verified = await act(user.userId, 'email/verify');
            expect(await flashAfter(verified, userPage(user.userId))).to.equal('The email address is marked as verified.');
            expect(await EmailVerification.isEmailVerified(SuperTokens.convertToRecipeUserId(user.userId), user.email)).to.be.true();
            expect((await expectAudited(user.userId, 'email_verified')).details).to.equal({ email: user.email });

            const page = await admin.browser.get(userPage(user.userId));
            expect(attributeOf(page.payload, 'data-verified', 'user-email-verified')).to.equal('true');
            expect(page.payload).to.contain('id="mark-unverified-form"');

            const again = await act(user.userId, 'email/verify');
            expect(again.statusCode).to.equal(302);

            const unverified = await act(user.userId, 'email/unverify');
            expect(await flashAfter(unverified, userPage(user.userId))).to.equal('The email address is marked as not verified.');
            expect(await EmailVerification.isEmailVerified(SuperTokens.convertToRecipeUserId(user.userId), user.email)).to.be.false();
            await expectAudited(user.userId, 'email_unverified');
        });
    });

    describe('metadata', () => {

        it('replaces the metadata with the JSON object typed in', async () => {

            const user = await newUser();
            await UserMetadata.updateUserMetadata(user.userId, { old: true, team: 'sales' });
            const res = await act(user.userId, 'metadata', { metadata: '{ "team": "ops", "desk": { "floor": 2 } }' });
            expect(await flashAfter(res, userPage(user.userId))).to.equal('The metadata was saved.');
            expect((await UserMetadata.getUserMetadata(user.userId)).metadata).to.equal({ team: 'ops', desk: { floor: 2 } });
            expect((await expectAudited(user.userId, 'metadata_updated')).details).to.equal({ keys: ['team', 'desk', 'old'] });
        });

        it('brings a display name set in the metadata to the user\'s sessions, from their next refresh', async () => {

            const user = await newUser();
            expect((await user.browser.get('/dashboard')).payload).to.not.contain('id="nav-name"');
            expect(await flashAfter(await act(user.userId, 'metadata', { metadata: '{ "displayName": "Hopper" }' }), userPage(user.userId))).to.equal('The metadata was saved.');
            expect((await user.browser.post('/auth/session/refresh', undefined, { rid: 'session' })).statusCode).to.equal(200);
            expect(textOf((await user.browser.get('/dashboard')).payload, 'nav-name')).to.equal('Hopper');

            // Metadata saved with the same name leaves the sessions alone; without it, the name goes.
            expect(await flashAfter(await act(user.userId, 'metadata', { metadata: '{ "displayName": "Hopper", "team": "ops" }' }), userPage(user.userId))).to.equal('The metadata was saved.');
            expect(await flashAfter(await act(user.userId, 'metadata', { metadata: '{ "team": "ops" }' }), userPage(user.userId))).to.equal('The metadata was saved.');
            expect((await user.browser.post('/auth/session/refresh', undefined, { rid: 'session' })).statusCode).to.equal(200);
            expect((await user.browser.get('/dashboard')).payload).to.not.contain('id="nav-name"');
        });

        it('answers bad JSON, or JSON that is not an object, with the field\'s error and the text as typed', async () => {

            const user = await newUser();
            await UserMetadata.updateUserMetadata(user.userId, { kept: 1 });
            const cases: [string, string][] = [
                ['{ "team": ', 'This is not valid JSON.'],
                ['[1, 2]', 'Metadata must be a JSON object: { … }.'],
                ['"text"', 'Metadata must be a JSON object: { … }.'],
                ['null', 'Metadata must be a JSON object: { … }.'],
                ['', 'This is not valid JSON.'],
                ['{"x":"</textarea><script>alert(1)</script>"', 'This is not valid JSON.']
            ];

            for (const [text, error] of cases) {
                const res = await act(user.userId, 'metadata', { metadata: text });
                expect(res.statusCode, text).to.equal(400);
                expect(textOf(res.payload, 'metadata-input-error'), text).to.equal(error);
                expect(attributeOf(res.payload, 'aria-invalid', 'metadata-input'), text).to.equal('true');
                expect(res.payload, text).to.not.contain('</textarea><script>');
            }

            const last = await act(user.userId, 'metadata', { metadata: '{"x":"</textarea>' });
            expect(last.payload).to.contain('>{&quot;x&quot;:&quot;&lt;/textarea&gt;</textarea>');

            const huge = await act(user.userId, 'metadata', { metadata: `{"a":"${'x'.repeat(33 * 1024)}"}` });
            expect(huge.statusCode).to.equal(400);
            expect(textOf(huge.payload, 'metadata-input-error')).to.equal('Enter a JSON object of at most 32 KiB');

            expect((await UserMetadata.getUserMetadata(user.userId)).metadata).to.equal({ kept: 1 });
        });

        it('removes keys named like Object.prototype members when they are left out', async () => {

            const user = await newUser();
            await UserMetadata.updateUserMetadata(user.userId, { constructor: 1, toString: 'x', hasOwnProperty: true, valueOf: 2, team: 'ops' });
            const res = await act(user.userId, 'metadata', { metadata: '{ "team": "ops" }' });
            expect(await flashAfter(res, userPage(user.userId))).to.equal('The metadata was saved.');
            expect((await UserMetadata.getUserMetadata(user.userId)).metadata).to.equal({ team: 'ops' });
        });

        it('refuses a __proto__ key, at any depth, with a message, and keeps the metadata as it was', async () => {

            const user = await newUser();
            await UserMetadata.updateUserMetadata(user.userId, { kept: 1 });
            for (const text of ['{ "__proto__": { "admin": true } }', '{ "a": { "b": [ { "__proto__": 1 } ] } }']) {
                const res = await act(user.userId, 'metadata', { metadata: text });
                expect(res.statusCode, text).to.equal(400);
                expect(textOf(res.payload, 'metadata-input-error'), text).to.equal('A key may not be named __proto__.');
            }

            expect((await UserMetadata.getUserMetadata(user.userId)).metadata).to.equal({ kept: 1 });
        });
    });

    describe('delete', () => {

        it('deletes a user once their email is typed, and says so on the user list', async () => {

            const user = await newUser();
            const res = await act(user.userId, 'delete', { confirmEmail: ` ${user.email.toUpperCase()} ` });
            expect(await flashAfter(res, '/admin/users')).to.equal('The user was deleted.');
            expect(await SuperTokens.getUser(user.userId)).to.not.exist();
            expect((await user.browser.get('/dashboard')).statusCode).to.equal(302);
            expect(JSON.parse((await signIn(app.browser(), user.email)).payload).status).to.equal('WRONG_CREDENTIALS_ERROR');
            await expectAudited(user.userId, 'user_deleted');
            expect((await admin.browser.get(userPage(user.userId))).statusCode).to.equal(404);
        });

        it('keeps the user when the confirmation does not match', async () => {

            const user = await newUser();
            for (const confirmEmail of ['', 'someone@example.com', user.userId]) {
                const res = await act(user.userId, 'delete', { confirmEmail });
                expect(res.statusCode).to.equal(400);
                expect(textOf(res.payload, 'delete-confirm-error')).to.equal('Type the user&#x27;s email address exactly as shown to confirm.');
            }

            const noField = await act(user.userId, 'delete');
            expect(noField.statusCode).to.equal(400);
            const tooLong = await act(user.userId, 'delete', { confirmEmail: `${user.email}${' '.repeat(600)}` });
            expect(tooLong.statusCode).to.equal(400);
            expect(textOf(tooLong.payload, 'delete-confirm-error')).to.equal('Type the user&#x27;s email address exactly as shown to confirm.');
            expect(await SuperTokens.getUser(user.userId)).to.exist();
        });

        it('refuses to let an admin delete themselves', async () => {

            const res = await act(admin.userId, 'delete', { confirmEmail: adminEmail });
            expect(res.statusCode).to.equal(400);
            expect(textOf(res.payload, 'flash')).to.equal('You cannot delete your own account from the admin area.');
            expect(await SuperTokens.getUser(admin.userId)).to.exist();
        });
    });

    describe('a user without an email (as some providers make them)', () => {

        let user: SignedIn;
        const getUser = SuperTokens.getUser;

        before(async () => {

            user = await newUser();
            const real = (await getUser(user.userId))!;
            const withoutEmail = {
                ...real,
                emails: [],
                loginMethods: real.loginMethods.map((login) => Object.assign(Object.create(Object.getPrototypeOf(login)), login, { email: undefined }))
            };

            SuperTokens.getUser = async (id, userContext) => (id === user.userId ? withoutEmail as typeof real : await getUser(id, userContext));
        });

        after(() => {

            SuperTokens.getUser = getUser;
        });

        it('names them by id and offers no email actions', async () => {

            const res = await admin.browser.get(userPage(user.userId));
            expect(res.payload).to.contain(`<title>${user.userId} · Staffgate</title>`);
            expect(textOf(res.payload, 'user-email')).to.equal('—');
            expect(textOf(res.payload, 'user-email-verified')).to.equal('—');
            expect(res.payload).to.not.contain('id="mark-verified-form"');
            expect(res.payload).to.contain('the user id <span class="mono">');
        });

        it('refuses to mark an email verified or not', async () => {

            for (const action of ['email/verify', 'email/unverify']) {
                const res = await act(user.userId, action);
                expect(res.statusCode, action).to.equal(400);
                expect(textOf(res.payload, 'flash'), action).to.equal('This user has no email address.');
            }
        });

        it('deletes them once their user id is typed', async () => {

            const wrong = await act(user.userId, 'delete', { confirmEmail: user.email });
            expect(wrong.statusCode).to.equal(400);
            const res = await act(user.userId, 'delete', { confirmEmail: user.userId });
            expect(res.statusCode).to.equal(302);
            expect(await getUser(user.userId)).to.not.exist();
        });
    });

    it('answers a ban of a user deleted in the meantime with the 404 page', async () => {

        const user = await newUser();
        const real = (await SuperTokens.getUser(user.userId))!;
        await SuperTokens.deleteUser(user.userId);
        const getUser = SuperTokens.getUser;
        SuperTokens.getUser = async (id, userContext) => (id === user.userId ? real : await getUser(id, userContext));
        try {
            const res = await adminPost(admin.browser, '/admin/roles', `${userPage(user.userId)}/ban`);
            expect(res.statusCode).to.equal(404);
            expect(res.payload).to.contain('data-status="404"');
        }
        finally {
            SuperTokens.getUser = getUser;
        }
    });

    it('shows each flash message once, and ignores a forged one', async () => {

        const user = await newUser();
        await act(user.userId, 'sessions/revoke-all');
        expect(textOf((await admin.browser.get(userPage(user.userId))).payload, 'flash')).to.equal('Signed out 1 session.');
        expect((await admin.browser.get(userPage(user.userId))).payload).to.not.contain('id="flash"');

        const forged = (value: object) => ({ value: Buffer.from(JSON.stringify(value)).toString('base64'), path: '/admin' });
        admin.browser.cookies.set('sgAdminFlash', forged({ code: 'phish', count: 1, message: 'Call 555' }));
        const res = await admin.browser.get(userPage(user.userId));
        expect(res.statusCode).to.equal(200);
        expect(res.payload).to.not.contain('id="flash"');
        expect(res.payload).to.not.contain('Call 555');

        admin.browser.cookies.set('sgAdminFlash', { value: '%%%not-base64-json', path: '/admin' });
        const mangled = await admin.browser.get(userPage(user.userId));
        expect(mangled.statusCode).to.equal(200);
        expect(mangled.payload).to.not.contain('id="flash"');
    });

    it('refuses every action on a user that does not exist with the 404 page', async () => {

        for (const action of ['sessions/revoke-all', 'ban', 'unban', 'lockout/clear', 'password-reset', 'email/verify', 'email/unverify']) {
            const res = await adminPost(admin.browser, '/admin/roles', `/admin/users/no-such-user/${action}`);
            expect(res.statusCode, action).to.equal(404);
        }
    });
});
