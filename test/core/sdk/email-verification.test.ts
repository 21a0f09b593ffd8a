import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import SuperTokens, { RecipeUserId } from 'supertokens-node';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import EmailVerification from 'supertokens-node/recipe/emailverification';
import Session from 'supertokens-node/recipe/session';

import { startTestCore, testAdapters, testClock, type TestCore } from '../../helpers/core';
import { initAllRecipes, newEmail, signUp, unique } from './all-recipes';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


const newUser = async (name: string) => {

    const email = newEmail(name);
    const user = await signUp(email);
    return { email, user, recipeUserId: new RecipeUserId(user.id) };
};

const createToken = async (recipeUserId: RecipeUserId, email?: string) => {

    const result = await EmailVerification.createEmailVerificationToken('public', recipeUserId, email);
    if (result.status !== 'OK') {
        throw new Error(`token creation failed: ${result.status}`);
    }

    return result.token;
};

const isVerifiedInUserObject = async (userId: string) => (await SuperTokens.getUser(userId))!.loginMethods[0]!.verified;


describe('SDK email verification against the core', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            describe('with the default token lifetime', () => {

                let core: TestCore;

                before(async () => {

                    core = await startTestCore({ adapter });
                    initAllRecipes(core.uri);
                });

                after(async () => {

                    await core.destroy();
                });

                it('makes a URL-safe token, different each time', async () => {

                    const { email, recipeUserId } = await newUser('token');
                    const first = await createToken(recipeUserId, email);
                    const second = await createToken(recipeUserId, email);

                    expect(first).to.match(/^[A-Za-z0-9_-]{40,}$/);
                    expect(second).to.match(/^[A-Za-z0-9_-]{40,}$/);
                    expect(second).to.not.equal(first);
                });

                it('verifies the email with the token: isEmailVerified and the user object follow', async () => {

                    const { email, user, recipeUserId } = await newUser('verify');
                    expect(await EmailVerification.isEmailVerified(recipeUserId, email)).to.be.false();
                    expect(await isVerifiedInUserObject(user.id)).to.be.false();

                    const token = await createToken(recipeUserId, email);
                    const result = await EmailVerification.verifyEmailUsingToken('public', token);
                    expect(result.status).to.equal('OK');
                    expect(result.status === 'OK' && result.user.recipeUserId.getAsString()).to.equal(user.id);
                    expect(result.status === 'OK' && result.user.email).to.equal(email);

                    expect(await EmailVerification.isEmailVerified(recipeUserId, email)).to.be.true();
                    expect(await isVerifiedInUserObject(user.id)).to.be.true();
                    expect((await SuperTokens.listUsersByAccountInfo('public', { email }))[0]!.loginMethods[0]!.verified).to.be.true();
                });

                it('looks the email up itself when none is given', async () => {

                    const { email, user, recipeUserId } = await newUser('implicit');
                    const token = await createToken(recipeUserId);

                    const result = await EmailVerification.verifyEmailUsingToken('public', token);
                    expect(result.status === 'OK' && result.user.email).to.equal(email);
                    expect(await EmailVerification.isEmailVerified(recipeUserId)).to.be.true();
                    expect(await isVerifiedInUserObject(user.id)).to.be.true();
                });

                it('uses a token once: the second use is an invalid token', async () => {

                    const { email, recipeUserId } = await newUser('once');
                    const token = await createToken(recipeUserId, email);

                    expect((await EmailVerification.verifyEmailUsingToken('public', token)).status).to.equal('OK');
                    expect(await EmailVerification.verifyEmailUsingToken('public', token)).to.equal({ status: 'EMAIL_VERIFICATION_INVALID_TOKEN_ERROR' });
                });

                it('spends every token of that user and email when one is used', async () => {

                    const { email, recipeUserId } = await newUser('siblings');
                    const first = await createToken(recipeUserId, email);
                    const second = await createToken(recipeUserId, email);

                    expect((await EmailVerification.verifyEmailUsingToken('public', second)).status).to.equal('OK');
                    await EmailVerification.unverifyEmail(recipeUserId, email);
                    expect(await EmailVerification.verifyEmailUsingToken('public', first)).to.equal({ status: 'EMAIL_VERIFICATION_INVALID_TOKEN_ERROR' });
                    expect(await EmailVerification.isEmailVerified(recipeUserId, email)).to.be.false();
                });

                it('rejects a token it never issued', async () => {

                    expect(await EmailVerification.verifyEmailUsingToken('public', unique('forged'))).to.equal({ status: 'EMAIL_VERIFICATION_INVALID_TOKEN_ERROR' });
                    expect(await EmailVerification.verifyEmailUsingToken('public', '')).to.equal({ status: 'EMAIL_VERIFICATION_INVALID_TOKEN_ERROR' });
                });

                it('answers EMAIL_ALREADY_VERIFIED_ERROR for a token asked for a verified email, in any case', async () => {

                    const { email, recipeUserId } = await newUser('already');
                    await EmailVerification.verifyEmailUsingToken('public', await createToken(recipeUserId, email));

                    expect(await EmailVerification.createEmailVerificationToken('public', recipeUserId, email)).to.equal({ status: 'EMAIL_ALREADY_VERIFIED_ERROR' });
                    expect(await EmailVerification.createEmailVerificationToken('public', recipeUserId, ` ${email.toUpperCase()} `)).to.equal({ status: 'EMAIL_ALREADY_VERIFIED_ERROR' });
                    expect(await EmailVerification.createEmailVerificationToken('public', recipeUserId)).to.equal({ status: 'EMAIL_ALREADY_VERIFIED_ERROR' });
                });

                it('unverifies: isEmailVerified and the user object say false, and a new token can be made', async () => {

                    const { email, user, recipeUserId } = await newUser('unverify');
                    await EmailVerification.verifyEmailUsingToken('public', await createToken(recipeUserId, email));

                    expect(await EmailVerification.unverifyEmail(recipeUserId, email)).to.equal({ status: 'OK' });
                    expect(await EmailVerification.isEmailVerified(recipeUserId, email)).to.be.false();
                    expect(await isVerifiedInUserObject(user.id)).to.be.false();

                    // Unverifying again, or an email that never was verified, is fine.
                    expect(await EmailVerification.unverifyEmail(recipeUserId, email)).to.equal({ status: 'OK' });
                    expect(await EmailVerification.unverifyEmail(recipeUserId, newEmail('never'))).to.equal({ status: 'OK' });

                    const token = await createToken(recipeUserId, email);
                    expect((await EmailVerification.verifyEmailUsingToken('public', token)).status).to.equal('OK');
                    expect(await isVerifiedInUserObject(user.id)).to.be.true();
                });

                it('revokes tokens: a revoked token no longer verifies, a new one does', async () => {

                    const { email, recipeUserId } = await newUser('revoke');
                    const first = await createToken(recipeUserId, email);
                    const second = await createToken(recipeUserId, email);

                    expect(await EmailVerification.revokeEmailVerificationTokens('public', recipeUserId, email)).to.equal({ status: 'OK' });
                    expect(await EmailVerification.verifyEmailUsingToken('public', first)).to.equal({ status: 'EMAIL_VERIFICATION_INVALID_TOKEN_ERROR' });
                    expect(await EmailVerification.verifyEmailUsingToken('public', second)).to.equal({ status: 'EMAIL_VERIFICATION_INVALID_TOKEN_ERROR' });
                    expect(await EmailVerification.isEmailVerified(recipeUserId, email)).to.be.false();

                    const third = await createToken(recipeUserId, email);
                    expect((await EmailVerification.verifyEmailUsingToken('public', third)).status).to.equal('OK');
                });

                it('revokes only the tokens of that user and email', async () => {

                    const alice = await newUser('alice');
                    const bob = await newUser('bob');
                    const aliceToken = await createToken(alice.recipeUserId, alice.email);
                    const bobToken = await createToken(bob.recipeUserId, bob.email);
                    const otherEmail = newEmail('other');
                    const aliceOther = await createToken(alice.recipeUserId, otherEmail);

                    await EmailVerification.revokeEmailVerificationTokens('public', alice.recipeUserId, alice.email);
                    expect(await EmailVerification.verifyEmailUsingToken('public', aliceToken)).to.equal({ status: 'EMAIL_VERIFICATION_INVALID_TOKEN_ERROR' });
                    expect((await EmailVerification.verifyEmailUsingToken('public', bobToken)).status).to.equal('OK');
                    expect((await EmailVerification.verifyEmailUsingToken('public', aliceOther)).status).to.equal('OK');
                    expect(await EmailVerification.isEmailVerified(alice.recipeUserId, otherEmail)).to.be.true();
                    expect(await EmailVerification.isEmailVerified(alice.recipeUserId, alice.email)).to.be.false();
                });

                it('normalises emails: token, verify, isEmailVerified, unverify and revoke ignore case and spaces', async () => {

                    const { email, user, recipeUserId } = await newUser('norm');
                    const shouty = `  ${email.toUpperCase()} `;

                    const token = await createToken(recipeUserId, shouty);
                    const result = await EmailVerification.verifyEmailUsingToken('public', token);
                    expect(result.status === 'OK' && result.user.email).to.equal(email);
                    expect(await EmailVerification.isEmailVerified(recipeUserId, shouty)).to.be.true();
                    expect(await EmailVerification.isEmailVerified(recipeUserId, email)).to.be.true();
                    expect(await isVerifiedInUserObject(user.id)).to.be.true();

                    await EmailVerification.unverifyEmail(recipeUserId, shouty);
                    expect(await EmailVerification.isEmailVerified(recipeUserId, email)).to.be.false();

                    const again = await createToken(recipeUserId, email);
                    await EmailVerification.revokeEmailVerificationTokens('public', recipeUserId, shouty);
                    expect(await EmailVerification.verifyEmailUsingToken('public', again)).to.equal({ status: 'EMAIL_VERIFICATION_INVALID_TOKEN_ERROR' });
                });

                it('does not carry verification over to a changed email; changing back finds it verified again', async () => {

                    const { email, user, recipeUserId } = await newUser('moving');
                    await EmailVerification.verifyEmailUsingToken('public', await createToken(recipeUserId, email));
                    const moved = newEmail('moved');

                    expect((await EmailPassword.updateEmailOrPassword({ recipeUserId, email: moved })).status).to.equal('OK');
                    expect(await isVerifiedInUserObject(user.id)).to.be.false();
                    expect(await EmailVerification.isEmailVerified(recipeUserId)).to.be.false();
                    expect(await EmailVerification.isEmailVerified(recipeUserId, email)).to.be.true();

                    expect((await EmailPassword.updateEmailOrPassword({ recipeUserId, email })).status).to.equal('OK');
                    expect(await isVerifiedInUserObject(user.id)).to.be.true();
                });

                it('puts the verification state into new sessions (st-ev)', async () => {

                    const { email, recipeUserId } = await newUser('claim');
                    const before_ = await Session.createNewSessionWithoutRequestResponse('public', recipeUserId);
                    expect(before_.getAccessTokenPayload()['st-ev'].v).to.be.false();

                    await EmailVerification.verifyEmailUsingToken('public', await createToken(recipeUserId, email));
                    const after_ = await Session.createNewSessionWithoutRequestResponse('public', recipeUserId);
                    expect(after_.getAccessTokenPayload()['st-ev'].v).to.be.true();
                });

                it('keeps verification per (user, email): another user with the token of the first is not verified', async () => {

                    const alice = await newUser('pair-a');
                    const bob = await newUser('pair-b');
                    await EmailVerification.verifyEmailUsingToken('public', await createToken(alice.recipeUserId, alice.email));

                    expect(await EmailVerification.isEmailVerified(alice.recipeUserId, alice.email)).to.be.true();
                    expect(await EmailVerification.isEmailVerified(bob.recipeUserId, alice.email)).to.be.false();
                    expect(await EmailVerification.isEmailVerified(alice.recipeUserId, bob.email)).to.be.false();
                    expect(await isVerifiedInUserObject(bob.user.id)).to.be.false();
                });
            });

            describe('with 1 s tokens (CORE_EMAIL_VERIFICATION_TOKEN_LIFETIME 1000)', () => {

                let core: TestCore;
                const clock = testClock();

                before(async () => {

                    core = await startTestCore({ adapter, env: { CORE_EMAIL_VERIFICATION_TOKEN_LIFETIME: '1000' }, clock: clock.now });
                    initAllRecipes(core.uri);
                });

                after(async () => {

                    await core.destroy();
                });

                it('verifies with a fresh token', async () => {

                    const { email, recipeUserId } = await newUser('fresh');
                    const token = await createToken(recipeUserId, email);
                    expect((await EmailVerification.verifyEmailUsingToken('public', token)).status).to.equal('OK');
                });

                it('refuses a token after its lifetime and leaves the email unverified', async () => {

                    const { email, user, recipeUserId } = await newUser('expired');
                    const token = await createToken(recipeUserId, email);
                    clock.advance(1001);

                    expect(await EmailVerification.verifyEmailUsingToken('public', token)).to.equal({ status: 'EMAIL_VERIFICATION_INVALID_TOKEN_ERROR' });
                    expect(await EmailVerification.isEmailVerified(recipeUserId, email)).to.be.false();
                    expect(await isVerifiedInUserObject(user.id)).to.be.false();

                    // A new token works.
                    const fresh = await createToken(recipeUserId, email);
                    expect((await EmailVerification.verifyEmailUsingToken('public', fresh)).status).to.equal('OK');
                });
            });
        });
    }
});
