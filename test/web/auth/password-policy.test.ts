import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { maxPasswordLength, minPasswordLength, validatePassword } from '../../../server/web/auth/password-policy';
import { startTestApp, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('Password policy', () => {

    it('accepts 12 to 128 characters of anything, counting code points', async () => {

        expect(minPasswordLength).to.equal(12);
        expect(maxPasswordLength).to.equal(128);
        expect(await validatePassword('a'.repeat(12))).to.be.undefined();
        expect(await validatePassword('correct horse')).to.be.undefined();
        expect(await validatePassword('🔑'.repeat(128))).to.be.undefined();             // 256 UTF-16 units
        expect(await validatePassword('🔑'.repeat(11))).to.equal('Use at least 12 characters');
        expect(await validatePassword('a'.repeat(11))).to.equal('Use at least 12 characters');
        expect(await validatePassword('a'.repeat(129))).to.equal('Use at most 128 characters');
        expect(await validatePassword(123456789012345)).to.equal('Enter a password');
    });

    describe('in the API', () => {

        let app: TestApp;

        before(async () => {

            app = await startTestApp();
        });

        after(async () => {

            await app.destroy();
        });

        it('refuses a short password at sign-up with a field error', async () => {

            const res = await app.browser().post('/auth/signup', { formFields: [{ id: 'email', value: 'pat@example.com' }, { id: 'password', value: 'too short' }] });
            expect(JSON.parse(res.payload)).to.equal({ status: 'FIELD_ERROR', formFields: [{ id: 'password', error: 'Use at least 12 characters' }] });
        });
    });
});
