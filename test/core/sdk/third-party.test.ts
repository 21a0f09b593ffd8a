import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import SuperTokens, { RecipeUserId } from 'supertokens-node';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import EmailVerification from 'supertokens-node/recipe/emailverification';
import ThirdParty from 'supertokens-node/recipe/thirdparty';

import { testAdapters } from '../../helpers/core';
import { newEmail, password, plain, signUp, unique, useCoreWithAllRecipes } from './all-recipes';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


const tpSignInUp = async (thirdPartyId: string, thirdPartyUserId: string, email: string, isVerified: boolean) => {

    const result = await ThirdParty.manuallyCreateOrUpdateUser('public', thirdPartyId, thirdPartyUserId, email, isVerified);
    if (result.status !== 'OK') {
        throw new Error(`third-party sign-in-up of ${thirdPartyId}/${thirdPartyUserId} failed: ${result.status}`);
    }

    return result;
};


describe('SDK third-party sign-in-up against the core', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            useCoreWithAllRecipes(lab, { adapter });

            it('creates a user for a new provider user, with the third-party fields in the user object', async () => {

                const email = newEmail('octo');
                const before_ = Date.now();
                const result = await tpSignInUp('github', 'gh-1', email, false);
                const after_ = Date.now();

                expect(result.createdNewRecipeUser).to.be.true();
                const { user, recipeUserId } = result;
                expect(recipeUserId.getAsString()).to.equal(user.id);
                expect(user.timeJoined).to.be.within(before_, after_);
                expect(plain(user.toJson())).to.equal({
                    id: user.id,
                    isPrimaryUser: false,
                    tenantIds: ['public'],
                    timeJoined: user.timeJoined,
                    emails: [email],
                    phoneNumbers: [],
                    thirdParty: [{ id: 'github', userId: 'gh-1' }],
                    webauthn: { credentialIds: [] },
                    loginMethods: [{
                        recipeId: 'thirdparty',
                        recipeUserId: user.id,
                        tenantIds: ['public'],
                        email,
                        thirdParty: { id: 'github', userId: 'gh-1' },
                        timeJoined: user.timeJoined,
                        verified: false
                    }]
                });

                expect(plain((await SuperTokens.getUser(user.id))!.toJson())).to.equal(plain(user.toJson()));
                expect(await SuperTokens.getUserCount(['thirdparty'])).to.equal(1);
            });

            it('signs the same provider user in again: the same user, createdNewRecipeUser false', async () => {

                const id = unique('gh');
                const email = newEmail('again');
                const first = await tpSignInUp('github', id, email, false);
                const count = await SuperTokens.getUserCount();

                const second = await tpSignInUp('github', id, email, false);
                expect(second.createdNewRecipeUser).to.be.false();
                expect(second.user.id).to.equal(first.user.id);
                expect(second.recipeUserId.getAsString()).to.equal(first.user.id);
                expect(plain(second.user.toJson())).to.equal(plain(first.user.toJson()));
                expect(await SuperTokens.getUserCount()).to.equal(count);
            });

            it('keeps the user id for the same provider user id at another provider apart', async () => {

                const id = unique('shared');
                const github = await tpSignInUp('github', id, newEmail('gh'), false);
                const gitlab = await tpSignInUp('gitlab', id, newEmail('gl'), false);

                expect(gitlab.createdNewRecipeUser).to.be.true();
                expect(gitlab.user.id).to.not.equal(github.user.id);
                expect(gitlab.user.thirdParty).to.equal([{ id: 'gitlab', userId: id }]);
            });

            it('stores the email trimmed and lower-cased', async () => {

                const email = newEmail('mixed');
                const { user } = await tpSignInUp('github', unique('gh'), `  ${email.toUpperCase()} `, false);

                expect(user.emails).to.equal([email]);
                expect(user.loginMethods[0]!.email).to.equal(email);
                expect((await SuperTokens.listUsersByAccountInfo('public', { email: email.toUpperCase() })).map((u) => u.id)).to.equal([user.id]);
            });

            it('updates the stored email when the provider reports a changed one', async () => {

                const id = unique('gh');
                const oldEmail = newEmail('old');
                const newer = newEmail('new');
                const first = await tpSignInUp('github', id, oldEmail, false);

                const second = await tpSignInUp('github', id, `  ${newer.toUpperCase()}`, false);
                expect(second.createdNewRecipeUser).to.be.false();
                expect(second.user.id).to.equal(first.user.id);
                expect(second.user.emails).to.equal([newer]);
                expect(second.user.loginMethods[0]!.email).to.equal(newer);

                const fetched = await SuperTokens.getUser(first.user.id);
                expect(fetched!.emails).to.equal([newer]);
                expect(await SuperTokens.listUsersByAccountInfo('public', { email: oldEmail })).to.equal([]);
                expect((await SuperTokens.listUsersByAccountInfo('public', { email: newer })).map((u) => u.id)).to.equal([first.user.id]);
            });

            it('marks the email verified when the provider says so, and a later false never un-verifies it', async () => {

                const id = unique('gh');
                const email = newEmail('verified');
                const first = await tpSignInUp('github', id, email, true);
                expect(first.user.loginMethods[0]!.verified).to.be.true();
                expect(await EmailVerification.isEmailVerified(first.recipeUserId, email)).to.be.true();

                const second = await tpSignInUp('github', id, email, false);
                expect(second.user.loginMethods[0]!.verified).to.be.true();
                expect(await EmailVerification.isEmailVerified(first.recipeUserId, email)).to.be.true();
                expect((await SuperTokens.getUser(first.user.id))!.loginMethods[0]!.verified).to.be.true();
            });

            it('verifies an unverified user at a later sign-in that says verified', async () => {

                const id = unique('gh');
                const email = newEmail('later');
                const first = await tpSignInUp('github', id, email, false);
                expect(first.user.loginMethods[0]!.verified).to.be.false();
                expect(await EmailVerification.isEmailVerified(first.recipeUserId, email)).to.be.false();

                const second = await tpSignInUp('github', id, email, true);
                expect(second.user.loginMethods[0]!.verified).to.be.true();
                expect(await EmailVerification.isEmailVerified(first.recipeUserId, email)).to.be.true();
            });

            it('ties verification to the (user, email) pair: a new unverified email is unverified, the old one stays verified', async () => {

                const id = unique('gh');
                const a = newEmail('a');
                const b = newEmail('b');
                const { user, recipeUserId } = await tpSignInUp('github', id, a, true);

                const moved = await tpSignInUp('github', id, b, false);
                expect(moved.user.loginMethods[0]!.verified).to.be.false();
                expect(await EmailVerification.isEmailVerified(recipeUserId, b)).to.be.false();

                const back = await tpSignInUp('github', id, a, false);
                expect(back.user.id).to.equal(user.id);
                expect(back.user.loginMethods[0]!.verified).to.be.true();
            });

            it('marks an SDK-made fake email verified', async () => {

                const { user } = await tpSignInUp('github', unique('gh'), `${unique('fake')}@stfakeemail.supertokens.com`, false);
                expect(user.loginMethods[0]!.verified).to.be.true();
            });

            it('finds the user by provider and provider user id with listUsersByAccountInfo', async () => {

                const id = unique('gh');
                const { user } = await tpSignInUp('github', id, newEmail('lookup'), false);

                const found = await SuperTokens.listUsersByAccountInfo('public', { thirdParty: { id: 'github', userId: id } });
                expect(found.map((u) => u.id)).to.equal([user.id]);
                expect(plain(found[0]!.toJson())).to.equal(plain(user.toJson()));

                expect(await SuperTokens.listUsersByAccountInfo('public', { thirdParty: { id: 'github', userId: unique('nobody') } })).to.equal([]);
                expect(await SuperTokens.listUsersByAccountInfo('public', { thirdParty: { id: 'gitlab', userId: id } })).to.equal([]);
            });

            it('keeps an email-password user and a third-party user with the same email as two separate users', async () => {

                const email = newEmail('both');
                const ep = await signUp(email);
                const tp = await tpSignInUp('github', unique('gh'), email, true);

                expect(tp.createdNewRecipeUser).to.be.true();
                expect(tp.user.id).to.not.equal(ep.id);
                expect(tp.user.loginMethods).to.have.length(1);

                const byEmail = await SuperTokens.listUsersByAccountInfo('public', { email });
                expect(byEmail.map((u) => u.id)).to.equal([ep.id, tp.user.id]);
                expect(byEmail.map((u) => u.loginMethods[0]!.recipeId)).to.equal(['emailpassword', 'thirdparty']);

                // Verification belongs to the third-party user only; the email-password sign-in is untouched.
                expect(await EmailVerification.isEmailVerified(new RecipeUserId(ep.id), email)).to.be.false();
                const signIn = await EmailPassword.signIn('public', email, password);
                expect(signIn.status).to.equal('OK');
                expect(signIn.status === 'OK' && signIn.user.id).to.equal(ep.id);
            });
        });
    }
});
