import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import SuperTokens from 'supertokens-node';
import EmailVerification from 'supertokens-node/recipe/emailverification';
import Session from 'supertokens-node/recipe/session';
import ThirdParty from 'supertokens-node/recipe/thirdparty';
import UserMetadata from 'supertokens-node/recipe/usermetadata';
import UserRoles from 'supertokens-node/recipe/userroles';
import type { RecipeUserId } from 'supertokens-node';

import { attributeOf, crumbIn, handleOf, password, postForm, signIn, signUp, submitForm, textOf, thirdPartyBrowser } from '../../helpers/pages';
import { startTestApp, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('dashboard pages', () => {

    let app: TestApp;

    before(async () => {

        app = await startTestApp();
    });

    after(async () => {

        await app.destroy();
    });

    describe('signed out', () => {

        it('redirects every page to sign-in with the page as redirectToPath', async () => {

            const browser = app.browser();
            for (const [path, back] of [['/dashboard', '%2Fdashboard'], ['/dashboard/password', '%2Fdashboard%2Fpassword'], ['/', undefined]] as const) {
                const res = await browser.get(path);
                expect(res.statusCode, path).to.equal(302);
                expect(res.headers.location, path).to.equal(back ? `/auth?redirectToPath=${back}` : '/dashboard');
            }
        });

        it('sends the form POSTs to sign-in with the form page as redirectToPath, not the POST path', async () => {

            const browser = app.browser();
            const form = await browser.get('/auth');
            expect(form.statusCode).to.equal(200);

            // No crumb cookie yet: crumb refuses before the guard runs.
            const bare = await postForm(browser, '/dashboard/sessions/revoke-others', {});
            expect(bare.statusCode).to.equal(403);

            // With a matching crumb cookie and field, the guard answers.
            browser.cookies.set('crumb', { value: 'c'.repeat(43), path: '/' });
            const revoke = await postForm(browser, '/dashboard/sessions/revoke-others', { crumb: 'c'.repeat(43) });
            expect(revoke.statusCode).to.equal(302);
            expect(revoke.headers.location).to.equal('/auth?redirectToPath=%2Fdashboard');

            const change = await postForm(browser, '/dashboard/password', { crumb: 'c'.repeat(43), currentPassword: 'x', newPassword: 'y', confirmPassword: 'y' });
            expect(change.statusCode).to.equal(302);
            expect(change.headers.location).to.equal('/auth?redirectToPath=%2Fdashboard%2Fpassword');
        });

        it('answers /api/me with the SDK\'s 401 JSON', async () => {

            const res = await app.browser().get('/api/me');
            expect(res.statusCode).to.equal(401);
            expect(res.headers['content-type']).to.contain('application/json');
            expect(JSON.parse(res.payload)).to.equal({ message: 'unauthorised' });
        });
    });

    describe('GET /dashboard', () => {

        it('shows who I am, this session and the sign-out, change-password and revoke controls', async () => {

            const browser = app.browser();
            const userId = await signUp(browser, 'Dana.Who@Example.com');
            const res = await browser.get('/dashboard');
            expect(res.statusCode).to.equal(200);
            expect(res.payload).to.contain('<title>Dashboard · Staffgate</title>');
            expect(textOf(res.payload, 'user-email')).to.equal('dana.who@example.com');
            expect(textOf(res.payload, 'user-method')).to.equal('Email and password');
            expect(attributeOf(res.payload, 'data-recipe', 'user-method')).to.equal('emailpassword');
            expect(textOf(res.payload, 'user-id')).to.equal(userId);
            expect(textOf(res.payload, 'user-roles')).to.equal('None');
            expect(attributeOf(res.payload, 'data-verified', 'user-email-verified')).to.equal('false');
            expect(res.payload).to.contain('id="verify-email-link"');

            // This device, without token jargon: no handle, no access-token expiry.
            expect(textOf(res.payload, 'session-device')).to.equal('Unknown browser');
            expect(attributeOf(res.payload, 'title', 'session-device')).to.equal('shot');
            expect(textOf(res.payload, 'session-ip')).to.equal('127.0.0.1');
            expect(res.payload).to.not.contain('id="session-handle"');
            expect(res.payload).to.not.contain('id="session-expiry"');
            expect(res.payload).to.not.contain('Access token');
            expect(res.payload).to.contain('id="revoke-this-form"');
            const created = Date.parse(attributeOf(textBlock(res.payload, 'session-created'), 'datetime')!);
            expect(created).to.be.within(Date.now() - 60_000, Date.now());

            expect(res.payload).to.contain('id="no-other-sessions"');
            expect(res.payload).to.contain('id="change-password-link"');
            expect(res.payload).to.contain('id="sign-out"');
            expect(res.payload).to.contain('id="revoke-others-form"');
            expect(attributeOf(res.payload, 'action', 'revoke-others-form')).to.equal('/dashboard/sessions/revoke-others');
            expect(crumbIn(res.payload)).to.equal(browser.cookies.get('crumb')!.value);
            expect(res.payload).to.contain('src="/public/js/local-times.js"');
        });

        it('lists my other sessions with their times', async () => {

            const first = app.browser();
            await signUp(first, 'two-places@example.com');
            const second = app.browser();
            expect(JSON.parse((await signIn(second, 'two-places@example.com')).payload).status).to.equal('OK');
            const otherHandle = await handleOf(second);

            const res = await first.get('/dashboard');
            expect(res.payload).to.not.contain('id="no-other-sessions"');
            expect(res.payload).to.contain(`data-session-handle="${otherHandle}"`);
            expect(res.payload.match(/class="other-session"/g)).to.have.length(1);
            expect(res.payload).to.not.contain(`data-session-handle="${await handleOf(first)}"`);
        });

        it('shows roles from the access token and a verified email', async () => {

            const browser = app.browser();
            const userId = await signUp(browser, 'roles@example.com');
            await UserRoles.createNewRoleOrAddPermissions('auditor', []);
            await UserRoles.addRoleToUser('public', userId, 'auditor');
            const token = await EmailVerification.createEmailVerificationToken('public', SuperTokens.convertToRecipeUserId(userId));
            await EmailVerification.verifyEmailUsingToken('public', (token as { token: string }).token);

            // A new session carries the role in its access token.
            const fresh = app.browser();
            await signIn(fresh, 'roles@example.com');
            const res = await fresh.get('/dashboard');
            expect(res.payload).to.contain('data-role="auditor"');
            expect(JSON.parse((await fresh.get('/api/me')).payload).roles).to.equal(['auditor']);
            expect(attributeOf(res.payload, 'data-verified', 'user-email-verified')).to.equal('true');
            expect(res.payload).to.not.contain('id="verify-email-link"');
        });

        it('shows a third-party user their provider and no change-password link', async () => {

            const { browser } = await thirdPartyBrowser(app, 'octo@example.com');
            const res = await browser.get('/dashboard');
            expect(res.statusCode).to.equal(200);
            expect(textOf(res.payload, 'user-method')).to.equal('GitHub');
            expect(attributeOf(res.payload, 'data-recipe', 'user-method')).to.equal('thirdparty');
            expect(res.payload).to.not.contain('id="change-password-link"');
        });

        it('names a provider it has no button for by its id', async () => {

            const created = await ThirdParty.manuallyCreateOrUpdateUser('public', 'gitlab', 'gl-1', 'lab@example.com', true);
            const session = await Session.createNewSessionWithoutRequestResponse('public', (created as { recipeUserId: RecipeUserId }).recipeUserId);
            const browser = app.browser();
            browser.cookies.set('sAccessToken', { value: session.getAllSessionTokensDangerously().accessToken, path: '/' });
            const res = await browser.get('/dashboard');
            expect(textOf(res.payload, 'user-method')).to.equal('gitlab');
        });

        it('shows a dash when the core has no start time for this session', async () => {

            const browser = app.browser();
            await signUp(browser, 'no-info@example.com');
            const getSessionInformation = Session.getSessionInformation;
            Session.getSessionInformation = async () => undefined;
            try {
                const res = await browser.get('/dashboard');
                expect(res.statusCode).to.equal(200);
                expect(textOf(res.payload, 'session-created')).to.equal('—');
            }
            finally {
                Session.getSessionInformation = getSessionInformation;
            }
        });

        it('renders an email with markup as text', async () => {

            const browser = app.browser();
            await signUp(browser, '"<script>alert(1)</script>"@example.com');
            const res = await browser.get('/dashboard');
            expect(res.statusCode).to.equal(200);
            expect(res.payload).to.not.contain('<script>alert(1)</script>');
            expect(res.payload).to.contain('&lt;script&gt;alert(1)&lt;/script&gt;');
            expect(textOf(res.payload, 'user-email')).to.contain('&lt;script&gt;');
        });

        it('treats a session revoked elsewhere as signed out', async () => {

            const browser = app.browser();
            await signUp(browser, 'revoked-dash@example.com');
            await Session.revokeSession(await handleOf(browser));
            const res = await browser.get('/dashboard');
            expect(res.statusCode).to.equal(302);
            expect(res.headers.location).to.equal('/auth?redirectToPath=%2Fdashboard&signedOut=device');
            expect(browser.cookies.has('sAccessToken')).to.be.false();
        });

        it('ends the session of a user who no longer exists', async () => {

            const browser = app.browser();
            await signUp(browser, 'deleted@example.com');
            const handle = await handleOf(browser);

            // The user disappears between the guard and the handler (the core deletes a user's sessions with it).
            const getUser = SuperTokens.getUser;
            SuperTokens.getUser = async () => undefined;
            try {
                const res = await browser.get('/dashboard');
                expect(res.statusCode).to.equal(302);
                expect(res.headers.location).to.equal('/auth?redirectToPath=%2Fdashboard');
            }
            finally {
                SuperTokens.getUser = getUser;
            }

            expect(await Session.getSessionInformation(handle)).to.be.undefined();
            expect(browser.cookies.has('sAccessToken')).to.be.false();
        });

        it('ends the session on the password page too when the user is gone', async () => {

            const browser = app.browser();
            await signUp(browser, 'deleted-password@example.com');
            const crumb = crumbIn((await browser.get('/dashboard/password')).payload);
            const getUser = SuperTokens.getUser;
            SuperTokens.getUser = async () => undefined;
            try {
                const page = await browser.get('/dashboard/password');
                expect(page.statusCode).to.equal(302);
                expect(page.headers.location).to.equal('/auth?redirectToPath=%2Fdashboard%2Fpassword');

                await signIn(browser, 'deleted-password@example.com');
                const post = await postForm(browser, '/dashboard/password', { crumb, currentPassword: password, newPassword: 'a brand new password', confirmPassword: 'a brand new password' });
                expect(post.statusCode).to.equal(302);
                expect(post.headers.location).to.equal('/auth?redirectToPath=%2Fdashboard%2Fpassword');
            }
            finally {
                SuperTokens.getUser = getUser;
            }

            expect(JSON.parse((await signIn(app.browser(), 'deleted-password@example.com')).payload).status).to.equal('OK');

        });

        it('ignores a forged flash cookie', async () => {

            const browser = app.browser();
            await signUp(browser, 'flash@example.com');
            browser.cookies.set('flash', { value: Buffer.from(JSON.stringify({ code: 'phish', count: 1, message: 'Call 555' })).toString('base64'), path: '/dashboard' });
            const res = await browser.get('/dashboard');
            expect(res.statusCode).to.equal(200);
            expect(res.payload).to.not.contain('id="flash"');
            expect(res.payload).to.not.contain('Call 555');

            browser.cookies.set('flash', { value: '%%%not-base64-json', path: '/dashboard' });
            const mangled = await browser.get('/dashboard');
            expect(mangled.statusCode).to.equal(200);
            expect(mangled.payload).to.not.contain('id="flash"');
        });
    });

    describe('POST /dashboard/sessions/revoke-others', () => {

        it('signs out my other sessions, keeps this one, and says how many', async () => {

            const mine = app.browser();
            await signUp(mine, 'revoker@example.com');
            const laptop = app.browser();
            const phone = app.browser();
            await signIn(laptop, 'revoker@example.com');
            await signIn(phone, 'revoker@example.com');
            const stranger = app.browser();
            await signUp(stranger, 'stranger@example.com');

            const res = await submitForm(mine, '/dashboard', '/dashboard/sessions/revoke-others');
            expect(res.statusCode).to.equal(302);
            expect(res.headers.location).to.equal('/dashboard');

            const later = await mine.get('/dashboard');
            expect(later.statusCode).to.equal(200);
            expect(textOf(later.payload, 'flash')).to.equal('Signed out 2 other sessions.');
            expect(later.payload).to.contain('id="no-other-sessions"');

            // Read once: the next view has no message.
            expect((await mine.get('/dashboard')).payload).to.not.contain('id="flash"');

            for (const other of [laptop, phone]) {
                const page = await other.get('/dashboard');
                expect(page.statusCode).to.equal(302);
                expect(page.headers.location).to.equal('/auth?redirectToPath=%2Fdashboard&signedOut=device');
                const signInPage = await other.get(page.headers.location as string);
                expect(textOf(signInPage.payload, 'signed-out-notice')).to.equal('You were signed out: your account was signed out from another device.');
            }

            expect((await stranger.get('/dashboard')).statusCode).to.equal(200);
        });

        it('says so when there was nothing to sign out', async () => {

            const browser = app.browser();
            await signUp(browser, 'alone@example.com');
            await submitForm(browser, '/dashboard', '/dashboard/sessions/revoke-others');
            const later = await browser.get('/dashboard');
            expect(textOf(later.payload, 'flash')).to.equal('There were no other sessions to sign out.');
        });

        it('answers unexpected fields with the 400 page', async () => {

            const browser = app.browser();
            await signUp(browser, 'extra-field@example.com');
            const res = await submitForm(browser, '/dashboard', '/dashboard/sessions/revoke-others', { everyone: 'yes' });
            expect(res.statusCode).to.equal(400);
            expect(res.payload).to.contain('data-status="400"');
        });
    });

    describe('my devices', () => {

        const chromeMac = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

        it('lists each other device with its browser, IP, sign-in and last activity, and a sign-out for it', async () => {

            const mine = app.browser();
            await signUp(mine, 'devices@example.com');
            const laptop = app.browser();
            await laptop.post('/auth/signin', { formFields: [{ id: 'email', value: 'devices@example.com' }, { id: 'password', value: password }] }, { 'user-agent': chromeMac });
            const laptopHandle = await handleOf(laptop);

            const res = await mine.get('/dashboard');
            const row = new RegExp(`<li class="other-session" data-session-handle="${laptopHandle}">([\\s\\S]*?)</li>`).exec(res.payload)![1]!;
            expect(row).to.contain(`<span class="session-device" title="${chromeMac.replace(/=/g, '&#x3D;')}">Chrome on macOS</span>`);
            expect(row).to.contain('<span class="mono session-ip">127.0.0.1</span>');
            expect(row).to.contain('class="session-signed-in"');
            expect(row).to.contain('class="session-last-active"');
            expect(row).to.contain(`<input type="hidden" name="handle" value="${laptopHandle}">`);
            expect(row).to.contain('name="crumb"');
        });

        it('signs out one of my devices, and not someone else\'s', async () => {

            const mine = app.browser();
            await signUp(mine, 'one-device@example.com');
            const laptop = app.browser();
            await signIn(laptop, 'one-device@example.com');
            const stranger = app.browser();
            await signUp(stranger, 'not-mine@example.com');

            const revoked = await submitForm(mine, '/dashboard', '/dashboard/sessions/revoke', { handle: await handleOf(laptop) });
            expect(revoked.statusCode).to.equal(302);
            expect(revoked.headers.location).to.equal('/dashboard');
            expect(textOf((await mine.get('/dashboard')).payload, 'flash')).to.equal('That device was signed out.');
            expect((await laptop.get('/dashboard')).headers.location).to.equal('/auth?redirectToPath=%2Fdashboard&signedOut=device');

            const strangerHandle = await handleOf(stranger);
            const refused = await submitForm(mine, '/dashboard', '/dashboard/sessions/revoke', { handle: strangerHandle });
            expect(refused.headers.location).to.equal('/dashboard');
            expect(textOf((await mine.get('/dashboard')).payload, 'flash')).to.equal('That device was already signed out.');
            expect(await Session.getSessionInformation(strangerHandle)).to.exist();

            expect((await submitForm(mine, '/dashboard', '/dashboard/sessions/revoke', {})).statusCode).to.equal(400);
        });

        it('signs this device out when it is the one chosen', async () => {

            const mine = app.browser();
            await signUp(mine, 'this-device@example.com');
            const handle = await handleOf(mine);
            const res = await submitForm(mine, '/dashboard', '/dashboard/sessions/revoke', { handle });
            expect(res.statusCode).to.equal(302);
            expect(res.headers.location).to.equal('/auth?signedOut=self');
            expect(mine.cookies.has('sAccessToken')).to.be.false();
            expect(await Session.getSessionInformation(handle)).to.be.undefined();

            const page = await mine.get('/auth?signedOut=self');
            expect(textOf(page.payload, 'signed-out-notice')).to.equal('You signed out of this device.');
            expect((await mine.get('/auth?signedOut=%3Cscript%3E')).payload).to.not.contain('id="signed-out-notice"');
        });

        it('tells a device signed out by a password change why', async () => {

            const mine = app.browser();
            await signUp(mine, 'changed-password@example.com');
            const laptop = app.browser();
            await signIn(laptop, 'changed-password@example.com');
            const res = await submitForm(mine, '/dashboard/password', '/dashboard/password', { currentPassword: password, newPassword: 'a brand new long password', confirmPassword: 'a brand new long password' });
            expect(res.statusCode).to.equal(200);
            const page = await laptop.get('/dashboard');
            expect(page.headers.location).to.equal('/auth?redirectToPath=%2Fdashboard&signedOut=password');
            expect(textOf((await laptop.get(page.headers.location as string)).payload, 'signed-out-notice')).to.equal('You were signed out because your password was changed.');
        });
    });

    describe('my profile', () => {

        it('saves a display name, shown in the nav, on the dashboard and to admins, escaped; empty removes it', async () => {

            const browser = app.browser();
            const userId = await signUp(browser, 'named@example.com');
            await UserMetadata.updateUserMetadata(userId, { team: 'blue' });

            const res = await submitForm(browser, '/dashboard', '/dashboard/profile', { displayName: '  Ada <Lovelace>  ' });
            expect(res.statusCode).to.equal(302);
            const page = await browser.get('/dashboard');
            expect(textOf(page.payload, 'flash')).to.equal('Your display name was saved.');
            expect(textOf(page.payload, 'nav-name')).to.equal('Ada &lt;Lovelace&gt;');
            expect(attributeOf(page.payload, 'value', 'display-name')).to.equal('Ada <Lovelace>');
            expect(page.payload).to.not.contain('Ada <Lovelace>');
            expect((await UserMetadata.getUserMetadata(userId)).metadata).to.equal({ team: 'blue', displayName: 'Ada <Lovelace>' });

            // Every signed-in page's nav has it.
            expect(textOf((await browser.get('/dashboard/password')).payload, 'nav-name')).to.equal('Ada &lt;Lovelace&gt;');

            expect((await submitForm(browser, '/dashboard', '/dashboard/profile', { displayName: 'x'.repeat(81) })).statusCode).to.equal(400);
            expect((await submitForm(browser, '/dashboard', '/dashboard/profile', { displayName: 'bell\u0007' })).statusCode).to.equal(400);

            await submitForm(browser, '/dashboard', '/dashboard/profile', { displayName: '' });
            expect((await browser.get('/dashboard')).payload).to.not.contain('id="nav-name"');
            expect((await UserMetadata.getUserMetadata(userId)).metadata).to.equal({ team: 'blue' });
        });

        it('carries the name in the access token: pages read no metadata, other devices get it from the core at once', async () => {

            let metadataReads = 0;
            app.core!.server.ext('onRequest', (request, h) => {

                metadataReads += Number(request.method === 'get' && request.path.endsWith('/recipe/user/metadata'));
                return h.continue;
            });

            const browser = app.browser();
            const userId = await signUp(browser, 'named.token@example.com');
            await UserMetadata.updateUserMetadata(userId, { displayName: 'Chosen before' });
            const laptop = app.browser();
            await signIn(laptop, 'named.token@example.com');                       // its token has the name from sign-in
            expect(textOf((await laptop.get('/dashboard')).payload, 'nav-name')).to.equal('Chosen before');

            expect((await submitForm(browser, '/dashboard', '/dashboard/profile', { displayName: 'Katherine' })).statusCode).to.equal(302);
            metadataReads = 0;
            for (const path of ['/dashboard', '/dashboard/password', '/dashboard/security']) {
                expect(textOf((await browser.get(path)).payload, 'nav-name'), path).to.equal('Katherine');
            }

            // The laptop's database-checked page gets a token of the new payload from the core.
            expect(textOf((await laptop.get('/dashboard')).payload, 'nav-name')).to.equal('Katherine');
            expect(metadataReads).to.equal(0);

            // No name is '' in the token: still no read.
            expect((await submitForm(browser, '/dashboard', '/dashboard/profile', { displayName: '' })).statusCode).to.equal(302);
            metadataReads = 0;
            expect((await browser.get('/dashboard')).payload).to.not.contain('id="nav-name"');
            expect(metadataReads).to.equal(0);

            // A token made before the name was carried (no such key) reads the metadata, as pages used to.
            await UserMetadata.updateUserMetadata(userId, { displayName: 'Dorothy' });
            for (const handle of await Session.getAllSessionHandlesForUser(userId)) {
                await Session.mergeIntoAccessTokenPayload(handle, { displayName: null });          // null deletes the key
            }

            expect(textOf((await laptop.get('/dashboard')).payload, 'nav-name')).to.equal('Dorothy');
            expect(metadataReads).to.equal(1);
        });
    });
});


/** The opening tag and content of the element with this id (for reading attributes of what it holds). */
const textBlock = (html: string, id: string): string => {

    const match = new RegExp(`<dd[^>]*\\sid="${id}"[^>]*>([\\s\\S]*?)</dd>`).exec(html);
    return match![1]!;
};
