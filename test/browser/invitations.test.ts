import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import UserRoles from 'supertokens-node/recipe/userroles';

import { browserSuite, foreignRequests, hasChromium, problems, screenshot, startBrowserApp, submitSignIn, waitForOutboxMail, type BrowserApp, signUpVerifiedAdmin } from '../helpers/browser';
import { linkTo } from '../helpers/outbox';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


const adminEmail = 'ada.admin@example.com';
const colleague = 'colin.colleague@example.com';
const password = 'a long enough password';


describe(browserSuite('invitations in Chromium'), { skip: !hasChromium }, () => {

    let app: BrowserApp;

    before(async () => {

        app = await startBrowserApp({ ADMIN_EMAILS: adminEmail });
        await UserRoles.createNewRoleOrAddPermissions('support', []);
    });

    after(async () => {

        await app?.stop();
    });

    it('an admin invites a colleague, who opens the link from the outbox, sets a password and lands on the dashboard with the role', async () => {

        // The first admin signs up; ADMIN_EMAILS gives the role once the email is verified (as the link would),
        // which the next sign-in carries.
        await signUpVerifiedAdmin(app, adminEmail, password);

        const admin = await app.newPage();
        await admin.page.goto(`${app.origin}/auth`);
        await submitSignIn(admin.page, adminEmail, password);
        await admin.page.waitForURL(`${app.origin}/dashboard`);

        await admin.page.goto(`${app.origin}/admin/invitations`);
        await admin.page.fill('#invite-emails', colleague);
        await admin.page.check('#invite-role-support');
        await admin.page.click('#invite-submit');
        await admin.page.locator(`#invite-results tr[data-email="${colleague}"]`).waitFor();
        expect(await admin.page.getAttribute(`#invite-results tr[data-email="${colleague}"]`, 'data-outcome')).to.equal('invited');
        expect(await admin.page.getAttribute('#invitations-table tr.invitation-row', 'data-state')).to.equal('pending');
        await screenshot(admin.page, 'admin-invitations');

        const mail = await waitForOutboxMail(app.outboxDir, colleague);
        const link = linkTo(mail, '/auth/invite');

        const invitee = await app.newPage();
        await invitee.page.goto(link.href);
        expect(await invitee.page.inputValue('#invite-email')).to.equal(colleague);
        expect(await invitee.page.getAttribute('#invite-email', 'readonly')).to.not.be.null();
        await screenshot(invitee.page, 'invite');
        await invitee.page.fill('#invite-password', password);
        await invitee.page.fill('#invite-confirm-password', password);
        await invitee.page.click('#invite-submit');
        await invitee.page.waitForURL(`${app.origin}/dashboard`);
        expect(await invitee.page.textContent('#user-email')).to.equal(colleague);
        expect(await invitee.page.textContent('#user-roles')).to.contain('support');

        // The link was for one use.
        const again = await app.newPage();
        await again.page.goto(link.href);
        expect((await again.page.textContent('#invite-problem'))!.trim()).to.equal('This invitation has already been used. Sign in with the account it created.');

        for (const { record } of [admin, invitee, again]) {
            expect(problems(record).filter((problem) => !/\b410\b/.test(problem))).to.equal([]);          // the used link's page is a 410
            expect(foreignRequests(record, app.origin)).to.equal([]);
        }

        await app.closePages();
    });
});
