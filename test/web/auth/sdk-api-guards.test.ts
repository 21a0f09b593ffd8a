import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { mintState } from '../../../server/web/auth/oauth-state';
import { startTestApp, type Browser, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('Guards in front of the SDK\'s API', () => {

    let app: TestApp;

    before(async () => {

        app = await startTestApp();
    });

    after(async () => {

        await app.destroy();
    });

    const signedIn = async (email: string): Promise<Browser> => {

        const browser = app.browser();
        const res = await browser.post('/auth/signup', { formFields: [{ id: 'email', value: email }, { id: 'password', value: 'a long enough password' }] });
        expect(JSON.parse(res.payload).status).to.equal('OK');
        return browser;
    };

    /** A POST with the browser's cookies and exactly these headers (no rid unless given). */
    const raw = (browser: Browser, url: string, headers: Record<string, string>, payload?: object) => browser.request({ method: 'POST', url, headers, payload });

    it('refuses a state-changing call without the rid header the frontend SDK sends, before the SDK runs', async () => {

        const browser = await signedIn('carol@example.com');
        for (const url of ['/auth/signout', '/auth/public/signout', '/auth/session/refresh', '/auth/signin']) {
            const res = await raw(browser, url, {}, {});
            expect(res.statusCode, url).to.equal(403);
            expect(JSON.parse(res.payload), url).to.equal({ message: 'Request refused: the rid header is missing' });
        }

        expect(browser.cookies.has('sAccessToken')).to.be.true();
        expect((await browser.get('/api/me')).statusCode).to.equal(200);

        const signOut = await raw(browser, '/auth/signout', { rid: 'session' }, {});
        expect(JSON.parse(signOut.payload)).to.equal({ status: 'OK' });
    });

    it('refuses a state-changing call from another origin, and accepts one from the website', async () => {

        const browser = await signedIn('dave@example.com');
        const foreign = await raw(browser, '/auth/signout', { rid: 'session', origin: 'https://evil.example.com' }, {});
        expect(foreign.statusCode).to.equal(403);
        expect(JSON.parse(foreign.payload)).to.equal({ message: 'Request refused: origin https://evil.example.com is not the website\'s' });
        expect((await browser.get('/api/me')).statusCode).to.equal(200);

        const own = await raw(browser, '/auth/signout', { rid: 'session', origin: app.config.web.websiteDomain }, {});
        expect(JSON.parse(own.payload)).to.equal({ status: 'OK' });
    });

    it('leaves GET calls and our own routes to their own rules', async () => {

        const browser = await signedIn('erin@example.com');
        const res = await browser.request({ method: 'GET', url: '/auth/user/email/verify' });
        expect(JSON.parse(res.payload)).to.equal({ status: 'OK', isVerified: false });
        expect((await browser.request({ method: 'GET', url: '/health/live', headers: { origin: 'https://evil.example.com' } })).statusCode).to.equal(200);
    });

    it('lets Apple\'s cross-site form_post callback through to the SDK, which sends the browser to the callback page', async () => {

        const state = mintState(`${app.config.web.websiteDomain}/auth/callback/apple`);
        const res = await app.browser().request({
            method: 'POST',
            url: '/auth/callback/apple',
            headers: { origin: 'https://appleid.apple.com', 'content-type': 'application/x-www-form-urlencoded' },
            payload: new URLSearchParams({ state, code: 'apple-code' }).toString()
        });

        expect(res.statusCode).to.equal(303);
        const location = new URL(res.headers.location as string);
        expect(`${location.origin}${location.pathname}`).to.equal(`${app.config.web.websiteDomain}/auth/callback/apple`);
        expect(location.searchParams.get('code')).to.equal('apple-code');
        expect(location.searchParams.get('state')).to.equal(state);
    });
});
