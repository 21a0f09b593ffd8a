import * as Code from '@hapi/code';
import * as Hoek from '@hapi/hoek';
import * as Lab from '@hapi/lab';

import { postForm, signUp } from '../../helpers/pages';
import { startTestApp, type Browser, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

/*
 * The core writes `exp` in whole seconds (iat = floor(now), exp = iat + 1), so a one-second token lives between 0 and
 * 1 s. Starting just after a second boundary gives it nearly the whole second.
 */
const startOfSecond = () => Hoek.wait(1010 - (Date.now() % 1000));


describe('pages with an expired access token', () => {

    let app: TestApp;
    const browsers: Record<string, Browser> = {};
    let crumb: string;
    let freshDashboard: number;

    // Every test's browser signs up first, then all wait out the one-second access token together.
    before(async () => {

        app = await startTestApp({ CORE_ACCESS_TOKEN_VALIDITY: '1' });
        for (const name of ['page', 'form', 'verify', 'api']) {
            browsers[name] = app.browser();
        }

        await startOfSecond();
        await signUp(browsers.page!, 'expiring-page@example.com');
        freshDashboard = (await browsers.page!.get('/dashboard')).statusCode;

        await startOfSecond();
        await signUp(browsers.form!, 'expiring-form@example.com');
        crumb = /name="crumb" value="([^"]+)"/.exec((await browsers.form!.get('/dashboard/password')).payload)![1]!;

        await signUp(browsers.verify!, 'expiring-verify@example.com');
        await signUp(browsers.api!, 'expiring-api@example.com');
        await Hoek.wait(2100);
    });

    after(async () => {

        await app.destroy();
    });

    it('sends the page to the refresh step, and shows it again once the session is refreshed', async () => {

        const browser = browsers.page!;
        expect(freshDashboard).to.equal(200);

        const expired = await browser.get('/dashboard');
        expect(expired.statusCode).to.equal(302);
        expect(expired.headers.location).to.equal('/auth/refresh?redirectToPath=%2Fdashboard');

        const step = await browser.get(expired.headers.location as string);
        expect(step.statusCode).to.equal(200);
        expect(step.payload).to.contain('id="refresh"');

        await startOfSecond();
        const refreshed = await browser.post('/auth/session/refresh', undefined, { rid: 'session' });
        expect(refreshed.statusCode).to.equal(200);
        expect((await browser.get('/dashboard')).statusCode).to.equal(200);
    });

    it('sends an expired form post to the refresh step for the form\'s page, carrying its fields', async () => {

        const res = await postForm(browsers.form!, '/dashboard/password', { crumb, currentPassword: 'x', newPassword: 'y', confirmPassword: 'y' });
        expect(res.statusCode).to.equal(200);
        expect(res.payload).to.contain('id="replay-form"');
        expect(res.payload).to.contain('data-history-path="/auth/refresh?redirectToPath&#x3D;%2Fdashboard%2Fpassword"');
        expect(res.payload).to.contain('<input type="hidden" name="newPassword" value="y">');
    });

    it('sends the verify-email page through the refresh step, and /auth shows its form rather than looping', async () => {

        const browser = browsers.verify!;

        const verify = await browser.get('/auth/verify-email');
        expect(verify.statusCode).to.equal(302);
        expect(verify.headers.location).to.equal('/auth/refresh?redirectToPath=%2Fauth%2Fverify-email');

        const auth = await browser.get('/auth?redirectToPath=%2Fdashboard');
        expect(auth.statusCode).to.equal(200);
        expect(auth.payload).to.contain('id="sign-in-form"');
    });

    it('answers /api/me with the SDK\'s try-refresh 401', async () => {

        const res = await browsers.api!.get('/api/me');
        expect(res.statusCode).to.equal(401);
        expect(JSON.parse(res.payload)).to.equal({ message: 'try refresh token' });
    });
});
