import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { weakPasswordMessage } from '../../server/web/auth/password-policy';
import { browserSuite, hasChromium, problems, useBrowserApp } from '../helpers/browser';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


describe(browserSuite('password strength while typing, in Chromium'), { skip: !hasChromium }, () => {

    const app = useBrowserApp(lab);

    it('the sign-up form says a common password is too easy and a good one is strong, under the CSP', async () => {

        const { page, record } = await app.newPage();
        await page.goto(`${app.origin}/auth?show=sign-up`);
        await page.locator('#sign-up-submit:enabled').waitFor();
        await page.fill('#sign-up-email', 'typist@example.com');

        const output = page.locator('#sign-up-password-strength');
        await page.locator('#sign-up-password').pressSequentially('qwertyuiop12');
        await page.locator('#sign-up-password-strength[data-acceptable="false"]').waitFor();
        expect(await output.textContent()).to.contain(weakPasswordMessage);

        await page.fill('#sign-up-password', '');
        await page.locator('#sign-up-password-strength:not([data-acceptable])').waitFor({ state: 'attached' });
        await page.locator('#sign-up-password').pressSequentially('typist.example');
        await page.locator('#sign-up-password-strength[data-acceptable="false"]').waitFor();

        await page.fill('#sign-up-password', 'correct horse battery staple');
        await page.locator('#sign-up-password-strength[data-acceptable="true"]').waitFor();
        expect(await output.textContent()).to.match(/^Strength: (strong|very strong)\.$/);

        expect(problems(record)).to.equal([]);
    });
});
