import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestApp, type TestApp } from '../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('GET /dashboard', () => {

    let app: TestApp;

    before(async () => {

        app = await startTestApp();
    });

    after(async () => {

        await app.destroy();
    });

    it('redirects to sign-in with the page as redirectToPath when signed out', async () => {

        const res = await app.browser().get('/dashboard?tab=sessions');
        expect(res.statusCode).to.equal(302);
        expect(res.headers.location).to.equal('/auth?redirectToPath=%2Fdashboard%3Ftab%3Dsessions');
    });

    it('shows the signed-up user their email and session', async () => {

        const browser = app.browser();
        const signUp = await browser.post('/auth/signup', { formFields: [{ id: 'email', value: 'Dana@Example.com' }, { id: 'password', value: 'a long enough password' }] });
        expect(signUp.statusCode).to.equal(200);
        expect(JSON.parse(signUp.payload).status).to.equal('OK');
        expect(browser.cookies.has('sAccessToken')).to.be.true();

        const res = await browser.get('/dashboard');
        expect(res.statusCode).to.equal(200);
        expect(res.payload).to.contain('dana@example.com');
    });

    it('answers /api/me with 401 JSON when signed out, and the session when signed in', async () => {

        const browser = app.browser();
        expect((await browser.get('/api/me')).statusCode).to.equal(401);
        await browser.post('/auth/signup', { formFields: [{ id: 'email', value: 'erin@example.com' }, { id: 'password', value: 'a long enough password' }] });
        const me = JSON.parse((await browser.get('/api/me')).payload);
        expect(me.userId).to.be.a.string();
        expect(me.accessTokenExpiry as number).to.be.above(Date.now());
    });
});
