import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import { RecipeUserId } from 'supertokens-node';
import EmailPassword from 'supertokens-node/recipe/emailpassword';

import { disabledMessage, lockedMessage } from '../../../server/web/auth/account-states';
import { coreRequest } from '../../helpers/core-api';
import { useQuietApp } from '../../helpers/quiet-app';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;

const password = 'a long enough password';
const wrong = 'not the right password';


describe('Account states at sign-in', () => {

    const app = useQuietApp(lab, { CORE_LOCKOUT_THRESHOLD: '2' });

    const signUp = async (email: string) => {

        const res = await app.browser().post('/auth/signup', { formFields: [{ id: 'email', value: email }, { id: 'password', value: password }] });
        return JSON.parse(res.payload).user.id as string;
    };

    const signIn = async (email: string, secret: string) => {

        const res = await app.browser().post('/auth/signin', { formFields: [{ id: 'email', value: email }, { id: 'password', value: secret }] });
        expect(res.statusCode).to.equal(200);
        return JSON.parse(res.payload);
    };

    it('tells a banned user with the right password that the account is disabled; a wrong password gets the usual answer', async () => {

        const userId = await signUp('banned@example.com');
        await coreRequest(app, 'POST', '/staffgate/ban', { userId, reason: 'left the company' });

        expect(await signIn('banned@example.com', password)).to.equal({ status: 'SIGN_IN_NOT_ALLOWED', reason: disabledMessage });
        expect(await signIn('banned@example.com', wrong)).to.equal({ status: 'WRONG_CREDENTIALS_ERROR' });
        expect(await signIn('nobody@example.com', password)).to.equal({ status: 'WRONG_CREDENTIALS_ERROR' });
    });

    it('tells a locked account with the right password when it unlocks, once per lock; a password reset unlocks it now', async () => {

        const userId = await signUp('locked@example.com');
        expect(await signIn('locked@example.com', wrong)).to.equal({ status: 'WRONG_CREDENTIALS_ERROR' });
        expect(await signIn('locked@example.com', wrong)).to.equal({ status: 'WRONG_CREDENTIALS_ERROR' });

        const { lockedUntil } = await coreRequest(app, 'GET', `/staffgate/lockout?userId=${userId}`);
        expect(lockedUntil).to.be.a.number();
        const told = await signIn('locked@example.com', password);
        expect(told).to.equal({ status: 'SIGN_IN_NOT_ALLOWED', reason: lockedMessage(lockedUntil) });
        expect(told.reason).to.contain(`until ${new Date(lockedUntil).toISOString().slice(0, 10)} ${new Date(lockedUntil).toISOString().slice(11, 16)} UTC`);
        expect(told.reason).to.contain('Resetting your password');

        // A wrong password gets the usual answer; and one password check per lock: the next right guess during the
        // same lock learns nothing.
        expect(await signIn('locked@example.com', wrong)).to.equal({ status: 'WRONG_CREDENTIALS_ERROR' });
        expect(await signIn('locked@example.com', password)).to.equal({ status: 'WRONG_CREDENTIALS_ERROR' });

        // A new password (what a reset does, PUT /recipe/user) clears the lock.
        expect((await EmailPassword.updateEmailOrPassword({ recipeUserId: new RecipeUserId(userId), password: 'a brand new long password' })).status).to.equal('OK');
        expect((await signIn('locked@example.com', 'a brand new long password')).status).to.equal('OK');
    });
});
