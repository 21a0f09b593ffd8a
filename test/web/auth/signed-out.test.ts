import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { signedOutMessage, signedOutReason } from '../../../server/web/auth/signed-out';
import type { CoreExtensions } from '../../../server/web/core-extensions';
import { signUp } from '../../helpers/pages';
import { startTestApp, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('why a device was signed out', () => {

    let app: TestApp;
    let token: string;

    before(async () => {

        app = await startTestApp();
        const browser = app.browser();
        await signUp(browser, 'why@example.com');
        token = browser.cookies.get('sAccessToken')!.value;
    });

    after(async () => {

        await app.destroy();
    });

    /** A request with this access token, on a server whose core extensions answer as given. */
    const requestWith = (accessToken: string | undefined, extensions?: Partial<CoreExtensions>) => {

        const request = {
            state: accessToken === undefined ? {} : { sAccessToken: accessToken },
            server: { app: { coreExtensions: extensions as CoreExtensions | undefined } }
        };
        return request as unknown as Parameters<typeof signedOutReason>[0];
    };

    const available = async () => true;

    it('says nothing without a token, and "ended" for a token it cannot read', async () => {

        expect(await signedOutReason(requestWith(undefined))).to.be.undefined();
        expect(await signedOutReason(requestWith(''))).to.be.undefined();
        expect(await signedOutReason(requestWith('not.a.token'))).to.equal('ended');
    });

    it('says "ended" without the Staffgate core, or when its audit trail cannot be read', async () => {

        expect(await signedOutReason(requestWith(token))).to.equal('ended');
        expect(await signedOutReason(requestWith(token, { available: async () => false }))).to.equal('ended');
        expect(await signedOutReason(requestWith(token, { available, listAudit: () => Promise.reject(new Error('core down')) }))).to.equal('ended');
    });

    it('blames an administrator for a ban that left no revocation event, and says "ended" otherwise', async () => {

        const events = (names: string[]) => ({ available, listAudit: async () => ({ events: names.map((event, id) => ({ id, time: Date.now(), event, details: {} })) }) });
        expect(await signedOutReason(requestWith(token, events(['user_banned'])))).to.equal('admin');
        expect(await signedOutReason(requestWith(token, events(['sign_in'])))).to.equal('ended');
    });

    it('has a message for each reason and none for anything else', () => {

        expect(signedOutMessage('admin')).to.equal('You were signed out by an administrator.');
        expect(signedOutMessage('ended')).to.contain('your session ended');
        expect(signedOutMessage('constructor')).to.be.undefined();
        expect(signedOutMessage(undefined)).to.be.undefined();
    });
});
