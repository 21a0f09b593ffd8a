import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { isSingleScript, mixesScripts, normaliseEmail } from '../../../server/email-addresses';
import { signUpConflictMessage } from '../../../server/web/auth/anti-enumeration';
import { emailInvalidMessage, emailMixedScriptsMessage, validateEmail } from '../../../server/web/auth/email-policy';
import { parseAddresses } from '../../../server/web/invitations/addresses';
import { startMailSink, type MailSink } from '../../helpers/mail-sink';
import { captureMailLog, linkTo, outboxTo } from '../../helpers/outbox';
import { startTestApp, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const jurgen = 'jürgen.müller@bücher.example';
const password = 'a long enough password';
const newPassword = 'another long enough password';


describe('Internationalised email addresses (RFC 6531)', () => {

    it('normalises an address to one form: NFC, lower case, the domain in Unicode', () => {

        for (const spelling of [jurgen, 'JÜRGEN.müller@BÜCHER.example', ' jürgen.müller@xn--bcher-kva.example ', 'ju\u0308rgen.mu\u0308ller@bu\u0308cher.EXAMPLE']) {
            expect(normaliseEmail(spelling), spelling).to.equal(jurgen);
        }

        expect(normaliseEmail('Dana@Example.COM')).to.equal('dana@example.com');
        expect(normaliseEmail('no-at-sign')).to.equal('no-at-sign');
        expect(normaliseEmail('X@Exa Mple.com')).to.equal('x@exa mple.com');      // not a valid domain: kept as typed, lower-cased
    });

    it('accepts internationalised addresses and refuses look-alike mixes of scripts', async () => {

        for (const email of [jurgen, 'JÜRGEN.müller@BÜCHER.example', 'jürgen@xn--bcher-kva.example', '山田@例え.jp', 'taro山田@example.jp', 'δοκιμή@παράδειγμα.δοκιμή', 'иван@пример.рф']) {
            expect(await validateEmail(email), email).to.be.undefined();
        }

        for (const email of ['pаypal@example.com', 'dana@pаypal.com', 'dana@раураl.example']) {
            expect(mixesScripts(normaliseEmail(email)), email).to.be.true();
        }

        expect(mixesScripts('dana@раура.example')).to.be.false();              // wholly Cyrillic: not a mix (docs/security.md)

        expect(await validateEmail('pаypal@example.com')).to.equal(emailMixedScriptsMessage);          // Cyrillic а among Latin letters
        expect(await validateEmail('dana@exаmple.com')).to.equal(emailMixedScriptsMessage);
        expect(isSingleScript('ab1-2')).to.be.true();
        expect(await validateEmail('ሰላም@example.com')).to.be.undefined();            // a script the check does not name: one script still
        for (const junk of ['jürgen@bücher', 'jür gen@bücher.example', 'jürgen@bü_cher.example', 'jürgen\u0007@bücher.example', '@bücher.example']) {
            expect(await validateEmail(junk), junk).to.equal(emailInvalidMessage);
        }
    });

    it('takes internationalised addresses in an invitation list, in their normal form, and sets look-alikes apart', () => {

        expect(parseAddresses('JÜRGEN.müller@BÜCHER.example; jürgen.müller@xn--bcher-kva.example\npаypal@example.com')).to.equal({
            valid: [jurgen],
            invalid: ['pаypal@example.com']
        });
    });

    describe('end to end, through the dev outbox', () => {

        let app: TestApp;
        let log: ReturnType<typeof captureMailLog>;

        before(async () => {

            log = captureMailLog();
            app = await startTestApp();
        });

        after(async () => {

            log.restore();
            await app.destroy();
        });

        const form = (email: string, secret = password) => ({ formFields: [{ id: 'email', value: email }, { id: 'password', value: secret }] });

        it('signs up, signs in with any spelling of the address, and refuses a second account for it', async () => {

            const signUp = JSON.parse((await app.browser().post('/auth/signup', form(jurgen))).payload);
            expect(signUp.status).to.equal('OK');
            expect(signUp.user.emails).to.equal([jurgen]);

            for (const spelling of [jurgen, 'JÜRGEN.müller@BÜCHER.example', 'jürgen.müller@xn--bcher-kva.example']) {
                const signIn = JSON.parse((await app.browser().post('/auth/signin', form(spelling))).payload);
                expect(signIn.status, spelling).to.equal('OK');
                expect(signIn.user.id).to.equal(signUp.user.id);
            }

            const again = JSON.parse((await app.browser().post('/auth/signup', form('JÜRGEN.MÜLLER@xn--bcher-kva.example'))).payload);
            expect(again).to.equal({ status: 'FIELD_ERROR', formFields: [{ id: 'email', error: signUpConflictMessage }] });
        });

        it('resets the password by a link mailed to the address', async () => {

            const res = await app.browser().post('/auth/user/password/reset/token', { formFields: [{ id: 'email', value: 'JÜRGEN.müller@BÜCHER.example' }] });
            expect(JSON.parse(res.payload)).to.equal({ status: 'OK' });
            const [message, ...others] = (await outboxTo(app.config.web.outboxDir, jurgen)).filter((mail) => mail.subject === 'Reset your Staffgate password');
            expect(others).to.equal([]);
            const token = linkTo(message!, '/auth/reset-password').searchParams.get('token');

            const reset = await app.browser().post('/auth/user/password/reset', { method: 'token', token, formFields: [{ id: 'password', value: newPassword }] });
            expect(JSON.parse(reset.payload).status).to.equal('OK');
            expect(JSON.parse((await app.browser().post('/auth/signin', form(jurgen, newPassword))).payload).status).to.equal('OK');
            expect(JSON.parse((await app.browser().post('/auth/signin', form(jurgen, password))).payload).status).to.equal('WRONG_CREDENTIALS_ERROR');
        });

        it('refuses a look-alike address at sign-up with a field error that says why', async () => {

            const res = JSON.parse((await app.browser().post('/auth/signup', form('jürgen.müller@bücher.exаmple'))).payload);
            expect(res).to.equal({ status: 'FIELD_ERROR', formFields: [{ id: 'email', error: emailMixedScriptsMessage }] });
        });
    });

    describe('delivery by SMTP', () => {

        let sink: MailSink;
        let app: TestApp;
        let log: ReturnType<typeof captureMailLog>;

        before(async () => {

            log = captureMailLog();
            sink = await startMailSink();
            app = await startTestApp({ SMTP_URL: sink.url });
        });

        after(async () => {

            log.restore();
            await app.destroy();
            await sink.stop();
        });

        it('sends to the internationalised address with SMTPUTF8', async () => {

            expect(JSON.parse((await app.browser().post('/auth/signup', { formFields: [{ id: 'email', value: 'JÜRGEN.müller@BÜCHER.example' }, { id: 'password', value: password }] })).payload).status).to.equal('OK');
            await app.browser().post('/auth/user/password/reset/token', { formFields: [{ id: 'email', value: jurgen }] });
            const message = await sink.waitForMail(jurgen);
            expect(message.to).to.equal([jurgen]);
            expect(message.subject).to.equal('Reset your Staffgate password');
            expect(linkTo(message, '/auth/reset-password').searchParams.get('token')).to.exist();
        });
    });
});
