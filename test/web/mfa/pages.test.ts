/*
 * The two-factor pages through server.inject: enrolment (QR as inline SVG, the secret, a first code, recovery
 * codes once), the challenge (a code; a recovery code works once), /dashboard/security, the mails, and the three
 * policies.
 */

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { adminEmail, startAdminApp, verifyEmailOf } from '../../helpers/admin';
import { outboxTo } from '../../helpers/outbox';
import { crumbIn, postForm, signIn, signUp } from '../../helpers/pages';
import { wrongCode } from '../../helpers/totp';
import type { TestApp } from '../../helpers/web';
import { answerChallenge, codeAt, enrol, hiddenField } from './helpers';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('two-factor pages (MFA=admins)', () => {

    let app: TestApp;

    before(async () => {

        app = await startAdminApp({ MFA: 'admins' });
    });

    after(async () => {

        await app.destroy();
    });

    const subjects = async (email: string) => (await outboxTo(app.config.web.outboxDir, email)).map((message) => message.subject);

    it('enrols: a QR code drawn here as SVG, the otpauth link and the secret; a wrong code is refused; recovery codes shown once', async () => {

        const browser = app.browser();
        await verifyEmailOf(await signUp(browser, adminEmail), adminEmail, browser);      // ADMIN_EMAILS grants once verified
        const page = await browser.get('/auth/mfa/setup?redirectToPath=%2Fadmin');
        expect(page.statusCode).to.equal(200);
        expect(page.payload).to.match(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="qr-code"[^>]*><rect [^>]*\/><path fill="#000" d="(M\d+ \d+h1v1h-1z)+"\/><\/svg>/);
        expect(page.headers['content-security-policy']).to.exist();
        const secret = /id="mfa-secret">([A-Z2-7]{32})</.exec(page.payload)![1]!;
        const otpauth = hiddenField(page.payload, 'otpauth');
        expect(otpauth).to.equal(`otpauth://totp/Staffgate:${adminEmail}?secret=${secret}&issuer=Staffgate&digits=6&period=30`);

        const fields = { crumb: crumbIn(page.payload), deviceName: hiddenField(page.payload, 'deviceName'), otpauth, redirectToPath: '/admin' };
        const wrong = await postForm(browser, '/auth/mfa/setup', { ...fields, code: wrongCode(secret, Date.now()) });
        expect(wrong.statusCode).to.equal(400);
        expect(wrong.payload).to.contain('That code is not right (1 of 5 attempts)');
        expect(wrong.payload).to.contain(secret);                // the same device again
        expect((await postForm(browser, '/auth/mfa/setup', { ...fields, code: 'one' })).payload).to.contain('Enter the 6-digit code your authenticator app shows.');
        expect((await browser.get('/admin')).statusCode).to.equal(302);

        const done = await postForm(browser, '/auth/mfa/setup', { ...fields, code: codeAt(secret) });
        expect(done.statusCode).to.equal(200);
        const codes = [...done.payload.matchAll(/<li class="recovery-code">([a-z0-9-]+)<\/li>/g)].map((match) => match[1]);
        expect(codes).to.have.length(10);
        expect(new Set(codes).size).to.equal(10);
        expect(done.payload).to.contain('href="/admin"');
        expect((await browser.get('/admin')).statusCode).to.equal(200);

        // Shown once: the security page says how many are left, never the codes.
        const security = await browser.get('/dashboard/security');
        expect(security.statusCode).to.equal(200);
        expect(security.payload).to.contain('10 of 10 unused');
        for (const code of codes) {
            expect(security.payload).to.not.contain(code!);
        }

        expect(await subjects(adminEmail)).to.include('An authenticator app was added to your Staffgate account');
    });

    it('lets a recovery code stand in for the code once, and mails the user', async () => {

        const email = 'recovery.user@example.com';
        const browser = app.browser();
        await signUp(browser, email);
        const { recoveryCodes } = await enrol(browser);
        expect(recoveryCodes).to.have.length(10);

        const second = app.browser();
        await signIn(second, email);
        expect((await second.get('/dashboard')).headers.location).to.equal('/auth/mfa?redirectToPath=%2Fdashboard');
        const used = await answerChallenge(second, { recoveryCode: recoveryCodes[3]!.toUpperCase() });
        expect(used.statusCode).to.equal(302);
        expect(used.headers.location).to.equal('/dashboard');
        expect((await second.get('/dashboard')).statusCode).to.equal(200);
        expect((await second.get('/dashboard/security')).payload).to.contain('9 of 10 unused');
        expect(await subjects(email)).to.include('A recovery code was used to sign in to Staffgate');

        const third = app.browser();
        await signIn(third, email);
        const again = await answerChallenge(third, { recoveryCode: recoveryCodes[3]! });
        expect(again.statusCode).to.equal(400);
        expect(again.payload).to.contain('That recovery code is not valid, or was already used.');
        expect((await third.get('/dashboard')).statusCode).to.equal(302);
    });

    it('refuses a wrong code at the challenge and keeps the page behind it', async () => {

        const email = 'wrong.code@example.com';
        const browser = app.browser();
        await signUp(browser, email);
        const { secret } = await enrol(browser);

        const second = app.browser();
        await signIn(second, email);
        const wrong = await answerChallenge(second, { code: wrongCode(secret, Date.now(), 30, 2) });
        expect(wrong.statusCode).to.equal(400);
        expect(wrong.payload).to.contain('That code is not right');
        const bad = await answerChallenge(second, { code: 'abc' });
        expect(bad.statusCode).to.equal(400);
        expect((await second.get('/dashboard')).statusCode).to.equal(302);
        expect((await answerChallenge(second, { code: codeAt(secret, 1) })).headers.location).to.equal('/dashboard');
    });

    it('manages devices and recovery codes on /dashboard/security, mailing each change', async () => {

        const email = 'security.page@example.com';
        const browser = app.browser();
        await signUp(browser, email);
        const first = await enrol(browser, '/dashboard/security');

        // Rename.
        let page = await browser.get('/dashboard/security');
        expect(page.payload).to.contain(`data-device-name="${first.deviceName}"`);
        let res = await postForm(browser, '/dashboard/security/devices/rename', { crumb: crumbIn(page.payload), deviceName: first.deviceName, newName: 'Work phone' });
        expect(res.statusCode).to.equal(200);
        expect(res.payload).to.contain('data-device-name="Work phone"');

        // A second device, then the first removed with a fresh code.
        const second = await enrol(browser, '/dashboard/security');
        expect(second.recoveryCodes).to.have.length(0);        // the set from the first device stays
        page = await browser.get('/dashboard/security');
        res = await postForm(browser, '/dashboard/security/devices/remove', { crumb: crumbIn(page.payload), deviceName: 'Work phone', code: wrongCode(first.secret, Date.now(), 30, 2) });
        expect(res.statusCode).to.equal(400);
        expect(res.payload).to.contain('data-device-name="Work phone"');
        res = await postForm(browser, '/dashboard/security/devices/remove', { crumb: crumbIn(page.payload), deviceName: 'Work phone', code: codeAt(first.secret, 1) });
        expect(res.statusCode).to.equal(200);
        expect(res.payload).to.not.contain('data-device-name="Work phone"');
        expect(res.payload).to.contain(`data-device-name="${second.deviceName}"`);

        // New recovery codes: shown once, the old ones no longer work.
        res = await postForm(browser, '/dashboard/security/recovery-codes', { crumb: crumbIn(page.payload) });
        expect(res.statusCode).to.equal(200);
        expect([...res.payload.matchAll(/<li class="recovery-code">/g)]).to.have.length(10);
        const other = app.browser();
        await signIn(other, email);
        expect((await answerChallenge(other, { recoveryCode: first.recoveryCodes[0]! })).statusCode).to.equal(400);

        // Our own forms: no crumb, no change.
        expect((await postForm(browser, '/dashboard/security/recovery-codes', {})).statusCode).to.equal(403);

        expect(await subjects(email)).to.include([
            'An authenticator app was added to your Staffgate account',
            'An authenticator app was removed from your Staffgate account',
            'Your Staffgate recovery codes were replaced'
        ]);
    });

    it('serves the SDK\'s MFA and TOTP API under /auth for page scripts (the design contract), and their frontend bundles', async () => {

        const email = 'sdk.api@example.com';
        const browser = app.browser();
        await signUp(browser, email);
        const { secret, deviceName } = await enrol(browser);

        const info = await browser.request({ method: 'PUT', url: '/auth/mfa/info', headers: { rid: 'multifactorauth' } });
        expect(info.statusCode, info.payload).to.equal(200);
        expect(JSON.parse(info.payload).factors.alreadySetup).to.include('totp');

        const list = await browser.request({ method: 'GET', url: '/auth/totp/device/list', headers: { rid: 'totp' } });
        expect(JSON.parse(list.payload)).to.equal({ status: 'OK', devices: [{ name: deviceName, period: 30, skew: 1, verified: true }] });

        const verify = await browser.post('/auth/totp/verify', { totp: codeAt(secret, 1) }, { rid: 'totp' });
        expect(JSON.parse(verify.payload).status).to.equal('OK');

        // A device added and removed through the API is mailed as on the pages.
        const created = JSON.parse((await browser.post('/auth/totp/device', { deviceName: 'API phone' }, { rid: 'totp' })).payload);
        expect(created.status).to.equal('OK');
        const verified = await browser.post('/auth/totp/device/verify', { deviceName: 'API phone', totp: codeAt(created.secret) }, { rid: 'totp' });
        expect(JSON.parse(verified.payload)).to.equal({ status: 'OK', wasAlreadyVerified: false });
        const removed = await browser.post('/auth/totp/device/remove', { deviceName: 'API phone' }, { rid: 'totp' });
        expect(JSON.parse(removed.payload)).to.equal({ status: 'OK', didDeviceExist: true });
        expect((await subjects(email)).filter((subject) => / added | removed /.test(subject))).to.equal([
            'An authenticator app was added to your Staffgate account',
            'An authenticator app was added to your Staffgate account',
            'An authenticator app was removed from your Staffgate account'
        ]);

        // A password alone may not add an authenticator through the API either.
        const other = app.browser();
        await signIn(other, email);
        const added = await other.post('/auth/totp/device', { deviceName: 'attacker' }, { rid: 'totp' });
        expect(added.statusCode, added.payload).to.equal(403);
        expect(JSON.parse((await browser.request({ method: 'GET', url: '/auth/totp/device/list', headers: { rid: 'totp' } })).payload).devices).to.have.length(1);

        for (const bundle of ['multifactorauth', 'totp']) {
            const res = await browser.get(`/vendor/supertokens/${bundle}.js`);
            expect(res.statusCode, bundle).to.equal(200);
        }
    });

    it('answers refusals with the page and a message: wrong codes up to the limit, names taken, forms without a device', async () => {

        const email = 'refusals@example.com';
        const browser = app.browser();
        await signUp(browser, email);

        // Without a device: nothing to make recovery codes for (the page shows no such form; the crumb of another).
        let page = await browser.get('/dashboard/password');
        let res = await postForm(browser, '/dashboard/security/recovery-codes', { crumb: crumbIn(page.payload) });
        expect(res.statusCode).to.equal(400);
        expect(res.payload).to.contain('Set up an authenticator first.');

        // A code for a device that is not (or no longer) being set up: a fresh enrolment.
        res = await postForm(browser, '/auth/mfa/setup', { crumb: crumbIn(page.payload), deviceName: 'nothing', otpauth: 'otpauth://totp/x?secret=ABCD', code: '123456' });
        expect(res.statusCode).to.equal(302);
        expect(res.headers.location).to.equal('/auth/mfa/setup?redirectToPath=%2Fdashboard');

        const first = await enrol(browser, '/dashboard/security');
        await enrol(browser, '/dashboard/security');
        page = await browser.get('/dashboard/security');
        const crumb = crumbIn(page.payload);
        const devices = [...page.payload.matchAll(/data-device-name="([^"]+)"/g)].map((match) => match[1]!);
        expect(devices).to.have.length(2);

        res = await postForm(browser, '/dashboard/security/devices/rename', { crumb, deviceName: devices[0]!, newName: devices[1]! });
        expect(res.statusCode).to.equal(400);
        expect(res.payload).to.contain('You already have an authenticator of that name.');
        res = await postForm(browser, '/dashboard/security/devices/rename', { crumb, deviceName: devices[0]!, newName: ' ' });
        expect(res.payload).to.contain('Enter a new name.');
        res = await postForm(browser, '/dashboard/security/devices/rename', { crumb, deviceName: 'gone', newName: 'x' });
        expect(res.payload).to.contain('That authenticator no longer exists.');
        res = await postForm(browser, '/dashboard/security/devices/remove', { crumb, deviceName: 'gone', code: codeAt(first.secret, 1) });
        expect(res.statusCode).to.equal(400);
        expect(res.payload).to.contain('That authenticator no longer exists.');
        res = await postForm(browser, '/dashboard/security/devices/remove', { crumb, deviceName: devices[0]!, code: '' });
        expect(res.payload).to.contain('Enter a current code from your authenticator app.');
        expect((await browser.get(`/auth/mfa/setup?deviceName=${encodeURIComponent(devices[0]!)}`)).statusCode).to.equal(400);

        // Five wrong codes, then even a right one waits for the cooldown.
        const second = app.browser();
        await signIn(second, email);
        for (let i = 1; i <= 5; ++i) {
            const wrong = await answerChallenge(second, { code: wrongCode(first.secret, Date.now(), 30, 2) });
            expect(wrong.payload).to.contain(`(${i} of 5 attempts)`);
        }

        const limited = await answerChallenge(second, { code: codeAt(first.secret, -1) });
        expect(limited.statusCode).to.equal(429);
        expect(limited.payload).to.contain('Too many wrong codes. Try again in 15 minutes.');
    });

    it('does not ask a user without a role or a device', async () => {

        const browser = app.browser();
        await signUp(browser, 'plain.user@example.com');
        expect((await browser.get('/dashboard')).statusCode).to.equal(200);
        expect((await browser.get('/dashboard/security')).payload).to.contain('id="no-devices"');
    });
});

