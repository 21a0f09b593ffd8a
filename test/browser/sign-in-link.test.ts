import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { browserSuite, hasChromium, pathOf, problems, screenshot, startBrowserApp, useBrowserApp, waitForOutboxMail } from '../helpers/browser';
import { linkTo } from '../helpers/outbox';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


describe(browserSuite('"Email me a sign-in link" in Chromium'), { skip: !hasChromium }, () => {

    const app = useBrowserApp(lab, () => startBrowserApp({ SIGN_IN_METHODS: 'password,link' }));

    it('asks for a link, opens it from the outbox in another tab and lands on the page it was heading for', async () => {

        const email = 'link.browser@example.com';
        const { page, record } = await app.newPage();
        await page.goto(`${app.origin}/auth?redirectToPath=${encodeURIComponent('/dashboard/password')}`);
        await page.click('#link-start:enabled');
        await page.fill('#link-email', email);
        await screenshot(page, 'link-request');
        await page.click('#link-request-submit');
        await page.locator('#link-sent').waitFor({ state: 'visible' });
        await screenshot(page, 'link-sent');

        const mail = await waitForOutboxMail(app.outboxDir, email);
        const link = linkTo(mail, '/auth/verify');
        expect(link.origin).to.equal(app.origin);

        const tab = await page.context().newPage();
        await tab.goto(link.toString());
        await tab.waitForURL((url) => url.pathname === '/dashboard/password');
        await tab.goto(`${app.origin}/dashboard`);
        expect(await tab.textContent('#user-email')).to.equal(email);
        expect(problems(record)).to.equal([]);

        // The same link again: refused, with a way to ask for a new one.
        const again = await app.newPage();
        await again.page.goto(link.toString());
        await again.page.locator('#link-failed').waitFor({ state: 'visible' });
        expect(await again.page.textContent('#link-error')).to.contain('expired or was already used');
        expect(pathOf(again.page)).to.startWith('/auth/verify?');
    });

    it('signs in with the code from the email, after a wrong one', async () => {

        const email = 'code.browser@example.com';
        const { page, record } = await app.newPage();
        await page.goto(`${app.origin}/auth`);
        await page.click('#link-start:enabled');
        await page.fill('#link-email', email);
        await page.click('#link-request-submit');
        await page.locator('#link-sent').waitFor({ state: 'visible' });

        const mail = await waitForOutboxMail(app.outboxDir, email);
        const code = /enter this code on the sign-in page: (\d{6})/.exec(mail.text)![1]!;

        await page.fill('#link-code', code === '000000' ? '111111' : '000000');
        await page.click('#link-code-submit');
        await page.locator('#link-code-error').waitFor({ state: 'visible' });
        expect(await page.textContent('#link-code-error')).to.contain('4 attempts left');

        await page.fill('#link-code', code);
        await page.click('#link-code-submit');
        await page.waitForURL(`${app.origin}/dashboard`);
        expect(await page.textContent('#user-email')).to.equal(email);
        expect(problems(record)).to.equal([]);
    });
});
