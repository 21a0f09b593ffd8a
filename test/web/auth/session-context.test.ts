import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import Session from 'supertokens-node/recipe/session';
import type { RecipeInterface as SessionFunctions } from 'supertokens-node/recipe/session/types';
import type { UserContext } from 'supertokens-node/types';

import { sessionClientOf, withSessionContext } from '../../../server/web/auth/session-context';
import { handleOf, password } from '../../helpers/pages';
import { startTestApp, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const formFields = (email: string) => ({ formFields: [{ id: 'email', value: email }, { id: 'password', value: password }] });


describe('Session context (sign-in IP, user agent, last refresh)', () => {

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
        expect(client.lastRefreshAt).to.not.exist();
    });

    it('records the time of the last refresh and keeps the rest', async () => {

        const browser = app.browser();
        await browser.request({ method: 'POST', url: '/auth/signup', payload: formFields('refresher@example.com'), headers: { rid: 'emailpassword', 'user-agent': 'Chromium/140' } });
        const handle = await handleOf(browser);

        const before = Date.now();
        const refreshed = await browser.post('/auth/session/refresh', undefined, { rid: 'session' });
        expect(refreshed.statusCode).to.equal(200);
        const client = sessionClientOf((await Session.getSessionInformation(handle))!.sessionDataInDatabase);
        expect(client.userAgent).to.equal('Chromium/140');
        expect(client.lastRefreshAt!).to.be.within(before, Date.now());
    });

    it('still answers the refresh when the session disappears before its data is written', async () => {

        const browser = app.browser();
        await browser.post('/auth/signup', formFields('vanishing@example.com'));
        const handle = await handleOf(browser);

        // The session's data can no longer be read (revoked between the refresh and the write).
        const recipe = require('supertokens-node/lib/build/recipe/session/recipe').default.getInstanceOrThrowError();
        const original = recipe.recipeInterfaceImpl.getSessionInformation;
        recipe.recipeInterfaceImpl.getSessionInformation = async () => undefined;
        try {
            const refreshed = await browser.post('/auth/session/refresh', undefined, { rid: 'session' });
            expect(refreshed.statusCode).to.equal(200);
        }
        finally {
            recipe.recipeInterfaceImpl.getSessionInformation = original;
        }

        expect(sessionClientOf((await Session.getSessionInformation(handle))!.sessionDataInDatabase).lastRefreshAt).to.not.exist();
    });

    it('lets other failures of the refresh through', async () => {

        const broken = { getSessionDataFromDatabase: () => Promise.reject(new TypeError('a bug')) };
        const functions = withSessionContext({ refreshSession: async () => broken } as unknown as SessionFunctions);
        await expect(functions.refreshSession({ refreshToken: 't', disableAntiCsrf: true, userContext: {} as UserContext })).to.reject(TypeError, 'a bug');
    });

    it('reads only well-typed fields back from session data', () => {

        expect(sessionClientOf(undefined)).to.equal({});
        expect(sessionClientOf('text')).to.equal({});
        expect(sessionClientOf({ ip: 7, userAgent: ['a'], lastRefreshAt: '1' })).to.equal({});
        expect(sessionClientOf({ ip: '10.0.0.1', userAgent: 'ua', lastRefreshAt: 5, other: true })).to.equal({ ip: '10.0.0.1', userAgent: 'ua', lastRefreshAt: 5 });
    });
});
