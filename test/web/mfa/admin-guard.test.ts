/*
 * With MFA=admins (the default), an admin signed in with a password alone reaches no admin page and no admin
 * action: every route the admin plugin has, read from the server's routing table, so a new admin route is covered
 * without being listed here. Pages go to enrolment (no device) or the challenge; anything else is a 403.
 */

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { adminEmail, startAdminApp, verifyEmailOf } from '../../helpers/admin';
import { crumbIn, postForm, signIn, signUp } from '../../helpers/pages';
import type { TestApp } from '../../helpers/web';
import { answerChallenge, codeAt, enrol } from './helpers';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('MFA=admins: the admin area before the second factor', () => {

    let app: TestApp;
    let adminRoutes: { method: string; path: string }[];

    before(async () => {

        app = await startAdminApp({ MFA: 'admins' });
        adminRoutes = app.web.table()
            .filter((route) => route.path === '/admin' || route.path.startsWith('/admin/'))
            .map((route) => ({ method: route.method, path: route.path.replace(/\{[^}]+\}/g, 'some-id') }));
    });

    after(async () => {

        await app.destroy();
    });

    it('has admin routes to check, pages and actions', () => {

        expect(adminRoutes.filter((route) => route.method === 'get').length).to.be.at.least(5);
        expect(adminRoutes.filter((route) => route.method === 'post').length).to.be.at.least(10);
    });

    it('sends an admin without a device to enrolment from every admin page, and refuses every admin action', async () => {

        const browser = app.browser();
        await verifyEmailOf(await signUp(browser, adminEmail), adminEmail, browser);      // ADMIN_EMAILS grants once verified
        const setup = await browser.get('/auth/mfa/setup');
        expect(setup.statusCode).to.equal(200);
        const crumb = crumbIn(setup.payload);

        for (const route of adminRoutes) {
            if (route.method === 'get') {
                const res = await browser.get(route.path);
                expect(res.statusCode, `GET ${route.path}`).to.equal(302);
                expect(res.headers.location, `GET ${route.path}`).to.equal(`/auth/mfa/setup?redirectToPath=${encodeURIComponent(route.path)}`);
            }
            else {
                const res = await postForm(browser, route.path, { crumb }, { accept: 'application/json' });
                expect(res.statusCode, `POST ${route.path}`).to.equal(403);
                expect(JSON.parse(res.payload).message, `POST ${route.path}`).to.equal('Complete two-factor sign-in first');
            }
        }

        // After a sign-in as admin, the dashboard, outside the admin area, is also behind the factor: the
        // requirement is set at sign-in.
        const again = app.browser();
        await signIn(again, adminEmail);
        expect((await again.get('/dashboard')).headers.location).to.equal('/auth/mfa/setup?redirectToPath=%2Fdashboard');
    });

    it('sends an admin with a device to the challenge, and lets them in once it is answered', async () => {

        const first = app.browser();
        await signIn(first, adminEmail);
        const { secret } = await enrol(first, '/admin');
        expect((await first.get('/admin')).statusCode).to.equal(200);

        const browser = app.browser();
        expect(JSON.parse((await signIn(browser, adminEmail)).payload).status).to.equal('OK');
        const setup = await browser.get('/auth/mfa/setup');
        expect(setup.statusCode).to.equal(302);                 // a password alone may not add an authenticator
        expect(setup.headers.location).to.match(/^\/auth\/mfa\?/);
        const challenge = await browser.get('/auth/mfa');
        const sneaked = await postForm(browser, '/auth/mfa/setup', { crumb: crumbIn(challenge.payload), deviceName: 'TOTP Device 1', otpauth: `otpauth://totp/x?secret=${secret}`, code: codeAt(secret, 1) });
        expect(sneaked.statusCode).to.equal(403);

        for (const route of adminRoutes.filter((one) => one.method === 'get')) {
            const res = await browser.get(route.path);
            expect(res.headers.location, `GET ${route.path}`).to.equal(`/auth/mfa?redirectToPath=${encodeURIComponent(route.path)}`);
        }

        const answered = await answerChallenge(browser, { code: codeAt(secret, 1) }, '/admin');
        expect(answered.statusCode).to.equal(302);
        expect(answered.headers.location).to.equal('/admin');
        expect((await browser.get('/admin')).statusCode).to.equal(200);
        expect((await browser.get('/admin/users')).statusCode).to.equal(200);
        expect((await browser.get('/auth/mfa?redirectToPath=%2Fadmin%2Froles')).headers.location).to.equal('/admin/roles');
    });

    it('holds back an admin whose role came after sign-in (the guard reads the completed factors, not the sign-in requirement)', async () => {

        const browser = app.browser();
        const userId = await signUp(browser, 'later.admin@example.com');
        expect((await browser.get('/dashboard')).statusCode).to.equal(200);
        const UserRoles = (await import('supertokens-node/recipe/userroles')).default;
        await UserRoles.addRoleToUser('public', userId, 'admin');
        expect((await browser.get('/admin')).headers.location).to.equal('/auth/mfa/setup?redirectToPath=%2Fadmin');
    });
});
