import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { signUp } from '../../helpers/pages';
import { startTestApp, type Browser, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('while the core is down', () => {

    let app: TestApp;
    let browser: Browser;

    before(async () => {

        app = await startTestApp();
        browser = app.browser();
        await signUp(browser, 'while.down@example.com');
        expect((await app.web.inject('/health/ready')).statusCode).to.equal(200);
        expect((await browser.get('/dashboard')).statusCode).to.equal(200);     // The signing keys are known now
        await app.core!.stop();                                 // The test core goes away; the web app stays
    });

    after(async () => {

        await app.web.stop();
    });

    it('answers the SDK\'s API with a JSON 503 and Retry-After', async () => {

        for (const [url, payload] of [
            ['/auth/signin', { formFields: [{ id: 'email', value: 'while.down@example.com' }, { id: 'password', value: 'a long enough password' }] }],
            ['/auth/signup', { formFields: [{ id: 'email', value: 'new.one@example.com' }, { id: 'password', value: 'a long enough password' }] }],
            ['/auth/user/password/reset/token', { formFields: [{ id: 'email', value: 'while.down@example.com' }] }]
        ] as const) {
            const res = await app.browser().post(url, payload);
            expect(res.statusCode, url).to.equal(503);
            expect(res.headers['retry-after'], url).to.equal('10');
            expect(String(res.headers['content-type']), url).to.startWith('application/json');
            expect(JSON.parse(res.payload), url).to.equal({ status: 'CORE_UNAVAILABLE', message: 'Sign-in is unavailable for a moment. Try again shortly.' });
        }
    });

    it('shows pages that need the core as a friendly 503 page', async () => {

        const res = await browser.get('/dashboard');
        expect(res.statusCode).to.equal(503);
        expect(res.headers['retry-after']).to.equal('10');
        expect(String(res.headers['content-type'])).to.startWith('text/html');
        expect(res.payload).to.include('data-status="503"');
        expect(res.payload).to.include('cannot reach its sign-in service');
    });

    it('says it is not ready', async () => {

        const res = await app.web.inject('/health/ready');
        expect(res.statusCode).to.equal(503);
        expect(JSON.parse(res.payload)).to.equal({ status: 'unavailable', core: 'unreachable' });
        expect((await app.web.inject('/health/live')).statusCode).to.equal(200);
    });
});
