import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import Session from 'supertokens-node/recipe/session';
import UserRoles from 'supertokens-node/recipe/userroles';

import { adminEmail, adminPost, signedInUser, userPage, userRowIds, useAdminApp } from '../../helpers/admin';
import { auditEvents, coreRequest } from '../../helpers/core-api';
import { outboxTo } from '../../helpers/outbox';
import { attributeOf, crumbIn, handleOf, postForm, signIn, textOf } from '../../helpers/pages';
import { enrolTotp, makeRecoveryCodes, twoFactorOf } from '../../helpers/two-factor';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


describe('Admin area: two-factor sign-in', () => {

    const { app, admin } = useAdminApp(lab, { quietMail: true });
    let counter = 0;

    const newUser = (roles: string[] = []) => signedInUser(app, `two-factor-${++counter}@example.com`, roles);

    const reset = (userId: string, fields: Record<string, string> = {}) => adminPost(admin.browser, userPage(userId), `${userPage(userId)}/two-factor/reset`, fields);


    describe('the user page', () => {

        it('says a user without a second factor has none, and offers no reset', async () => {

            const user = await newUser();
            const res = await admin.browser.get(userPage(user.userId));
            expect(res.statusCode).to.equal(200);
            expect(attributeOf(res.payload, 'data-enabled', 'user-two-factor-status')).to.equal('false');
            expect(textOf(res.payload, 'user-two-factor-status')).to.equal('Not set up');
            expect(textOf(res.payload, 'user-recovery-codes')).to.equal('None');
            expect(res.payload).to.contain('id="no-two-factor-devices"');
            expect(res.payload).to.not.contain('id="two-factor-reset-form"');
        });

        it('shows the devices (verified or not, added, last used) and the recovery codes left, never a secret', async () => {

            const user = await newUser();
            const secret = await enrolTotp(app, user.userId, 'Work phone');
            const pending = await coreRequest(app, 'POST', '/recipe/totp/device', { userId: user.userId, deviceName: 'Spare', skew: 1, period: 30 });
            const codes = await makeRecoveryCodes(app, user.userId);
            expect((await coreRequest(app, 'POST', '/staffgate/recovery-codes/consume', { userId: user.userId, code: codes[0] })).status).to.equal('OK');

            const res = await admin.browser.get(userPage(user.userId));
            expect(res.statusCode).to.equal(200);
            expect(attributeOf(res.payload, 'data-enabled', 'user-two-factor-status')).to.equal('true');
            expect(attributeOf(res.payload, 'data-remaining', 'user-recovery-codes')).to.equal('9');
            expect(textOf(res.payload, 'user-recovery-codes')!).to.startWith('9 of 10 left');

            const devices = [...res.payload.matchAll(/<li class="two-factor-device" data-device="([^"]+)" data-verified="(true|false)">([\s\S]*?)<\/li>/g)]
                .map((match) => ({ name: match[1], verified: match[2], text: match[3]!.replace(/<[^>]+>/g, '') }));
            expect(devices.map(({ name, verified }) => ({ name, verified }))).to.equal([{ name: 'Work phone', verified: 'true' }, { name: 'Spare', verified: 'false' }]);
            expect(devices[0]!.text).to.contain('added ');
            expect(devices[1]!.text).to.contain('never used');

            expect(res.payload).to.not.contain(secret);
            expect(res.payload).to.not.contain(pending.secret);
            expect(res.payload).to.contain('id="two-factor-reset-form"');
        });

        it('shows a viewer the status without the reset form', async () => {

            const user = await newUser();
            await enrolTotp(app, user.userId);
            const viewer = await newUser(['viewer']);
            const res = await viewer.browser.get(userPage(user.userId));
            expect(res.statusCode).to.equal(200);
            expect(attributeOf(res.payload, 'data-enabled', 'user-two-factor-status')).to.equal('true');
            expect(res.payload).to.not.contain('id="two-factor-reset-form"');
        });
    });


    describe('the reset', () => {

        it('removes the devices and recovery codes, signs the user out everywhere, records the admin and emails the user', async () => {

            const user = await newUser();
            const laptop = app.browser();
            await signIn(laptop, user.email);
            const handles = [await handleOf(user.browser), await handleOf(laptop)];
            await enrolTotp(app, user.userId);
            await makeRecoveryCodes(app, user.userId);

            const res = await reset(user.userId, { confirmReset: ` ${user.email.toUpperCase()} ` });
            expect(res.statusCode).to.equal(302);
            expect(res.headers.location).to.equal(userPage(user.userId));
            const page = await admin.browser.get(userPage(user.userId));
            expect(textOf(page.payload, 'flash')).to.equal('Two-factor sign-in was reset: the user&#x27;s devices and recovery codes are gone, and they were emailed. 2 sessions were signed out.');
            expect(attributeOf(page.payload, 'data-enabled', 'user-two-factor-status')).to.equal('false');

            const after = await twoFactorOf(app, user.userId);
            expect(after.enabled).to.be.false();
            expect(after.devices).to.equal([]);
            expect(after.recoveryCodes.total).to.equal(0);

            for (const handle of handles) {
                expect(await Session.getSessionInformation(handle)).to.not.exist();
            }

            expect((await user.browser.get('/dashboard')).statusCode).to.equal(302);
            expect((await laptop.get('/dashboard')).statusCode).to.equal(302);

            const [event] = await auditEvents(app, user.userId, 'two_factor_reset');
            expect(event).to.exist();
            expect(event!.actorId).to.equal(admin.userId);
            expect(event!.ip).to.equal('127.0.0.1');
            expect(event!.details).to.equal({ devicesRemoved: 1, recoveryCodesRemoved: 10 });
            const revoked = await auditEvents(app, user.userId, 'session_revoked');
            expect(revoked.length).to.equal(2);
            expect(revoked.every((entry) => entry.actorId === admin.userId)).to.be.true();

            const mail = await outboxTo(app.config.web.outboxDir, user.email);
            const notice = mail.filter((message) => message.subject === 'Your Staffgate two-factor sign-in was reset');
            expect(notice).to.have.length(1);
            expect(notice[0]!.text).to.contain('reset by an administrator');
            expect(notice[0]!.text).to.contain('If you did not ask for this');
        });

        it('removes recovery codes left without a device, and still signs the user out', async () => {

            const user = await newUser();
            const codes = await makeRecoveryCodes(app, user.userId);
            const page = await admin.browser.get(userPage(user.userId));
            expect(attributeOf(page.payload, 'data-enabled', 'user-two-factor-status')).to.equal('false');
            expect(page.payload).to.contain('id="two-factor-reset-form"');

            const res = await reset(user.userId, { confirmReset: user.email });
            expect(res.statusCode).to.equal(302);
            expect((await twoFactorOf(app, user.userId)).recoveryCodes.total).to.equal(0);
            expect((await coreRequest(app, 'POST', '/staffgate/recovery-codes/consume', { userId: user.userId, code: codes[1] })).status).to.equal('INVALID_RECOVERY_CODE_ERROR');
            expect((await user.browser.get('/dashboard')).statusCode).to.equal(302);
            const [event] = await auditEvents(app, user.userId, 'two_factor_reset');
            expect(event!.details).to.equal({ devicesRemoved: 0, recoveryCodesRemoved: 10 });
        });

        it('does nothing without the typed confirmation', async () => {

            const user = await newUser();
            await enrolTotp(app, user.userId);
            for (const fields of <Record<string, string>[]>[{}, { confirmReset: 'someone-else@example.com' }, { confirmReset: user.userId }, { confirmReset: `${user.email}${' '.repeat(600)}` }]) {
                const res = await reset(user.userId, fields);
                expect(res.statusCode).to.equal(400);
                expect(textOf(res.payload, 'two-factor-reset-confirm-error')).to.equal('Type the user&#x27;s email address exactly as shown to confirm.');
            }

            expect((await twoFactorOf(app, user.userId)).enabled).to.be.true();
            expect((await user.browser.get('/dashboard')).statusCode).to.equal(200);
            expect(await auditEvents(app, user.userId, 'two_factor_reset')).to.equal([]);
        });

        it('says when there was nothing to reset, and signs no one out', async () => {

            const user = await newUser();
            const res = await reset(user.userId, { confirmReset: user.email });
            expect(res.statusCode).to.equal(302);
            const page = await admin.browser.get(userPage(user.userId));
            expect(textOf(page.payload, 'flash')).to.equal('The user had no two-factor sign-in to reset.');
            expect((await user.browser.get('/dashboard')).statusCode).to.equal(200);
            expect((await outboxTo(app.config.web.outboxDir, user.email)).filter((message) => message.subject.includes('two-factor'))).to.equal([]);
        });

        it('refuses a viewer, leaving everything as it was', async () => {

            const user = await newUser();
            await enrolTotp(app, user.userId);
            const viewer = await newUser(['viewer']);
            crumbIn((await viewer.browser.get('/dashboard')).payload);         // a real crumb, so that only the role refuses
            const res = await postForm(viewer.browser, `${userPage(user.userId)}/two-factor/reset`, { crumb: viewer.browser.cookies.get('crumb')!.value, confirmReset: user.email });
            expect(res.statusCode).to.equal(403);
            expect((await twoFactorOf(app, user.userId)).enabled).to.be.true();
            expect((await user.browser.get('/dashboard')).statusCode).to.equal(200);
        });

        it('refuses a post without the crumb', async () => {

            const user = await newUser();
            await enrolTotp(app, user.userId);
            const res = await postForm(admin.browser, `${userPage(user.userId)}/two-factor/reset`, { confirmReset: user.email });
            expect(res.statusCode).to.equal(403);
            expect((await twoFactorOf(app, user.userId)).enabled).to.be.true();
        });

        it('refuses an admin\'s own reset', async () => {

            // Recovery codes only: a device of its own would make the admin's next request ask for a code.
            await makeRecoveryCodes(app, admin.userId);
            try {
                const page = await admin.browser.get(userPage(admin.userId));
                expect(page.payload).to.contain('id="two-factor-self-note"');
                expect(page.payload).to.not.contain('id="two-factor-reset-form"');

                const res = await postForm(admin.browser, `${userPage(admin.userId)}/two-factor/reset`, { crumb: crumbIn(page.payload), confirmReset: adminEmail });
                expect(res.statusCode).to.equal(400);
                expect(textOf(res.payload, 'flash')).to.equal('You cannot reset your own two-factor sign-in from the admin area: manage your devices under Security, or ask another admin.');
                expect((await twoFactorOf(app, admin.userId)).recoveryCodes.remaining).to.equal(10);
            }
            finally {
                await coreRequest(app, 'POST', '/staffgate/two-factor/reset', { userId: admin.userId });
            }
        });
    });


    describe('the user list', () => {

        it('shows a two-factor column and filters by it', async () => {

            const enrolled = await newUser();
            const without = await newUser();
            await enrolTotp(app, enrolled.userId);

            const all = await admin.browser.get('/admin/users');
            expect(all.statusCode).to.equal(200);
            const cell = (html: string, userId: string) => new RegExp(`data-user-id="${userId}"[\\s\\S]*?data-two-factor="(\\w+)"`).exec(html)?.[1];
            expect(cell(all.payload, enrolled.userId)).to.equal('on');
            expect(cell(all.payload, without.userId)).to.equal('off');

            const off = await admin.browser.get('/admin/users?state=noTwoFactor');
            expect(userRowIds(off.payload)).to.include(without.userId);
            expect(userRowIds(off.payload)).to.not.include(enrolled.userId);
            expect(off.payload).to.match(/<option value="noTwoFactor" selected>/);

            // With an email search too: both must hold.
            const neither = await admin.browser.get(`/admin/users?q=${encodeURIComponent(enrolled.email)}&state=noTwoFactor`);
            expect(userRowIds(neither.payload)).to.equal([]);
            const other = await admin.browser.get(`/admin/users?q=${encodeURIComponent(without.email)}&state=noTwoFactor`);
            expect(userRowIds(other.payload)).to.equal([without.userId]);
        });

        it('pages a filtered list, keeping the filter', async () => {

            const res = await admin.browser.get('/admin/users?state=noTwoFactor&limit=1');
            expect(res.statusCode).to.equal(200);
            expect(userRowIds(res.payload)).to.have.length(1);
            const next = attributeOf(res.payload, 'href', 'users-next')!.replace(/&amp;/g, '&');
            expect(next).to.match(/^\/admin\/users\?state=noTwoFactor&after=[\w-]+&page=2&limit=1$/);
            const second = await admin.browser.get(next);
            expect(userRowIds(second.payload)).to.have.length(1);
            expect(userRowIds(second.payload)).to.not.equal(userRowIds(res.payload));
        });

        it('answers an unknown filter value with the 400 page', async () => {

            expect((await admin.browser.get('/admin/users?state=maybe')).statusCode).to.equal(400);
        });
    });


    describe('the overview', () => {

        it('counts and names the admins and viewers without a second factor', async () => {

            const count = async () => {

                const res = await admin.browser.get('/admin');
                expect(res.statusCode).to.equal(200);
                return { count: Number(textOf(res.payload, 'stat-admins-without-two-factor')), ids: [...res.payload.matchAll(/class="admin-without-two-factor" data-user-id="([^"]+)"/g)].map((match) => match[1]) };
            };

            const before = await count();
            expect(before.ids).to.include(admin.userId);

            const viewer = await newUser(['viewer']);
            const staff = await newUser(['staff-only-role']);
            const withViewer = await count();
            expect(withViewer.count).to.equal(before.count + 1);
            expect(withViewer.ids).to.include(viewer.userId);
            expect(withViewer.ids).to.not.include(staff.userId);

            await enrolTotp(app, viewer.userId);
            const enrolled = await count();
            expect(enrolled.count).to.equal(before.count);
            expect(enrolled.ids).to.not.include(viewer.userId);

            await UserRoles.removeUserRole('public', viewer.userId, 'viewer');
        });
    });


    it('offers the two-factor events in the audit log filter', async () => {

        const res = await admin.browser.get('/admin/audit');
        for (const event of ['totp_device_created', 'totp_device_verified', 'totp_code_failed', 'totp_limit_reached', 'recovery_code_used', 'two_factor_reset']) {
            expect(res.payload).to.contain(`<option value="${event}">`);
        }

        const filtered = await admin.browser.get('/admin/audit?event=two_factor_reset');
        expect(filtered.payload).to.contain('<option value="two_factor_reset" selected>');
    });
});
