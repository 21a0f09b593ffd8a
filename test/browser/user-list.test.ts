import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import UserRoles from 'supertokens-node/recipe/userroles';

import { browserSuite, hasChromium, problems, screenshot, signUpVerifiedAdmin, startBrowserApp, submitSignIn, useBrowserApp, type TestPage } from '../helpers/browser';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before } = lab;

const adminEmail = 'layout.admin@example.com';
const password = 'a long enough password';


/** Run in the page (as source: the tests are typed without the DOM): the table's header and cell words that the layout broke over two lines, each word measured with a Range. */
const brokenWords = `(() => {
    const broken = [];
    for (const cell of document.querySelectorAll('#users-table th, #users-table td')) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of (node.textContent || '').matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const tops = new Set([...range.getClientRects()].filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top)));
                if (tops.size > 1) {
                    broken.push(match[0]);
                }
            }
        }
    }

    return broken;
})()`;


describe(browserSuite('the admin user list layout in Chromium'), { skip: !hasChromium }, () => {

    const app = useBrowserApp(lab, () => startBrowserApp({ ADMIN_EMAILS: adminEmail }));

    before(async () => {

        await signUpVerifiedAdmin(app, adminEmail, password);
        await UserRoles.createNewRoleOrAddPermissions('support-lead', []);
        for (let i = 0; i < 30; ++i) {
            const created = await EmailPassword.signUp('public', `firstname.lastname-${String(i).padStart(2, '0')}@departments.long-company-name.example`, password);
            if (created.status === 'OK' && i % 3 === 0) {
                await UserRoles.addRoleToUser('public', created.user.id, 'support-lead');
            }
        }
    });

    const signedInAdmin = async (width: number, height: number): Promise<TestPage> => {

        const opened = await app.newPage();
        await opened.page.setViewportSize({ width, height });
        await opened.page.goto(`${app.origin}/auth`);
        await submitSignIn(opened.page, adminEmail, password);
        await opened.page.waitForURL(`${app.origin}/dashboard`);
        return opened;
    };

    it('reads at 1280 px with no word broken inside, and fits 25 rows in about five phone screens at 390 px', async () => {

        const desktop = await signedInAdmin(1280, 800);
        const res = await desktop.page.goto(`${app.origin}/admin/users`, { waitUntil: 'networkidle' });
        expect(res!.status(), (await desktop.page.content()).slice(0, 3000)).to.equal(200);
        expect(await desktop.page.locator('#users-table tr.user-row').count()).to.equal(25);
        expect(await desktop.page.evaluate(brokenWords)).to.equal([]);
        expect(await desktop.page.getAttribute('#users-table tr.user-row .user-link >> nth=0', 'title')).to.match(/@departments\.long-company-name\.example$/);
        await screenshot(desktop.page, 'admin-users-1280');
        expect(problems(desktop.record)).to.equal([]);

        const phone = await signedInAdmin(390, 844);
        await phone.page.goto(`${app.origin}/admin/users`, { waitUntil: 'networkidle' });
        expect(await phone.page.locator('#users-table tr.user-row').count()).to.equal(25);
        const height = await phone.page.evaluate('document.documentElement.scrollHeight');
        expect(height as number).to.be.at.most(4300);                                                     // five screens of 844 px is 4 220
        const overflow = await phone.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        expect(overflow).to.equal(0);
        expect(await phone.page.evaluate('getComputedStyle(document.querySelector(\'#users-table td[data-label="Joined"]\'), \'::before\').content')).to.equal('"Joined: "');
        await screenshot(phone.page, 'admin-users-390');
        expect(problems(phone.record)).to.equal([]);
    });
});
