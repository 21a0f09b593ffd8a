import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import EmailPassword from 'supertokens-node/recipe/emailpassword';

import { browserSuite, hasChromium, pathOf, problems, screenshot, submitSignIn, submitSignUp, useBrowserApp } from '../helpers/browser';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


describe(browserSuite('email and password sign-in in Chromium'), { skip: !hasChromium }, () => {

    const app = useBrowserApp(lab);

    it('signs up onto the dashboard, signs out to /auth and signs in again', async () => {

        const { page, record } = await app.newPage();
        await page.goto(`${app.origin}/auth`);
        await page.click('#tab-sign-up');
        await page.locator('#sign-up-form').waitFor();
        await screenshot(page, 'sign-up');

        await submitSignUp(page, 'Dana.Browser@Example.com', 'correct horse battery staple');
        await page.waitForURL(`${app.origin}/dashboard`);
        expect(await page.textContent('#user-email')).to.equal('dana.browser@example.com');
        await screenshot(page, 'dashboard');

        await page.locator('#sign-out:enabled').click();
        await page.waitForURL((url) => url.pathname === '/auth');
        await page.locator('#sign-in-form').waitFor();

        // Signed out for real: the dashboard sends the browser back to sign in.
        await page.goto(`${app.origin}/dashboard`);
        expect(pathOf(page)).to.equal('/auth?redirectToPath=%2Fdashboard');

        await submitSignIn(page, 'dana.browser@example.com', 'correct horse battery staple');
        await page.waitForURL(`${app.origin}/dashboard`);
        expect(await page.textContent('#user-email')).to.equal('dana.browser@example.com');

        expect(problems(record)).to.equal([]);
    });

    it('shows a wrong password next to the form and stays on /auth', async () => {

        await EmailPassword.signUp('public', 'erin.browser@example.com', 'the right long password');

        const { page, record } = await app.newPage();
        await page.goto(`${app.origin}/auth`);
        await submitSignIn(page, 'erin.browser@example.com', 'a wrong long password');

        const error = page.locator('#sign-in-error');
        await error.waitFor({ state: 'visible' });
        expect((await error.textContent())!.trim()).to.not.be.empty();
        expect(await page.locator('#sign-in-form').isVisible()).to.be.true();
        expect(pathOf(page)).to.equal('/auth');
        await screenshot(page, 'sign-in-wrong-password');

        // A wrong password is an answer the page expects (200 WRONG_CREDENTIALS_ERROR), not an error.
        expect(problems(record)).to.equal([]);
        expect(record.responses.filter((line) => line.includes('/auth/signin'))).to.equal([`200 POST ${app.origin}/auth/signin`]);
    });

    it('sends a signed-out visit to /dashboard to sign in, then back to /dashboard', async () => {

        await EmailPassword.signUp('public', 'frank.browser@example.com', 'frank has a long password');

        const { page } = await app.newPage();
        await page.goto(`${app.origin}/dashboard`);
        expect(pathOf(page)).to.equal('/auth?redirectToPath=%2Fdashboard');

        await submitSignIn(page, 'frank.browser@example.com', 'frank has a long password');
        await page.waitForURL(`${app.origin}/dashboard`);
        expect(await page.textContent('#user-email')).to.equal('frank.browser@example.com');
    });

    it('brings the visitor back to the page they asked for, not only to /dashboard', async () => {

        await EmailPassword.signUp('public', 'gus.browser@example.com', 'gus has a long password');

        const { page } = await app.newPage();
        await page.goto(`${app.origin}/dashboard/password`);
        expect(pathOf(page)).to.equal('/auth?redirectToPath=%2Fdashboard%2Fpassword');

        await submitSignIn(page, 'gus.browser@example.com', 'gus has a long password');
        await page.waitForURL(`${app.origin}/dashboard/password`);
        await page.locator('#password-form').waitFor();
    });
});
