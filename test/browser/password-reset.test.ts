import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import EmailPassword from 'supertokens-node/recipe/emailpassword';

import { browserSuite, hasChromium, pathOf, problems, screenshot, submitSignIn, useBrowserApp, waitForOutboxMail } from '../helpers/browser';
import { linkTo } from '../helpers/outbox';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


describe(browserSuite('a password reset through the dev outbox in Chromium'), { skip: !hasChromium }, () => {

    const app = useBrowserApp(lab);

    it('sends a link, sets the new password through it, signs in with the new one and refuses the old one', async () => {

        const email = 'jo.browser@example.com';
        await EmailPassword.signUp('public', email, 'the old long password');

        const { page, record } = await app.newPage();
        await page.goto(`${app.origin}/auth`);
        await page.click('#forgot-password');
        await page.waitForURL(`${app.origin}/auth/reset-password`);
        await page.locator('#reset-request-submit:enabled').waitFor();
        await screenshot(page, 'reset-request');

        await page.fill('#reset-email', email);
        await page.click('#reset-request-submit');
        await page.locator('#reset-request-sent').waitFor({ state: 'visible' });
        await screenshot(page, 'reset-request-sent');

        const mail = await waitForOutboxMail(app.outboxDir, email);
        const link = linkTo(mail, '/auth/reset-password');
        expect(link.origin).to.equal(app.origin);
        expect(link.searchParams.get('token')).to.exist();

        await page.goto(link.toString());
        await page.locator('#reset-submit:enabled').waitFor();
        await screenshot(page, 'reset-form');
        await page.fill('#new-password', 'the new long password');
        await page.fill('#confirm-password', 'the new long password');
        await page.click('#reset-submit');
        await page.locator('#reset-done').waitFor({ state: 'visible' });
        await screenshot(page, 'reset-done');

        await page.click('#reset-sign-in');
        await page.waitForURL((url) => url.pathname === '/auth');
        await submitSignIn(page, email, 'the old long password');
        await page.locator('#sign-in-error').waitFor({ state: 'visible' });
        expect(pathOf(page)).to.equal('/auth');

        await page.fill('#sign-in-password', 'the new long password');
        await page.click('#sign-in-submit');
        await page.waitForURL(`${app.origin}/dashboard`);
        expect(await page.textContent('#user-email')).to.equal(email);
        expect(problems(record)).to.equal([]);

        // The link was good for one reset: opened again, it is refused before any password is typed.
        const again = await app.newPage();
        await again.page.goto(link.toString());
        await again.page.locator('#reset-link-dead').waitFor();
        expect(await again.page.locator('#reset-form').count()).to.equal(0);
        await again.page.locator('#reset-request-submit:enabled').waitFor();
        await screenshot(again.page, 'reset-link-dead');
    });

    it('says the same thing for an email that has no account, and sends nothing', async () => {

        const { page } = await app.newPage();
        await page.goto(`${app.origin}/auth/reset-password`);
        await page.locator('#reset-request-submit:enabled').waitFor();
        await page.fill('#reset-email', 'nobody.browser@example.com');
        await page.click('#reset-request-submit');
        await page.locator('#reset-request-sent').waitFor({ state: 'visible' });
        await expect(waitForOutboxMail(app.outboxDir, 'nobody.browser@example.com', 0, 500)).to.reject(/no mail/);
    });
});
