import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { browserSuite, hasChromium, pathOf, problems, screenshot, useOidcBrowserApp } from '../helpers/browser';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


describe(browserSuite('sign-in through an OIDC provider in Chromium'), { skip: !hasChromium }, () => {

    const { app, idp } = useOidcBrowserApp(lab, { sub: 'idp-user-1', email: 'Ivy.Browser@Example.com', email_verified: true, name: 'Ivy' });

    it('goes from the provider\'s button to the provider, back to /auth/callback/oidc and on to the dashboard', async () => {

        const { page, record } = await app.newPage();
        await page.goto(`${app.origin}/auth`);
        const button = page.locator('#provider-oidc');
        expect((await button.textContent())!.trim()).to.equal('Continue with Company sign-in');
        await page.locator('#provider-oidc:enabled').click();

        await page.waitForURL(`${app.origin}/dashboard`);
        expect(await page.textContent('#user-email')).to.equal('ivy.browser@example.com');
        await screenshot(page, 'dashboard-oidc');

        // The browser went through the provider's /authorize and came back to the callback page with a code.
        const authorize = record.requests.findIndex((url) => url.startsWith(`${idp.issuer}/authorize?`));
        const callback = record.requests.findIndex((url) => url.startsWith(`${app.origin}/auth/callback/oidc?`));
        expect(authorize).to.be.above(-1);
        expect(callback).to.be.above(authorize);
        expect(new URL(record.requests[authorize]!).searchParams.get('redirect_uri')).to.equal(`${app.origin}/auth/callback/oidc`);
        expect(new URL(record.requests[callback]!).searchParams.get('code')).to.exist();

        // Nothing but the app and the provider was fetched.
        expect(record.requests.filter((url) => !url.startsWith(`${app.origin}/`) && !url.startsWith(`${idp.issuer}/`))).to.equal([]);
        expect(problems(record)).to.equal([]);
        expect(pathOf(page)).to.equal('/dashboard');
    });

    it('shows an error on the callback page for a callback that did not start in this browser', async () => {

        const { page } = await app.newPage();
        await page.goto(`${app.origin}/auth/callback/oidc?code=forged&state=forged`);
        await page.locator('#callback-failed').waitFor({ state: 'visible' });
        expect((await page.textContent('#callback-error'))!.trim()).to.not.be.empty();
        expect(pathOf(page)).to.startWith('/auth/callback/oidc');
        await screenshot(page, 'callback-error');
    });
});
