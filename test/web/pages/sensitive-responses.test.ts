import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import UserRoles from 'supertokens-node/recipe/userroles';

import { signedInAdmin, startAdminApp } from '../../helpers/admin';
import { crumbIn, postForm, signUp } from '../../helpers/pages';
import type { TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const credentials = (email: string) => ({ formFields: [{ id: 'email', value: email }, { id: 'password', value: 'a long enough password' }] });


describe('Headers of sensitive responses', () => {

    let app: TestApp;

    before(async () => {

        app = await startAdminApp();
    });

    after(async () => {

        await app.destroy();
    });

    it('responses that set session cookies are no-store', async () => {

        const signUpRes = await app.browser().post('/auth/signup', credentials('cookies@example.com'));
        const signInBrowser = app.browser();
        const signInRes = await signInBrowser.post('/auth/signin', credentials('cookies@example.com'));
        const refreshRes = await signInBrowser.post('/auth/session/refresh');
        const signOutRes = await signInBrowser.post('/auth/signout');
        for (const [label, res] of [['sign-up', signUpRes], ['sign-in', signInRes], ['refresh', refreshRes], ['sign-out', signOutRes]] as const) {
            expect(res.headers['set-cookie'], label).to.exist();
            expect(res.headers['cache-control'], label).to.equal('no-store');
        }
    });

    it('every signed-in page and API answer is no-store; static assets keep their caching', async () => {

        const browser = app.browser();
        await signUp(browser, 'pages@example.com');
        for (const path of ['/dashboard', '/dashboard/password', '/api/me', '/auth/verify-email', '/no/such/page']) {
            const res = await browser.get(path);
            expect(res.headers['cache-control'], path).to.equal('no-store');
        }

        expect((await browser.get('/public/css/app.css')).headers['cache-control']).to.equal('max-age=3600, must-revalidate, public');
        expect((await browser.get('/vendor/supertokens/session.js')).headers['cache-control']).to.equal('max-age=86400, must-revalidate, public');
    });

    it('pages with a token in their address send no Referer', async () => {

        for (const path of ['/auth/reset-password?token=secret-token', '/auth/verify-email?token=secret-token']) {
            const res = await app.browser().get(path);
            expect(res.statusCode, path).to.equal(200);
            expect(res.headers['referrer-policy'], path).to.equal('no-referrer');
        }

        expect((await app.browser().get('/auth')).headers['referrer-policy']).to.equal('strict-origin-when-cross-origin');
    });

    it('our forms refuse a request the browser marks Sec-Fetch-Site: cross-site, even with crumb and no Origin', async () => {

        const { browser: admin } = await signedInAdmin(app);             // ADMIN_EMAILS: admin once verified
        const page = await admin.get('/admin/roles');
        expect(page.statusCode).to.equal(200);
        const crumb = crumbIn(page.payload);

        const crossSite = await postForm(admin, '/admin/roles', { crumb, name: 'cross-site-role', permissions: '' }, { 'sec-fetch-site': 'cross-site' });
        expect(crossSite.statusCode).to.equal(403);
        expect((await UserRoles.getAllRoles()).roles).to.not.include('cross-site-role');

        const dashboard = await admin.get('/dashboard');
        const revoke = await postForm(admin, '/dashboard/sessions/revoke-others', { crumb: crumbIn(dashboard.payload) }, { 'sec-fetch-site': 'cross-site' });
        expect(revoke.statusCode).to.equal(403);

        const sameOrigin = await postForm(admin, '/admin/roles', { crumb, name: 'same-origin-role', permissions: '' }, { 'sec-fetch-site': 'same-origin' });
        expect(sameOrigin.statusCode).to.equal(302);
        expect((await UserRoles.getAllRoles()).roles).to.include('same-origin-role');
    });
});
