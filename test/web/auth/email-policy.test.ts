import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { emailInvalidMessage, emailTooLongMessage, maxEmailLength, validateEmail } from '../../../server/web/auth/email-policy';
import { startTestApp, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

/** An address of exactly `length` characters at example.com. */
const emailOfLength = (length: number) => `${'a'.repeat(length - '@example.com'.length)}@example.com`;


describe('Email policy', () => {

    it('accepts addresses up to 254 characters with a plain syntax, refuses longer ones and junk', async () => {

        expect(maxEmailLength).to.equal(254);
        expect(await validateEmail(emailOfLength(254))).to.be.undefined();
        expect(await validateEmail(' dana.smith+tag@mail.example.co.uk ')).to.be.undefined();
        expect(await validateEmail('"dana smith"@example.com')).to.be.undefined();
        expect(await validateEmail(emailOfLength(255))).to.equal(emailTooLongMessage);
        expect(await validateEmail(`${'a'.repeat(5000)}@example.com`)).to.equal(emailTooLongMessage);
        for (const junk of ['', 'dana', 'dana@', '@example.com', 'dana@example', 'da na@example.com', 'dana@exa_mple.com', '"da"na"@example.com']) {
            expect(await validateEmail(junk), junk).to.equal(emailInvalidMessage);
        }

        expect(await validateEmail(42)).to.equal('Enter an email address');
    });

    describe('at sign-up', () => {

        let app: TestApp;

        before(async () => {

            app = await startTestApp();
        });

        after(async () => {

            await app.destroy();
        });

        const signUp = (email: string) => app.browser().post('/auth/signup', { formFields: [{ id: 'email', value: email }, { id: 'password', value: 'a long enough password' }] });

        it('refuses an email over 254 characters with a field error, and creates no account', async () => {

            const res = await signUp(emailOfLength(255));
            expect(res.statusCode).to.equal(200);
            expect(JSON.parse(res.payload)).to.equal({ status: 'FIELD_ERROR', formFields: [{ id: 'email', error: emailTooLongMessage }] });

            const signIn = await app.browser().post('/auth/signin', { formFields: [{ id: 'email', value: emailOfLength(255) }, { id: 'password', value: 'a long enough password' }] });
            expect(JSON.parse(signIn.payload).status).to.equal('FIELD_ERROR');

            expect(JSON.parse((await signUp(emailOfLength(254))).payload).status).to.equal('OK');
        });
    });
});
