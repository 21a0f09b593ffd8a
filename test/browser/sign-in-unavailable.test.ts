import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { browserSuite, hasChromium, startBrowserApp, submitSignIn, useBrowserApp } from '../helpers/browser';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


// With REDIS_URL set, sign-in is refused (503) while Redis cannot be reached: the page says what that means.

describe(browserSuite('the sign-in page while sign-in is unavailable, in Chromium'), { skip: !hasChromium }, () => {

    // Port 9 (discard) on loopback: nothing listens, so the limits' store is unreachable from the start.
    const app = useBrowserApp(lab, () => startBrowserApp({ RATE_LIMITS: 'on', REDIS_URL: 'redis://127.0.0.1:9' }));

    it('tells the person to try again in a moment, not a bare status code', async () => {

        const { page } = await app.newPage();
        await page.goto(`${app.origin}/auth`, { waitUntil: 'networkidle' });
        const answer = page.waitForResponse((res) => res.url().endsWith('/auth/signin'));
        await submitSignIn(page, 'someone@example.com', 'a long enough password');
        expect((await answer).status()).to.equal(503);

        const error = page.locator('#sign-in-error');
        await error.waitFor();
        expect(await error.textContent()).to.equal('Signing in is unavailable for a moment. Try again in a few seconds.');
    });
});
