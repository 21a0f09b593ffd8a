import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import type { BrowserContext } from 'playwright-core';
import EmailPassword from 'supertokens-node/recipe/emailpassword';

import { browserSuite, hasChromium, pathOf, problems, startBrowserApp, submitSignIn, useBrowserApp } from '../helpers/browser';
import { testClock } from '../helpers/core';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


interface Me {
    readonly userId: string;
    readonly sessionHandle: string;
    readonly accessTokenExpiry: number;
}


describe(browserSuite('an access-token expiry in Chromium'), { skip: !hasChromium }, () => {

    // The web server checks `exp` against its own clock; the core's clock is ours. A refresh made with the core's
    // clock set back by more than the validity gives the browser an access token that is already expired for the
    // web server, while its (rotated) refresh token stays live: an expiry without waiting for one.
    const validitySeconds = 60;
    const clock = testClock();
    const app = useBrowserApp(lab, () => startBrowserApp({ CORE_ACCESS_TOKEN_VALIDITY: String(validitySeconds) }, { coreClock: clock.now }));

    /** Gives the context's cookies an expired access token; returns its expiry (ms). */
    const expireAccessToken = async (context: BrowserContext): Promise<number> => {

        const setBackMs = 2 * validitySeconds * 1000;
        clock.advance(-setBackMs);
        try {
            const res = await context.request.post(`${app.origin}/auth/session/refresh`, { headers: { rid: 'anti-csrf' } });
            expect(res.status()).to.equal(200);
            const expiry: number = JSON.parse(Buffer.from(res.headers()['front-token'] ?? '', 'base64').toString('utf8')).ate;
            expect(expiry).to.be.below(Date.now());
            return expiry;
        }
        finally {
            clock.advance(setBackMs);
        }
    };

    it('reloads /dashboard after the access token expired through one refresh step, with no loop', async () => {

        await EmailPassword.signUp('public', 'gail.browser@example.com', 'gail has a long password');

        const { page, context, record } = await app.newPage();
        await page.goto(`${app.origin}/auth`);
        await submitSignIn(page, 'gail.browser@example.com', 'gail has a long password');
        await page.waitForURL(`${app.origin}/dashboard`);

        await expireAccessToken(context);
        const before = record.responses.length;
        await page.reload();
        await page.waitForURL(`${app.origin}/dashboard`);
        await page.waitForLoadState('networkidle');
        expect(await page.textContent('#user-email')).to.equal('gail.browser@example.com');

        const after = record.responses.slice(before);
        expect(after.filter((line) => line.includes(' GET ') && /\/dashboard$/.test(line))).to.equal([
            `302 GET ${app.origin}/dashboard`,
            `200 GET ${app.origin}/dashboard`
        ]);
        expect(after.filter((line) => line.includes('/auth/refresh'))).to.equal([`200 GET ${app.origin}/auth/refresh?redirectToPath=%2Fdashboard`]);
        expect(after.filter((line) => line.includes('/auth/session/refresh'))).to.equal([`200 POST ${app.origin}/auth/session/refresh`]);
        expect(problems(record)).to.equal([]);
    });

    it('keeps /api/me working from the page across an expiry (the frontend SDK refreshes)', async () => {

        await EmailPassword.signUp('public', 'hal.browser@example.com', 'hal has a long password');

        const { page, context, record } = await app.newPage();
        await page.goto(`${app.origin}/auth`);
        await submitSignIn(page, 'hal.browser@example.com', 'hal has a long password');
        await page.waitForURL(`${app.origin}/dashboard`);
        await page.waitForLoadState('networkidle');

        const fetchMe = () => {

            return page.evaluate(async () => {

                const res = await fetch('/api/me');
                return { status: res.status, body: await res.json() as Me };
            });
        };

        const first = await fetchMe();
        expect(first.status).to.equal(200);

        const expired = await expireAccessToken(context);
        const refreshesBefore = record.responses.filter((line) => line.includes('/auth/session/refresh')).length;
        const second = await fetchMe();
        expect(second.status).to.equal(200);
        expect(second.body.userId).to.equal(first.body.userId);
        expect(second.body.sessionHandle).to.equal(first.body.sessionHandle);
        expect(second.body.accessTokenExpiry).to.be.above(expired);
        expect(second.body.accessTokenExpiry).to.be.above(Date.now());
        expect(record.responses.filter((line) => line.includes('/auth/session/refresh')).length).to.equal(refreshesBefore + 1);
        expect(pathOf(page)).to.equal('/dashboard');
    });
});
