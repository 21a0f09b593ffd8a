import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import EmailPassword from 'supertokens-node/recipe/emailpassword';

import { linkTo, outboxTo, useQuietTestApp } from '../../helpers/outbox';
import { attributeOf, crumbIn, password, postForm, signUp, submitForm, textOf, thirdPartyBrowser } from '../../helpers/pages';
import type { Browser } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


describe('changing my email address', () => {

    const shared = useQuietTestApp(lab);

    /** Asks for the change and returns the confirmation link sent to the new address. */
    const askFor = async (browser: Browser, email: string): Promise<URL> => {

        const res = await submitForm(browser, '/dashboard/email', '/dashboard/email', { email });
        expect(res.statusCode, res.payload).to.equal(200);
        expect(textOf(res.payload, 'flash')).to.equal(`We sent a link to ${email.toLowerCase()}. Open it while signed in here to confirm: your address changes then.`);
        const [message] = await outboxTo(shared.app.config.web.outboxDir, email.toLowerCase());
        return linkTo(message!, '/dashboard/email/confirm');
    };

    const confirm = async (browser: Browser, link: URL) => {

        const page = await browser.get(`${link.pathname}${link.search}`);
        expect(page.statusCode).to.equal(200);
        const token = /name="token" value="([^"]+)"/.exec(page.payload)![1]!;
        return await postForm(browser, '/dashboard/email/confirm', { crumb: crumbIn(page.payload), token });
    };

    it('changes the address once the link sent to the new one is opened, and tells the old one', async () => {

        const browser = shared.app.browser();
        await signUp(browser, 'old.address@example.com');
        const link = await askFor(browser, 'New.Address@example.com');

        // Nothing changes before the link is used.
        expect(textOf((await browser.get('/dashboard')).payload, 'user-email')).to.equal('old.address@example.com');

        const res = await confirm(browser, link);
        expect(res.statusCode).to.equal(302);
        expect(res.headers.location).to.equal('/dashboard');
        const dashboard = await browser.get('/dashboard');
        expect(textOf(dashboard.payload, 'flash')).to.equal('Your email address was changed. We told the old address.');
        expect(textOf(dashboard.payload, 'user-email')).to.equal('new.address@example.com');
        expect(attributeOf(dashboard.payload, 'data-verified', 'user-email-verified')).to.equal('true');

        const [notice] = await outboxTo(shared.app.config.web.outboxDir, 'old.address@example.com');
        expect(notice!.subject).to.equal('Your Staffgate email address was changed');
        expect(notice!.text).to.contain('now uses n***@example.com instead');

        expect((await EmailPassword.signIn('public', 'new.address@example.com', password)).status).to.equal('OK');
        expect((await EmailPassword.signIn('public', 'old.address@example.com', password)).status).to.equal('WRONG_CREDENTIALS_ERROR');

        // The link works once.
        const again = await confirm(browser, link);
        expect(again.statusCode).to.equal(400);
        expect(textOf(again.payload, 'new-email-error')).to.contain('This link has expired, was already used');
    });

    it('refuses an address in use, the same one, or not an address, without saying whose it is', async () => {

        await signUp(shared.app.browser(), 'taken@example.com');
        const browser = shared.app.browser();
        await signUp(browser, 'wants.taken@example.com');
        for (const [email, error] of [
            ['taken@example.com', 'You cannot use this address here. Choose another one.'],
            ['Wants.Taken@example.com', 'This is already your address.'],
            ['not an address', 'Email is invalid']
        ] as const) {
            const res = await submitForm(browser, '/dashboard/email', '/dashboard/email', { email });
            expect(res.statusCode, email).to.equal(400);
            expect(textOf(res.payload, 'new-email-error'), email).to.equal(error);
        }

        expect(await outboxTo(shared.app.config.web.outboxDir, 'taken@example.com')).to.equal([]);
    });

    it('does not let another account use the link', async () => {

        const owner = shared.app.browser();
        await signUp(owner, 'link.owner@example.com');
        const link = await askFor(owner, 'link.target@example.com');

        const other = shared.app.browser();
        await signUp(other, 'link.thief@example.com');
        const res = await confirm(other, link);
        expect(res.statusCode).to.equal(400);
        expect(textOf((await other.get('/dashboard')).payload, 'user-email')).to.equal('link.thief@example.com');
        expect(textOf((await owner.get('/dashboard')).payload, 'user-email')).to.equal('link.owner@example.com');
    });

    it('says a third-party account changes its address with its provider', async () => {

        const { browser } = await thirdPartyBrowser(shared.app, 'provider.user@example.com');
        const res = await browser.get('/dashboard/email');
        expect(res.statusCode).to.equal(200);
        expect(res.payload).to.contain('id="email-not-here"');
        expect(res.payload).to.not.contain('id="email-form"');
        const crumb = crumbIn((await browser.get('/dashboard')).payload);
        expect((await postForm(browser, '/dashboard/email', { crumb, email: 'x@example.com' })).statusCode).to.equal(400);
        expect((await postForm(browser, '/dashboard/email/confirm', { crumb, token: 'x' })).statusCode).to.equal(400);
    });
});
