import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { browserSuite, foreignRequests, hasChromium, screenshot, useBrowserApp } from '../helpers/browser';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


describe(browserSuite('the sign-in page in Chromium'), { skip: !hasChromium }, () => {

    const app = useBrowserApp(lab);

    it('loads with no console errors, no page errors and no failed requests', async () => {

        const { page, record } = await app.newPage();
        const res = await page.goto(`${app.origin}/auth`, { waitUntil: 'networkidle' });
        expect(res!.status()).to.equal(200);
        expect(await page.title()).to.contain('Sign in');
        expect(await page.locator('input[name=email]').first().isVisible()).to.be.true();
        await screenshot(page, 'sign-in');

        expect(record.consoleErrors).to.equal([]);
        expect(record.pageErrors).to.equal([]);
        expect(record.failedRequests).to.equal([]);
    });

    it('fetches nothing outside the app\'s origin', async () => {

        const { page, record } = await app.newPage();
        await page.goto(`${app.origin}/auth`, { waitUntil: 'networkidle' });
        expect(record.requests.length).to.be.above(1);
        expect(foreignRequests(record, app.origin)).to.equal([]);
    });

    it('reports no Content-Security-Policy violations', async () => {

        const { page, record } = await app.newPage();
        const res = await page.goto(`${app.origin}/auth`, { waitUntil: 'networkidle' });
        expect(res!.headers()['content-security-policy']).to.contain('script-src \'self\'');
        expect(record.cspViolations).to.equal([]);
        expect(record.consoleErrors.filter((line) => /Content Security Policy/i.test(line))).to.equal([]);
    });
});
