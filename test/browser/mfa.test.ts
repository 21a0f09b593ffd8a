/*
 * Two-factor sign-in in Chromium, with MFA=admins: an admin signs in with a password, is sent to enrolment, reads
 * the secret off the page, computes a code (test/helpers/totp.ts), sees the recovery codes and reaches /admin;
 * signs out; signs in again and answers the challenge with a code. No request leaves the app's origin (the QR code
 * is an inline SVG) and the CSP reports nothing.
 */

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { browserSuite, foreignRequests, hasChromium, pathOf, problems, screenshot, startBrowserApp, submitSignIn, useBrowserApp, signUpVerifiedAdmin } from '../helpers/browser';
import { totpCode } from '../helpers/totp';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


const adminEmail = 'mfa.admin@example.com';
const password = 'a long enough password';


describe(browserSuite('two-factor sign-in in Chromium'), { skip: !hasChromium }, () => {

    const app = useBrowserApp(lab, () => startBrowserApp({ ADMIN_EMAILS: adminEmail, MFA: 'admins' }));

    it('enrols an admin, who reaches /admin, signs out, and signs in again with a code', async () => {

        // The admin signs up; ADMIN_EMAILS gives the role once the email is verified (as the link would), which the
        // next sign-in carries, and with it the second factor.
        await signUpVerifiedAdmin(app, adminEmail, password);

        const { page, record } = await app.newPage();
        await page.goto(`${app.origin}/auth`);
        await submitSignIn(page, adminEmail, password);
        await page.waitForURL((url) => url.pathname === '/auth/mfa/setup');

        await page.goto(`${app.origin}/admin`);
        expect(pathOf(page)).to.equal('/auth/mfa/setup?redirectToPath=%2Fadmin');
        expect(await page.locator('#mfa-qr svg').count()).to.equal(1);
        await screenshot(page, 'mfa-setup');
        const secret = (await page.textContent('#mfa-secret'))!.trim();
        expect(secret).to.match(/^[A-Z2-7]{32}$/);

        await page.fill('#mfa-setup-code', totpCode(secret, Date.now()));
        await page.click('#mfa-setup-submit');
        await page.locator('#mfa-done-page').waitFor();
        expect(await page.locator('.recovery-code').count()).to.equal(10);
        await page.click('#mfa-continue');
        await page.waitForURL(`${app.origin}/admin`);

        await page.goto(`${app.origin}/dashboard`);
        await page.locator('#sign-out:enabled').click();
        await page.waitForURL((url) => url.pathname === '/auth');

        await submitSignIn(page, adminEmail, password);
        await page.waitForURL((url) => url.pathname === '/auth/mfa');
        await screenshot(page, 'mfa-challenge');
        await page.fill('#mfa-code', totpCode(secret, Date.now() + 30_000));      // the enrolment code is spent
        await page.click('#mfa-submit');
        await page.waitForURL(`${app.origin}/dashboard`);
        await page.goto(`${app.origin}/admin`);
        expect(pathOf(page)).to.equal('/admin');

        expect(foreignRequests(record, app.origin)).to.equal([]);
        expect(problems(record)).to.equal([]);
    });
});
