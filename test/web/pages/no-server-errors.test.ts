import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { safeRedirectPath } from '../../../server/web/pre/session';
import { startTestApp, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const credentials = (email: string) => ({ formFields: [{ id: 'email', value: email }, { id: 'password', value: 'a long enough password' }] });


describe('Requests that used to answer 500', () => {

    let app: TestApp;

    before(async () => {

        app = await startTestApp();
    });

    after(async () => {

        await app.destroy();
    });

    it('a vendor bundle named like an Object.prototype member is a 404', async () => {

        for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
            const res = await app.browser().get(`/vendor/supertokens/${name}.js`);
            expect(res.statusCode, name).to.equal(404);
        }

        expect((await app.browser().get('/vendor/supertokens/session.js')).statusCode).to.equal(200);
    });

    it('an unknown tenant segment in an API path is a 404; the public tenant still works', async () => {

        await app.browser().post('/auth/signup', credentials('tenant@example.com'));
        for (const path of ['/auth/foo/signin', '/auth/foo/signup', '/auth/foo/user/password/reset/token']) {
            const res = await app.browser().post(path, credentials('tenant@example.com'));
            expect(res.statusCode, path).to.equal(404);
        }

        expect((await app.browser().get('/auth/foo/authorisationurl?thirdPartyId=google&redirectURIOnProviderDashboard=x', { rid: 'thirdparty' })).statusCode).to.equal(404);

        const signIn = await app.browser().post('/auth/public/signin', credentials('tenant@example.com'));
        expect(JSON.parse(signIn.payload).status).to.equal('OK');
    });

    it('/auth with a live session and a non-Latin-1 redirectToPath redirects there, percent-encoded', async () => {

        const browser = app.browser();
        expect(JSON.parse((await browser.post('/auth/signup', credentials('unicode@example.com'))).payload).status).to.equal('OK');

        for (const [query, location] of [['/%E2%9C%93', '/%E2%9C%93'], ['/caf%C3%A9?q=%E2%9C%93', '/caf%C3%A9?q=%E2%9C%93'], ['/a%20b', '/a%20b']]) {
            const res = await browser.get(`/auth?redirectToPath=${query}`);
            expect(res.statusCode, query).to.equal(302);
            expect(res.headers.location, query).to.equal(location);
        }
    });

    it('safeRedirectPath returns only ASCII', () => {

        expect(safeRedirectPath('/✓')).to.equal('/%E2%9C%93');
        expect(safeRedirectPath('/\uD800x')).to.equal('/%EF%BF%BDx');
        expect(safeRedirectPath('/dashboard?a=b&c=%20')).to.equal('/dashboard?a=b&c=%20');
    });
});
