import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { thirdPartyUser } from '../../helpers/admin';
import { startMailSink, type MailSink } from '../../helpers/mail-sink';
import { captureMailLog, linkTo, outboxTo, useQuietTestApp } from '../../helpers/outbox';
import { password, signUp, submitForm } from '../../helpers/pages';
import { startTestApp, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const changedSubject = 'Your Staffgate password was changed';
const methodSubject = 'A new way to sign in to Staffgate was used';


describe('Security notices to the account owner', () => {

    const shared = useQuietTestApp(lab);

    const noticesTo = async (email: string, subject: string) => (await outboxTo(shared.app.config.web.outboxDir, email)).filter((message) => message.subject === subject);

    it('a completed password reset is mailed to the owner, with what to do if it was not them', async () => {

        await signUp(shared.app.browser(), 'reset.owner@example.com');
        await shared.app.browser().post('/auth/user/password/reset/token', { formFields: [{ id: 'email', value: 'reset.owner@example.com' }] });
        expect(await noticesTo('reset.owner@example.com', changedSubject)).to.have.length(0);

        const [mail] = await outboxTo(shared.app.config.web.outboxDir, 'reset.owner@example.com');
        const token = linkTo(mail!, '/auth/reset-password').searchParams.get('token')!;
        const res = await shared.app.browser().post('/auth/user/password/reset', { method: 'token', token, formFields: [{ id: 'password', value: 'a brand new long password' }] });
        expect(JSON.parse(res.payload).status).to.equal('OK');

        const notices = await noticesTo('reset.owner@example.com', changedSubject);
        expect(notices).to.have.length(1);
        expect(notices[0]!.text).to.contain('reset through a link');
        expect(notices[0]!.text).to.contain('If this was not you');
        expect(notices[0]!.links).to.equal([`${shared.app.config.web.websiteDomain}/auth/reset-password`]);
        expect(notices[0]!.text).to.not.contain(token);
    });

    it('a failed reset or a refused password change sends nothing', async () => {

        const browser = shared.app.browser();
        await signUp(browser, 'careful@example.com');
        await shared.app.browser().post('/auth/user/password/reset', { method: 'token', token: 'not-a-token', formFields: [{ id: 'password', value: 'a brand new long password' }] });
        await submitForm(browser, '/dashboard/password', '/dashboard/password', { currentPassword: 'wrong current password', newPassword: 'a brand new long password', confirmPassword: 'a brand new long password' });
        expect(await noticesTo('careful@example.com', changedSubject)).to.have.length(0);
    });

    it('a password change on the account page is mailed to the owner', async () => {

        const browser = shared.app.browser();
        await signUp(browser, 'changer.owner@example.com');
        const res = await submitForm(browser, '/dashboard/password', '/dashboard/password', { currentPassword: password, newPassword: 'a brand new long password', confirmPassword: 'a brand new long password' });
        expect(res.statusCode).to.equal(200);

        const notices = await noticesTo('changer.owner@example.com', changedSubject);
        expect(notices).to.have.length(1);
        expect(notices[0]!.text).to.contain('changed on the account page');
        expect(notices[0]!.text).to.contain('If this was not you');
    });

    it('a first sign-in with a new method for an email that has an account is mailed to the owner, once', async () => {

        await signUp(shared.app.browser(), 'method.owner@example.com');
        await thirdPartyUser('github', 'gh-123', 'method.owner@example.com');
        await thirdPartyUser('github', 'gh-123', 'method.owner@example.com');             // the same login again

        const notices = await noticesTo('method.owner@example.com', methodSubject);
        expect(notices).to.have.length(1);
        expect(notices[0]!.text).to.contain('with GitHub for the first time');
        expect(notices[0]!.text).to.contain('If this was not you');

        // A new person signing up with a provider has no other account to warn about.
        await thirdPartyUser('google', 'g-456', 'newcomer@example.com');
        expect(await noticesTo('newcomer@example.com', methodSubject)).to.have.length(0);
    });
});


describe('Security notices through SMTP', () => {

    let sink: MailSink;
    let app: TestApp;
    let restoreLog: () => void;

    before(async () => {

        restoreLog = captureMailLog().restore;
        sink = await startMailSink();
        app = await startTestApp({ SMTP_URL: sink.url });
    });

    after(async () => {

        await app.destroy();
        await sink.stop();
        restoreLog();
    });

    it('reach the SMTP server', async () => {

        const browser = app.browser();
        await signUp(browser, 'smtp.owner@example.com');
        await submitForm(browser, '/dashboard/password', '/dashboard/password', { currentPassword: password, newPassword: 'a brand new long password', confirmPassword: 'a brand new long password' });
        const mail = await sink.waitForMail('smtp.owner@example.com');
        expect(mail.subject).to.equal(changedSubject);
        expect(mail.text).to.contain('If this was not you');
    });
});
