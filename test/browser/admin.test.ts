import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import SuperTokens from 'supertokens-node';
import EmailPassword from 'supertokens-node/recipe/emailpassword';

import { disabledMessage } from '../../server/web/auth/account-states';
import { verifyEmailOf } from '../helpers/admin';
import { browserSuite, foreignRequests, hasChromium, pathOf, problems, screenshot, startBrowserApp, submitSignIn, submitSignUp, type BrowserApp, type TestPage } from '../helpers/browser';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after, afterEach } = lab;


const adminEmail = 'ada.admin@example.com';
const password = 'a long enough password';


describe(browserSuite('the admin area in Chromium'), { skip: !hasChromium }, () => {

    let app: BrowserApp;

    before(async () => {

        app = await startBrowserApp({ ADMIN_EMAILS: adminEmail });

        // The first admin signs up in a browser like anyone else; ADMIN_EMAILS gives them the role once their
        // email is verified (here as the link would, through the SDK).
        const { page } = await app.newPage();
        await page.goto(`${app.origin}/auth`);
        await submitSignUp(page, adminEmail, password);
        await page.waitForURL(`${app.origin}/dashboard`);
        await app.closePages();
        const [admin] = await SuperTokens.listUsersByAccountInfo('public', { email: adminEmail });
        await verifyEmailOf(admin!.id, adminEmail);
    });

    after(async () => {

        await app?.stop();
    });

    afterEach(async () => {

        await app.closePages();
    });

    /** A new user signed up in a browser context of their own, on /dashboard. */
    const signedUp = async (email: string): Promise<TestPage> => {

        const opened = await app.newPage();
        await opened.page.goto(`${app.origin}/auth`);
        await submitSignUp(opened.page, email, password);
        await opened.page.waitForURL(`${app.origin}/dashboard`);
        return opened;
    };

    /** The admin, signed in in a browser context of their own, on /dashboard. */
    const signedInAdmin = async (): Promise<TestPage> => {

        const opened = await app.newPage();
        await opened.page.goto(`${app.origin}/auth`);
        await submitSignIn(opened.page, adminEmail, password);
        await opened.page.waitForURL(`${app.origin}/dashboard`);
        return opened;
    };

    const userIdOf = async (email: string): Promise<string> => {

        const [user] = await SuperTokens.listUsersByAccountInfo('public', { email });
        expect(user, email).to.exist();
        return user!.id;
    };

    /** Opens a page as the admin and checks it rendered as a 200 with the admin nav. */
    const visit = async ({ page, record }: TestPage, path: string, name?: string): Promise<void> => {

        const res = await page.goto(`${app.origin}${path}`, { waitUntil: 'networkidle' });
        expect(res!.status(), path).to.equal(200);
        await page.locator('#admin-nav').waitFor();
        if (name) {
            await screenshot(page, name);
        }

        expect(foreignRequests(record, app.origin), path).to.equal([]);
    };

    /** Waits for the flash message an admin action redirects back with. */
    const flashOf = async ({ page }: TestPage): Promise<string> => {

        await page.locator('#flash').waitFor();
        return (await page.textContent('#flash'))!.trim();
    };

    it('renders every admin page for an ADMIN_EMAILS admin with no errors, no CSP violations and nothing from other origins', async () => {

        await signedUp('sam.shown@example.com');
        const admin = await signedInAdmin();
        const { page, record } = admin;
        expect(await page.textContent('#user-email')).to.equal(adminEmail);
        expect(await page.textContent('#user-roles')).to.contain('admin');

        await visit(admin, '/admin', 'admin-overview');
        expect(await page.getAttribute('#admin-nav-overview', 'aria-current')).to.equal('page');
        expect(Number((await page.textContent('#stat-users'))!.trim())).to.be.at.least(2);

        const userId = await userIdOf('sam.shown@example.com');
        await visit(admin, '/admin/users', 'admin-users');
        expect(await page.locator(`#users-table tr.user-row[data-user-id="${userId}"]`).count()).to.equal(1);
        expect(await page.locator(`#users-table tr.user-row[data-user-id="${await userIdOf(adminEmail)}"]`).count()).to.equal(1);

        await visit(admin, `/admin/users/${userId}`, 'admin-user');
        expect(await page.textContent('#user-email')).to.equal('sam.shown@example.com');
        expect(await page.locator('#user-sessions tr.session-row').count()).to.equal(1);
        expect(await page.getAttribute('#user-ban', 'data-banned')).to.equal('false');

        await visit(admin, '/admin/roles', 'admin-roles');
        await visit(admin, '/admin/audit', 'admin-audit');

        expect(problems(record)).to.equal([]);
    });

    it('finds a user by email prefix, revokes their session, and their next load of /dashboard ends on /auth', async () => {

        const email = 'uma.revoke@example.com';
        await EmailPassword.signUp('public', 'uma.other@example.com', password);        // shares "uma." but not "uma.rev"
        const user = await signedUp(email);

        const admin = await signedInAdmin();
        const { page } = admin;
        await visit(admin, '/admin');
        await page.click('#admin-nav-users');
        await page.waitForURL(`${app.origin}/admin/users`);

        await page.fill('#search-q', 'uma.rev');
        await page.click('#search-submit');
        await page.waitForURL((url) => url.pathname === '/admin/users' && url.searchParams.get('q') === 'uma.rev');
        const rows = page.locator('#users-table tr.user-row');
        expect(await rows.count()).to.equal(1);
        const userId = await rows.first().getAttribute('data-user-id');
        expect(userId).to.equal(await userIdOf(email));
        expect((await rows.first().locator('a.user-link').textContent())!.trim()).to.equal(email);

        await rows.first().locator('a.user-link').click();
        await page.waitForURL(`${app.origin}/admin/users/${userId}`);
        expect(await page.textContent('#user-email')).to.equal(email);

        const sessions = page.locator('#user-sessions tr.session-row');
        expect(await sessions.count()).to.equal(1);
        const handle = await sessions.first().getAttribute('data-session-handle');
        expect(handle).to.not.be.empty();

        await sessions.first().locator('.revoke-session-submit').click();
        expect(await flashOf(admin)).to.equal('The session was signed out.');
        expect(pathOf(page)).to.equal(`/admin/users/${userId}`);
        expect(await page.locator(`tr.session-row[data-session-handle="${handle}"]`).count()).to.equal(0);
        await page.locator('#no-sessions').waitFor();

        // The user's own browser still holds the revoked session's tokens: the next page load signs them out.
        await user.page.goto(`${app.origin}/dashboard`, { waitUntil: 'networkidle' });
        expect(pathOf(user.page)).to.equal('/auth?redirectToPath=%2Fdashboard&signedOut=admin');
        await user.page.locator('#sign-in-form').waitFor();
        expect(await user.page.textContent('#signed-out-notice')).to.equal('You were signed out by an administrator.');

        expect(problems(admin.record)).to.equal([]);
    });

    it('bans a user, who then cannot sign in and stays on /auth, and unbanning lets them sign in again', async () => {

        const email = 'bo.banned@example.com';
        const user = await signedUp(email);
        const userId = await userIdOf(email);

        const admin = await signedInAdmin();
        const { page } = admin;
        await visit(admin, `/admin/users/${userId}`);
        expect(await page.getAttribute('#user-ban', 'data-banned')).to.equal('false');

        await page.fill('#ban-reason', 'Left the company');
        await page.click('#ban-submit');
        expect(await flashOf(admin)).to.equal('The user is banned and cannot sign in. 1 session was signed out.');
        expect(await page.getAttribute('#user-ban', 'data-banned')).to.equal('true');
        expect(await page.textContent('#user-ban-reason')).to.equal('Left the company');
        await page.locator('#no-sessions').waitFor();
        await screenshot(page, 'admin-user-banned');

        // The ban ended the session they had, and signing in again is refused on the sign-in page, saying why.
        await user.page.goto(`${app.origin}/dashboard`);
        expect(pathOf(user.page)).to.equal('/auth?redirectToPath=%2Fdashboard&signedOut=admin');
        await submitSignIn(user.page, email, password);
        const error = user.page.locator('#sign-in-error');
        await error.waitFor({ state: 'visible' });
        expect((await error.textContent())!.trim()).to.equal(disabledMessage);
        await user.page.waitForLoadState('networkidle');
        expect(new URL(user.page.url()).pathname).to.equal('/auth');
        expect(await user.page.locator('#sign-in-form').isVisible()).to.be.true();
        expect(user.record.responses.filter((line) => line.includes('/auth/signin'))).to.equal([`200 POST ${app.origin}/auth/signin`]);

        await page.click('#unban-submit');
        expect(await flashOf(admin)).to.equal('The user is no longer banned.');
        expect(await page.getAttribute('#user-ban', 'data-banned')).to.equal('false');
        await page.locator('#ban-form').waitFor();

        await user.page.click('#sign-in-submit');
        await user.page.waitForURL(`${app.origin}/dashboard`);
        expect(await user.page.textContent('#user-email')).to.equal(email);

        expect(problems(admin.record)).to.equal([]);
    });

    it('grants admin to another user, who got the 403 page at /admin before and opens it after', async () => {

        const email = 'gil.granted@example.com';
        const other = await signedUp(email);
        const userId = await userIdOf(email);

        const refused = await other.page.goto(`${app.origin}/admin`);
        expect(refused!.status()).to.equal(403);
        expect(await other.page.getAttribute('#error-page', 'data-status')).to.equal('403');
        expect(await other.page.locator('#admin-nav').count()).to.equal(0);
        await screenshot(other.page, 'admin-forbidden');

        const admin = await signedInAdmin();
        const { page } = admin;
        await visit(admin, `/admin/users/${userId}`);
        expect(await page.locator('#user-roles li.user-role').count()).to.equal(0);
        await page.selectOption('#grant-role-select', 'admin');
        await page.click('#grant-role-submit');

        // Granting admin asks for the user's email first.
        await page.locator('#grant-confirm-form').waitFor();
        expect(await page.locator('#user-roles li.user-role').count()).to.equal(0);
        await screenshot(page, 'admin-grant-admin-confirm');
        await page.fill('#grant-confirm', email);
        await page.click('#grant-confirm-submit');
        expect(await flashOf(admin)).to.equal('The role was granted.');
        expect(await page.locator('#user-roles li.user-role[data-role="admin"]').count()).to.equal(1);

        // Roles are read fresh on every admin request: the same session now gets in, with no new sign-in.
        const allowed = await other.page.goto(`${app.origin}/admin`, { waitUntil: 'networkidle' });
        expect(allowed!.status()).to.equal(200);
        await other.page.locator('#admin-nav').waitFor();
        expect(await other.page.locator('#admin-read-only').count()).to.equal(0);
        await other.page.click('#admin-nav-users');
        await other.page.waitForURL(`${app.origin}/admin/users`);
        expect(await other.page.locator(`#users-table tr.user-row[data-user-id="${userId}"]`).count()).to.equal(1);

        // The one 403 above is expected (Chromium logs it as a failed load); nothing else went wrong.
        const forbidden = (line: string) => line.includes(`${app.origin}/admin`) && /\b403\b/.test(line);
        expect(problems(other.record).filter((line) => !forbidden(line))).to.equal([]);
        expect(problems(admin.record)).to.equal([]);
    });
});
