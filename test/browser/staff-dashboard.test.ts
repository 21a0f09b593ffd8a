/*
 * Issue 14.2, 14.4 and 14.5 in Chromium: Back after sign-out shows no signed-in page from the cache, the dashboard
 * lists devices people recognise with a sign-out for each, and a device signed out elsewhere is told why.
 */

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import EmailPassword from 'supertokens-node/recipe/emailpassword';

import { browserSuite, hasChromium, pathOf, problems, screenshot, submitSignIn, useBrowserApp, type TestPage } from '../helpers/browser';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


const password = 'a long enough password';


describe(browserSuite('the staff dashboard in Chromium'), { skip: !hasChromium }, () => {

    const app = useBrowserApp(lab);

    const signedIn = async (email: string): Promise<TestPage> => {

        const opened = await app.newPage();
        await opened.page.goto(`${app.origin}/auth`);
        await submitSignIn(opened.page, email, password);
        await opened.page.waitForURL(`${app.origin}/dashboard`);
        return opened;
    };

    const newUser = async (email: string) => {

        const created = await EmailPassword.signUp('public', email, password);
        expect(created.status).to.equal('OK');
    };

    it('shows no signed-in page from the cache on Back after sign-out', async () => {

        await newUser('back.button@example.com');
        const { page, record } = await signedIn('back.button@example.com');
        const dashboard = await page.reload({ waitUntil: 'networkidle' });
        expect(dashboard!.headers()['cache-control']).to.equal('no-store');
        expect(await page.textContent('#user-email')).to.equal('back.button@example.com');

        await page.locator('#sign-out:enabled').click();
        await page.waitForURL((url) => url.pathname === '/auth');
        await page.locator('#sign-in-form').waitFor();

        await page.goBack({ waitUntil: 'networkidle' });
        expect(pathOf(page)).to.equal('/auth?redirectToPath=%2Fdashboard');
        expect(await page.content()).to.not.contain('back.button@example.com');
        await page.locator('#sign-in-form').waitFor();
        expect(problems(record)).to.equal([]);
    });

    it('lists this device and the others by browser and system, and signs one out, which is told why', async () => {

        await newUser('two.devices@example.com');
        const laptop = await signedIn('two.devices@example.com');
        const mine = await signedIn('two.devices@example.com');
        const { page } = mine;
        await page.reload({ waitUntil: 'networkidle' });

        expect(await page.textContent('#session-device')).to.match(/^Chrome(?: Headless)? on Linux$/);
        expect(await page.getAttribute('#session-device', 'title')).to.contain('Chrome');
        const others = page.locator('#other-sessions li.other-session');
        expect(await others.count()).to.equal(1);
        expect(await others.first().locator('.session-device').textContent()).to.match(/^Chrome(?: Headless)? on Linux$/);
        expect(await page.content()).to.not.contain('Access token');
        await screenshot(page, 'dashboard-devices');

        await others.first().locator('.revoke-session-submit').click();
        await page.locator('#flash').waitFor();
        expect(await page.textContent('#flash')).to.equal('That device was signed out.');
        expect(await page.locator('#no-other-sessions').count()).to.equal(1);

        await laptop.page.reload({ waitUntil: 'networkidle' });
        expect(pathOf(laptop.page)).to.equal('/auth?redirectToPath=%2Fdashboard&signedOut=device');
        expect(await laptop.page.textContent('#signed-out-notice')).to.equal('You were signed out: your account was signed out from another device.');
        await screenshot(laptop.page, 'sign-in-signed-out-elsewhere');

        // Signing out this device from its own list signs out.
        await page.click('#revoke-this-submit');
        await page.waitForURL((url) => url.pathname === '/auth');
        expect(await page.textContent('#signed-out-notice')).to.equal('You signed out of this device.');
        await page.goto(`${app.origin}/dashboard`);
        expect(pathOf(page).startsWith('/auth?redirectToPath=%2Fdashboard')).to.be.true();
        expect(problems(mine.record)).to.equal([]);
    });
});
