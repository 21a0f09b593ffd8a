import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import type { Page } from 'playwright-core';

import { browserSuite, foreignRequests, hasChromium, pathOf, problems, screenshot, submitSignIn, submitSignUp, useBrowserApp, waitForOutboxMail, type TestPage } from '../helpers/browser';
import { linkTo, outboxTo } from '../helpers/outbox';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


describe(browserSuite('every page in Chromium'), { skip: !hasChromium }, () => {

    const app = useBrowserApp(lab);

    const signedUp = async (email: string): Promise<TestPage> => {

        const opened = await app.newPage();
        await opened.page.goto(`${app.origin}/auth`);
        await submitSignUp(opened.page, email, 'a long enough password');
        await opened.page.waitForURL(`${app.origin}/dashboard`);
        return opened;
    };

    const visit = async ({ page, record }: TestPage, path: string, name: string): Promise<Page> => {

        const res = await page.goto(`${app.origin}${path}`, { waitUntil: 'networkidle' });
        expect(res, path).to.exist();
        await screenshot(page, name);
        expect(foreignRequests(record, app.origin), path).to.equal([]);
        expect(record.cspViolations, path).to.equal([]);
        return page;
    };

    it('renders the signed-out pages with no errors, no CSP violations and nothing from other origins', async () => {

        const opened = await app.newPage();
        const { page, record } = opened;

        await visit(opened, '/auth', 'sign-in');
        await visit(opened, '/auth?show=sign-up', 'sign-up');
        expect(await page.locator('#sign-up-form').isVisible()).to.be.true();

        await visit(opened, '/auth/reset-password', 'reset-request');
        await page.locator('#reset-request-submit:enabled').waitFor();

        await visit(opened, '/auth/reset-password?token=not-a-real-token', 'reset-link-dead');
        await page.locator('#reset-link-dead').waitFor();

        const created = await EmailPassword.signUp('public', 'reset.page@example.com', 'a long enough password');
        const reset = created.status === 'OK' ? await EmailPassword.createResetPasswordToken('public', created.user.id, 'reset.page@example.com') : undefined;
        await visit(opened, `/auth/reset-password?token=${(reset as { token: string }).token}`, 'reset-form');
        await page.locator('#reset-submit:enabled').waitFor();

        await visit(opened, '/auth/verify-email', 'verify-email-signed-out');
        await page.locator('#verify-sign-in').waitFor();

        const notFound = await page.goto(`${app.origin}/no-such-page`);
        expect(notFound!.status()).to.equal(404);
        await page.locator('#error-page').waitFor();
        expect(await page.getAttribute('#error-page', 'data-status')).to.equal('404');
        await screenshot(page, 'error-404');

        // The 404 itself is the one failed request expected here.
        expect(problems(record).filter((line) => !line.includes('/no-such-page'))).to.equal([]);
        expect(record.cspViolations).to.equal([]);
    });

    it('renders the signed-in pages with no errors, no CSP violations and nothing from other origins', async () => {

        const opened = await signedUp('kim.browser@example.com');
        const { page, record } = opened;

        await visit(opened, '/dashboard', 'dashboard');
        expect(await page.textContent('#user-email')).to.equal('kim.browser@example.com');
        expect(await page.getAttribute('#user-email-verified', 'data-verified')).to.equal('false');

        await visit(opened, '/auth/verify-email', 'verify-email');
        await page.locator('#verify-send:enabled').waitFor();

        await visit(opened, '/dashboard/password', 'change-password');
        await page.locator('#password-form').waitFor();

        await visit(opened, '/dashboard/email', 'change-email');
        await page.locator('#email-form').waitFor();

        expect(problems(record)).to.equal([]);

        // A signed-in user without an admin role is told they lack access, and can still sign out.
        const forbidden = await page.goto(`${app.origin}/admin`, { waitUntil: 'networkidle' });
        expect(forbidden!.status()).to.equal(403);
        expect(await page.getAttribute('#error-page', 'data-reason')).to.equal('access');
        await page.locator('#sign-out:enabled').waitFor();
        await screenshot(page, 'error-403-no-access');
    });

    it('changes the password from /dashboard/password, after which the new one signs in', async () => {

        const { page, record } = await signedUp('lou.browser@example.com');
        await page.goto(`${app.origin}/dashboard/password`);
        await page.fill('#current-password', 'a long enough password');
        await page.fill('#new-password', 'an even longer new password');
        await page.fill('#confirm-password', 'an even longer new password');
        await page.click('#password-submit');
        await page.locator('#flash').waitFor();
        expect(await page.textContent('#flash')).to.contain('changed');
        await screenshot(page, 'change-password-done');
        expect(problems(record)).to.equal([]);

        const other = await app.newPage();
        await other.page.goto(`${app.origin}/auth`);
        await submitSignIn(other.page, 'lou.browser@example.com', 'a long enough password');
        await other.page.locator('#sign-in-error').waitFor({ state: 'visible' });
        await other.page.fill('#sign-in-password', 'an even longer new password');
        await other.page.click('#sign-in-submit');
        await other.page.waitForURL(`${app.origin}/dashboard`);
        expect(pathOf(other.page)).to.equal('/dashboard');
    });

    it('shows a mismatched confirmation next to the change-password form without sending it', async () => {

        const { page, record } = await signedUp('max.browser@example.com');
        await page.goto(`${app.origin}/dashboard/password`);
        await page.fill('#current-password', 'a long enough password');
        await page.fill('#new-password', 'an even longer new password');
        await page.fill('#confirm-password', 'a different longer password');
        await page.click('#password-submit');
        await page.locator('#confirm-password-error').waitFor({ state: 'visible' });
        expect(record.requests.filter((url) => url.endsWith('/dashboard/password'))).to.have.length(1);
        await screenshot(page, 'change-password-mismatch');
    });

    it('verifies the email through the link the verify-email page sends', async () => {

        const email = 'nia.browser@example.com';
        const { page, record } = await signedUp(email);
        await page.goto(`${app.origin}/dashboard`);
        await page.click('#verify-email-link');
        await page.waitForURL(`${app.origin}/auth/verify-email?redirectToPath=%2Fdashboard`);

        const sentBefore = (await outboxTo(app.outboxDir, email)).length;
        await page.locator('#verify-send:enabled').click();
        await page.locator('#verify-sent').waitFor({ state: 'visible' });
        const mail = await waitForOutboxMail(app.outboxDir, email, sentBefore);
        const link = linkTo(mail, '/auth/verify-email');
        expect(link.origin).to.equal(app.origin);

        await page.goto(link.toString());
        await page.locator('#verify-done').waitFor({ state: 'visible' });
        await screenshot(page, 'verify-email-done');
        await page.click('#verify-continue');
        await page.waitForURL((url) => url.pathname === '/dashboard');
        expect(await page.getAttribute('#user-email-verified', 'data-verified')).to.equal('true');
        expect(problems(record)).to.equal([]);
    });
});
