/*
 * "Keep me signed in on this device" in Chromium: the checkbox on /auth reaches the core for a password sign-in and
 * for a sign-in through a provider (the choice waits in sessionStorage while the browser is away), and the
 * dashboard says when the session ends.
 */

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import EmailPassword from 'supertokens-node/recipe/emailpassword';

import { browserSuite, hasChromium, problems, screenshot, submitSignIn, useOidcBrowserApp, type BrowserApp } from '../helpers/browser';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;

const day = 86_400_000;


describe(browserSuite('"Keep me signed in" in Chromium'), { skip: !hasChromium }, () => {

    const { app } = useOidcBrowserApp(lab, { sub: 'idp-remember-1', email: 'Rita.Remember@Example.com', email_verified: true, name: 'Rita' });

    /** The dashboard's start, idle end (ms), and whether it says the session is kept. */
    const dashboardEnds = async (page: Awaited<ReturnType<BrowserApp['newPage']>>['page']) => ({
        started: Date.parse((await page.getAttribute('#session-created time', 'datetime'))!),
        idleEnd: Date.parse((await page.getAttribute('#session-idle-end time', 'datetime'))!),
        remembered: (await page.textContent('#session-remembered'))!.trim()
    });

    it('signs in with a password for 30 days when the box is ticked, and for the ordinary time when not', async () => {

        await EmailPassword.signUp('public', 'ralph.remember@example.com', 'ralph has a long password');

        const kept = await app.newPage();
        await kept.page.goto(`${app.origin}/auth`);
        await kept.page.check('#remember-me');
        await submitSignIn(kept.page, 'ralph.remember@example.com', 'ralph has a long password');
        await kept.page.waitForURL(`${app.origin}/dashboard`);
        await screenshot(kept.page, 'dashboard-remembered');
        const ends = await dashboardEnds(kept.page);
        expect(ends.remembered).to.equal('Yes');
        const absoluteEnd = Date.parse((await kept.page.getAttribute('#session-absolute-end time', 'datetime'))!);
        expect(absoluteEnd).to.be.within(ends.started + 30 * day - 60_000, ends.started + 30 * day + 60_000);
        expect(problems(kept.record)).to.equal([]);

        const ordinary = await app.newPage();
        await ordinary.page.goto(`${app.origin}/auth`);
        await submitSignIn(ordinary.page, 'ralph.remember@example.com', 'ralph has a long password');
        await ordinary.page.waitForURL(`${app.origin}/dashboard`);
        expect((await dashboardEnds(ordinary.page)).remembered).to.equal('No');
    });

    it('carries the choice through a provider\'s sign-in', async () => {

        const { page, record } = await app.newPage();
        await page.goto(`${app.origin}/auth`);
        await page.check('#remember-me');
        await page.locator('#provider-oidc:enabled').click();
        await page.waitForURL(`${app.origin}/dashboard`);

        const ends = await dashboardEnds(page);
        expect(ends.remembered).to.equal('Yes');
        expect(ends.idleEnd).to.be.within(ends.started + 30 * day - 60_000, ends.started + 30 * day + 60_000);
        expect(await page.evaluate('window.sessionStorage.getItem("staffgate-remember-me")')).to.be.null();
        expect(problems(record)).to.equal([]);
    });
});
