import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { signedInAdmin, signedInUser, startAdminApp, type SignedIn } from '../../helpers/admin';
import { textOf } from '../../helpers/pages';
import type { TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('The admin overview, kept for ADMIN_COUNTS_MAX_AGE', () => {

    let app: TestApp;
    let admin: SignedIn;

    before(async () => {

        app = await startAdminApp({ ADMIN_COUNTS_MAX_AGE: '60' });
        admin = await signedInAdmin(app);
    });

    after(async () => {

        await app.destroy();
    });

    it('shows what the first load read until it is a minute old, and says when it was read', async () => {

        const first = await admin.browser.get('/admin');
        expect(first.statusCode).to.equal(200);
        const users = Number(textOf(first.payload, 'stat-users'));
        const asOf = textOf(first.payload, 'counts-as-of');
        expect(asOf).to.match(/^As of \d\d:\d\d:\d\d UTC \(this page may be a few seconds old\)$/);

        await signedInUser(app, 'counted-later@example.com');
        const second = await admin.browser.get('/admin');
        expect(Number(textOf(second.payload, 'stat-users'))).to.equal(users);      // the cached count
        expect(textOf(second.payload, 'counts-as-of')).to.equal(asOf);
    });
});