describe('MFA=all and MFA=off', () => {

    it('MFA=all: everyone completes the second factor before the dashboard', async () => {

        const app = await startAdminApp({ MFA: 'all' });
        try {
            const browser = app.browser();
            await signUp(browser, 'everyone@example.com');
            expect((await browser.get('/dashboard')).headers.location).to.equal('/auth/mfa/setup?redirectToPath=%2Fdashboard');
            expect((await browser.get('/auth/mfa?redirectToPath=%2Fdashboard')).headers.location).to.equal('/auth/mfa/setup?redirectToPath=%2Fdashboard');
            await enrol(browser);
            expect((await browser.get('/dashboard')).statusCode).to.equal(200);
        }
        finally {
            await app.destroy();
        }
    });

    it('MFA=off: an admin reaches the admin area with a password, but one who set up a device is asked for it', async () => {

        const app = await startAdminApp({ MFA: 'off' });
        try {
            const browser = app.browser();
            await verifyEmailOf(await signUp(browser, adminEmail), adminEmail, browser);      // ADMIN_EMAILS grants once verified
            expect((await browser.get('/admin')).statusCode).to.equal(200);
            const { secret } = await enrol(browser);

            const second = app.browser();
            await signIn(second, adminEmail);
            expect((await second.get('/admin')).headers.location).to.equal('/auth/mfa?redirectToPath=%2Fadmin');
            expect((await answerChallenge(second, { code: codeAt(secret, 1) }, '/admin')).headers.location).to.equal('/admin');
            expect((await second.get('/admin')).statusCode).to.equal(200);
        }
        finally {
            await app.destroy();
        }
    });

    it('MFA defaults to admins', async () => {

        const { loadConfig } = await import('../../../server/config');
        expect(loadConfig({ NODE_ENV: 'test' }).web.mfa).to.equal('admins');
        expect(() => loadConfig({ NODE_ENV: 'test', MFA: 'some' })).to.throw(/MFA/);
    });
});
