import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { contextWords, maxPasswordLength, minPasswordLength, ownEmailAdvice, passwordProblem, validatePassword, weakPasswordMessage } from '../../../server/web/auth/password-policy';
import { linkTo, outboxTo } from '../../helpers/outbox';
import { signUp, submitForm, textOf } from '../../helpers/pages';
import { startTestApp, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

/** Passwords the review got accepted, and more of the same kind. */
const isWeak = (message: unknown): boolean => typeof message === 'string' && message.startsWith(weakPasswordMessage);

const common = ['123456789012', 'passwordpassword', 'qwertyuiop12', 'password1234', 'aaaaaaaaaaaa', '111111111111', 'iloveyou1234', 'abcdefghijkl'];


describe('Password policy', () => {

    it('accepts 12 to 128 characters that are not easy to guess, counting code points', async () => {

        expect(minPasswordLength).to.equal(12);
        expect(maxPasswordLength).to.equal(128);
        expect(await validatePassword('correct horse battery')).to.be.undefined();
        expect(await validatePassword('a long enough password')).to.be.undefined();
        expect(await validatePassword('🔑🌲🚲 purple elbow')).to.be.undefined();
        expect(await validatePassword('ab🔑'.repeat(3))).to.equal('Use at least 12 characters');
        expect(await validatePassword('correct horse battery'.slice(0, 11))).to.equal('Use at least 12 characters');
        expect(await validatePassword('x'.repeat(129))).to.equal('Use at most 128 characters');
        expect(await validatePassword(123456789012345)).to.equal('Enter a password');
    });

    it('refuses common passwords, keyboard walks and repeats, saying why', async () => {

        for (const candidate of common) {
            const problem = await validatePassword(candidate);
            expect(isWeak(problem), candidate).to.be.true();
            expect(problem!.length, candidate).to.be.above(weakPasswordMessage.length + 2);
        }
    });

    it('refuses a password built on the user\'s own email', () => {

        expect(contextWords('Dana.Smith-Jones@Example.com')).to.include(['dana.smith-jones@example.com', 'dana.smith-jones', 'danasmithjones', 'dana', 'smith', 'jones', 'example']);
        expect(isWeak(passwordProblem('dana.smith-jones', 'dana.smith-jones@example.com'))).to.be.true();
        expect(isWeak(passwordProblem('danasmithjones', 'dana.smith-jones@example.com'))).to.be.true();
        expect(isWeak(passwordProblem('dana.smith-jones@example.com', 'dana.smith-jones@example.com'))).to.be.true();
        expect(passwordProblem('dana.smith-jones', 'someone.else@example.org')).to.be.undefined();
        expect(passwordProblem('typist.example', 'typist@example.com')).to.equal(`${weakPasswordMessage}. ${ownEmailAdvice}`);
        expect(passwordProblem('Dana Smith-Jones rules ok', 'dana.smith-jones@example.com')).to.equal(`${weakPasswordMessage}. ${ownEmailAdvice}`);
        expect(passwordProblem('typist.example', 'ty@example.com')).to.be.undefined();
    });

    describe('in the app', () => {

        let app: TestApp;

        before(async () => {

            app = await startTestApp();
        });

        after(async () => {

            await app.destroy();
        });

        const signUpWith = (email: string, password: string) => app.browser().post('/auth/signup', { formFields: [{ id: 'email', value: email }, { id: 'password', value: password }] });

        it('refuses a short password at sign-up with a field error', async () => {

            const res = await signUpWith('pat@example.com', 'too short');
            expect(JSON.parse(res.payload)).to.equal({ status: 'FIELD_ERROR', formFields: [{ id: 'password', error: 'Use at least 12 characters' }] });
        });

        it('refuses common passwords and the email\'s local part at sign-up, and creates no account', async () => {

            for (const candidate of common) {
                const res = JSON.parse((await signUpWith('common@example.com', candidate)).payload);
                expect(res.status, candidate).to.equal('FIELD_ERROR');
                expect(res.formFields[0].id, candidate).to.equal('password');
                expect(isWeak(res.formFields[0].error), candidate).to.be.true();
            }

            const own = JSON.parse((await signUpWith('marguerite.lefebvre@example.com', 'marguerite.lefebvre')).payload);
            expect(own.status).to.equal('FIELD_ERROR');
            expect(own.formFields).to.equal([{ id: 'password', error: own.formFields[0].error }]);
            expect(isWeak(own.formFields[0].error)).to.be.true();

            expect(JSON.parse((await signUpWith('common@example.com', 'a long enough password')).payload).status).to.equal('OK');
        });

        it('refuses a common password through a reset link (the link stays usable) and on the change-password page', async () => {

            const browser = app.browser();
            await signUp(browser, 'changer@example.com');

            const change = await submitForm(browser, '/dashboard/password', '/dashboard/password', { currentPassword: 'a long enough password', newPassword: 'qwertyuiop12', confirmPassword: 'qwertyuiop12' });
            expect(change.statusCode).to.equal(400);
            expect(isWeak(textOf(change.payload, 'new-password-error'))).to.be.true();

            const own = await submitForm(browser, '/dashboard/password', '/dashboard/password', { currentPassword: 'a long enough password', newPassword: 'changer@example.com', confirmPassword: 'changer@example.com' });
            expect(own.statusCode).to.equal(400);
            expect(isWeak(textOf(own.payload, 'new-password-error'))).to.be.true();

            await app.browser().post('/auth/user/password/reset/token', { formFields: [{ id: 'email', value: 'changer@example.com' }] });
            const [mail] = await outboxTo(app.config.web.outboxDir, 'changer@example.com');
            const token = linkTo(mail!, '/auth/reset-password').searchParams.get('token')!;
            const reset = (password: string) => app.browser().post('/auth/user/password/reset', { method: 'token', token, formFields: [{ id: 'password', value: password }] });

            const weak = JSON.parse((await reset('passwordpassword')).payload);
            expect(weak.status).to.equal('FIELD_ERROR');
            expect(isWeak(weak.formFields[0].error)).to.be.true();
            expect(JSON.parse((await reset('a brand new long password')).payload).status).to.equal('OK');
        });

        it('tells the page how strong a password is while it is typed, with the same verdict', async () => {

            const strength = async (password: string, email?: string) => {

                const res = await app.browser().request({ method: 'POST', url: '/api/password-strength', payload: { password, email } });
                expect(res.statusCode).to.equal(200);
                return JSON.parse(res.payload) as { score: number; problem: string | null };
            };

            expect(await strength('qwertyuiop12')).to.equal({ score: (await strength('qwertyuiop12')).score, problem: passwordProblem('qwertyuiop12') });
            expect((await strength('qwertyuiop12')).score < 3).to.be.true();
            expect(await strength('a long enough password')).to.equal({ score: 4, problem: null });
            expect(isWeak((await strength('robin.hartley', 'robin.hartley@example.com')).problem)).to.be.true();
            expect((await strength('short')).problem).to.equal('Use at least 12 characters');

            const tooLong = await app.browser().request({ method: 'POST', url: '/api/password-strength', payload: { password: 'x'.repeat(600) } });
            expect(tooLong.statusCode).to.equal(400);

            // The pages load the meter's script (no inline script) and mark the fields it watches.
            const page = await app.browser().get('/auth?show=sign-up');
            expect(page.payload).to.contain('<script src="/public/js/password-strength.js" defer></script>');
            expect(page.payload).to.contain('data-strength-output="sign-up-password-strength"');
            expect(page.payload).to.not.match(/<script(?![^>]*\bsrc=)[^>]*>/);
            expect(page.headers['content-security-policy']).to.contain('script-src \'self\'');
        });
    });
});
