import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import SuperTokens, { RecipeUserId } from 'supertokens-node';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import Session from 'supertokens-node/recipe/session';
import ThirdParty from 'supertokens-node/recipe/thirdparty';

import { startTestCore, testClock, type TestCore } from '../../helpers/core';
import { initSdk } from '../../helpers/sdk';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


const newUser = async (password = 'Password123') => {

    const email = `reset-${Crypto.randomUUID()}@example.com`;
    const result = await EmailPassword.signUp('public', email, password);
    if (result.status !== 'OK') {
        throw new Error(`sign up failed: ${result.status}`);
    }

    return { email, userId: result.user.id };
};

const resetToken = async (userId: string, email: string) => {

    const result = await EmailPassword.createResetPasswordToken('public', userId, email);
    if (result.status !== 'OK') {
        throw new Error(`reset token failed: ${result.status}`);
    }

    return result.token;
};


describe('SDK password reset against the core', () => {

    describe('with the default token lifetime', () => {

        let core: TestCore;

        before(async () => {

            core = await startTestCore();
            initSdk(core.uri, { recipeList: [EmailPassword.init(), ThirdParty.init(), Session.init()] });
        });

        after(async () => {

            await core.destroy();
        });

        it('makes a URL-safe token that consumes once into the user id and email', async () => {

            const { email, userId } = await newUser();
            const token = await resetToken(userId, email);
            expect(token).to.match(/^[A-Za-z0-9_-]{64,}$/);

            expect(await EmailPassword.consumePasswordResetToken('public', token)).to.equal({ status: 'OK', userId, email });
            expect(await EmailPassword.consumePasswordResetToken('public', token)).to.equal({ status: 'RESET_PASSWORD_INVALID_TOKEN_ERROR' });
        });

        it('makes a different token each time', async () => {

            const { email, userId } = await newUser();
            const tokens = new Set([await resetToken(userId, email), await resetToken(userId, email), await resetToken(userId, email)]);
            expect(tokens.size).to.equal(3);
        });

        it('invalidates every other reset token of the user when one is consumed', async () => {

            const { email, userId } = await newUser();
            const other = await newUser();
            const first = await resetToken(userId, email);
            const second = await resetToken(userId, email);
            const othersToken = await resetToken(other.userId, other.email);

            expect((await EmailPassword.consumePasswordResetToken('public', second)).status).to.equal('OK');
            expect(await EmailPassword.consumePasswordResetToken('public', first)).to.equal({ status: 'RESET_PASSWORD_INVALID_TOKEN_ERROR' });

            // Another user's token is untouched.
            expect(await EmailPassword.consumePasswordResetToken('public', othersToken)).to.equal({ status: 'OK', userId: other.userId, email: other.email });
        });

        it('rejects a token it never issued', async () => {

            expect(await EmailPassword.consumePasswordResetToken('public', Crypto.randomBytes(64).toString('base64url'))).to.equal({ status: 'RESET_PASSWORD_INVALID_TOKEN_ERROR' });
        });

        it('answers UNKNOWN_USER_ID_ERROR for a user that does not exist', async () => {

            const result = await EmailPassword.createResetPasswordToken('public', Crypto.randomUUID(), 'ghost@example.com');
            expect(result).to.equal({ status: 'UNKNOWN_USER_ID_ERROR' });
        });

        it('makes a token for a user without a password (a third-party user), as the official core', async () => {

            const email = `tp-${Crypto.randomUUID()}@example.com`;
            const created = await ThirdParty.manuallyCreateOrUpdateUser('public', 'google', Crypto.randomUUID(), email, false);
            expect(created.status).to.equal('OK');
            const userId = created.status === 'OK' ? created.user.id : '';

            const token = await resetToken(userId, email);
            expect(await EmailPassword.consumePasswordResetToken('public', token)).to.equal({ status: 'OK', userId, email });
            expect(await EmailPassword.consumePasswordResetToken('public', token)).to.equal({ status: 'RESET_PASSWORD_INVALID_TOKEN_ERROR' });
        });

        it('resets the password: the new one signs in, the old one no longer does, and the token is spent', async () => {

            const { email, userId } = await newUser('Old-password1');
            const token = await resetToken(userId, email);

            expect(await EmailPassword.resetPasswordUsingToken('public', token, 'New-password2')).to.equal({ status: 'OK' });

            const signIn = await EmailPassword.signIn('public', email, 'New-password2');
            expect(signIn.status === 'OK' && signIn.user.id).to.equal(userId);
            expect(await EmailPassword.signIn('public', email, 'Old-password1')).to.equal({ status: 'WRONG_CREDENTIALS_ERROR' });

            expect(await EmailPassword.resetPasswordUsingToken('public', token, 'Third-password3')).to.equal({ status: 'RESET_PASSWORD_INVALID_TOKEN_ERROR' });
            expect((await EmailPassword.signIn('public', email, 'New-password2')).status).to.equal('OK');
        });

        it('returns the email the token was made for, normalised, even after the user changed email', async () => {

            const { email, userId } = await newUser();
            const token = await resetToken(userId, ` ${email.toUpperCase()} `);
            const next = `moved-${Crypto.randomUUID()}@example.com`;
            expect(await EmailPassword.updateEmailOrPassword({ recipeUserId: new RecipeUserId(userId), email: next })).to.equal({ status: 'OK' });

            expect(await EmailPassword.consumePasswordResetToken('public', token)).to.equal({ status: 'OK', userId, email });
        });

        it('keeps the user\'s sessions through a reset (revoking them is the app\'s choice)', async () => {

            const { email, userId } = await newUser();
            const session = await Session.createNewSessionWithoutRequestResponse('public', new RecipeUserId(userId));

            await EmailPassword.resetPasswordUsingToken('public', await resetToken(userId, email), 'New-password2');
            expect(await Session.getAllSessionHandlesForUser(userId)).to.equal([session.getHandle()]);
            expect((await SuperTokens.getUser(userId))!.emails).to.equal([email]);
        });
    });

    describe('with 1 s tokens', () => {

        let core: TestCore;
        const clock = testClock();

        before(async () => {

            core = await startTestCore({ env: { CORE_PASSWORD_RESET_TOKEN_LIFETIME: '1000' }, clock: clock.now });
            initSdk(core.uri);
        });

        after(async () => {

            await core.destroy();
        });

        it('refuses a token after its lifetime and leaves the password unchanged', async () => {

            const fresh = await newUser('Old-password1');
            const consumed = await newUser('Old-password1');
            const reset = await newUser('Old-password1');
            const freshToken = await resetToken(fresh.userId, fresh.email);
            const consumedToken = await resetToken(consumed.userId, consumed.email);
            const expiredToken = await resetToken(reset.userId, reset.email);

            expect(await EmailPassword.resetPasswordUsingToken('public', freshToken, 'New-password2')).to.equal({ status: 'OK' });

            clock.advance(core.settings.passwordResetTokenLifetime + 1);
            expect(await EmailPassword.consumePasswordResetToken('public', consumedToken)).to.equal({ status: 'RESET_PASSWORD_INVALID_TOKEN_ERROR' });
            expect(await EmailPassword.resetPasswordUsingToken('public', expiredToken, 'New-password2')).to.equal({ status: 'RESET_PASSWORD_INVALID_TOKEN_ERROR' });
            expect((await EmailPassword.signIn('public', reset.email, 'Old-password1')).status).to.equal('OK');
            expect(await EmailPassword.signIn('public', reset.email, 'New-password2')).to.equal({ status: 'WRONG_CREDENTIALS_ERROR' });
            expect((await EmailPassword.signIn('public', fresh.email, 'New-password2')).status).to.equal('OK');
        });
    });
});
