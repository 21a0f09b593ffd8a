import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestApp, type TestApp } from '../../helpers/web';
import { signUp } from '../../helpers/pages';
import { verifyEmailOf } from '../../helpers/admin';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('the Admin link in the nav', () => {

    let app: TestApp;

    before(async () => {

        app = await startTestApp({ ADMIN_EMAILS: 'chief@example.com' });
    });

    after(async () => {

        await app.destroy();
    });

    it('is shown to an admin on the dashboard', async () => {

        const browser = app.browser();
        await verifyEmailOf(await signUp(browser, 'chief@example.com'), 'chief@example.com', browser);
        const res = await browser.get('/dashboard');
        expect(res.statusCode).to.equal(200);
        expect(res.payload).to.contain('id="nav-admin"');
    });

    it('is not shown to staff without an admin or viewer role', async () => {

        const browser = app.browser();
        await signUp(browser, 'staff@example.com');
        const res = await browser.get('/dashboard');
        expect(res.statusCode).to.equal(200);
        expect(res.payload).to.not.contain('id="nav-admin"');
    });
});
