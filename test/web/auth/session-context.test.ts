import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import Session from 'supertokens-node/recipe/session';

import { sessionClientOf } from '../../../server/web/auth/session-context';
import { handleOf, password } from '../../helpers/pages';
import { startTestApp, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const formFields = (email: string) => ({ formFields: [{ id: 'email', value: email }, { id: 'password', value: password }] });


describe('Session context (sign-in IP and user agent)', () => {

    let app: TestApp;

    before(async () => {

        app = await startTestApp();
    });

    after(async () => {

        await app.destroy();
    });

    it('keeps the IP and user agent that signed up or in in the session data', async () => {

        const signUpBrowser = app.browser();
        const signUp = await signUpBrowser.request({ method: 'POST', url: '/auth/signup', payload: formFields('where@example.com'), headers: { rid: 'emailpassword', 'user-agent': 'Firefox/141 (X11; Linux)' }, remoteAddress: '::ffff:203.0.113.9' });
        expect(JSON.parse(signUp.payload).status).to.equal('OK');
        const signUpInfo = await Session.getSessionInformation(await handleOf(signUpBrowser));
        expect(signUpInfo!.sessionDataInDatabase).to.equal({ ip: '203.0.113.9', userAgent: 'Firefox/141 (X11; Linux)' });

        const signInBrowser = app.browser();
        await signInBrowser.request({ method: 'POST', url: '/auth/signin', payload: formFields('where@example.com'), headers: { rid: 'emailpassword', 'user-agent': `Evil\u0007Agent ${'x'.repeat(600)}` }, remoteAddress: '2001:db8::5' });
        const signInInfo = await Session.getSessionInformation(await handleOf(signInBrowser));
        const client = sessionClientOf(signInInfo!.sessionDataInDatabase);
        expect(client.ip).to.equal('2001:db8::5');
        expect(client.userAgent!).to.startWith('Evil Agent xxx');
        expect(client.userAgent).to.have.length(512);
    });

    it('leaves a session\'s data alone when it is refreshed (no extra core calls on the hot path)', async () => {

        const browser = app.browser();
        await browser.request({ method: 'POST', url: '/auth/signup', payload: formFields('refresher@example.com'), headers: { rid: 'emailpassword', 'user-agent': 'Chromium/140' } });
        const handle = await handleOf(browser);
        const earlier = (await Session.getSessionInformation(handle))!.sessionDataInDatabase;

        const refreshed = await browser.post('/auth/session/refresh', undefined, { rid: 'session' });
        expect(refreshed.statusCode).to.equal(200);
        expect((await Session.getSessionInformation(handle))!.sessionDataInDatabase).to.equal(earlier);
    });

    it('reads only well-typed fields back from session data', () => {

        expect(sessionClientOf(undefined)).to.equal({});
        expect(sessionClientOf('text')).to.equal({});
        expect(sessionClientOf({ ip: 7, userAgent: ['a'] })).to.equal({});
        expect(sessionClientOf({ ip: '10.0.0.1', userAgent: 'ua', other: true })).to.equal({ ip: '10.0.0.1', userAgent: 'ua' });
    });
});
