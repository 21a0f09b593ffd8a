import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import SuperTokens, { RecipeUserId } from 'supertokens-node';
import EmailPassword from 'supertokens-node/recipe/emailpassword';

import { startTestCore, type TestCore } from '../../helpers/core';
import { initSdk } from '../../helpers/sdk';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


const newEmail = (name: string) => `${name}-${Crypto.randomUUID()}@example.com`;

/** The user as JSON text would carry it (the SDK's toJson keeps absent fields as undefined). */
const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

const signUp = async (email: string, password: string) => {

    const result = await EmailPassword.signUp('public', email, password);
    if (result.status !== 'OK') {
        throw new Error(`sign up of ${email} failed: ${result.status}`);
    }

    return result;
};


describe('SDK email-password against the core', () => {

    let core: TestCore;

    before(async () => {

        core = await startTestCore();
        initSdk(core.uri);
    });

    after(async () => {

        await core.destroy();
    });

    describe('sign up', () => {

        it('creates a user whose shape is the CDI 5.4 user object', async () => {

            const email = newEmail('alice');
            const earlier = Date.now();
            const result = await signUp(email, 'Password123');
            const later = Date.now();

            const { user, recipeUserId } = result;
            expect(user.id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
            expect(recipeUserId.getAsString()).to.equal(user.id);
            expect(user.timeJoined).to.be.within(earlier, later);
            expect(plain(user.toJson())).to.equal({
                id: user.id,
                isPrimaryUser: false,
                tenantIds: ['public'],
                timeJoined: user.timeJoined,
                emails: [email],
                phoneNumbers: [],
                thirdParty: [],
                webauthn: { credentialIds: [] },
                loginMethods: [{
                    tenantIds: ['public'],
                    recipeUserId: user.id,
                    verified: false,
                    timeJoined: user.timeJoined,
                    recipeId: 'emailpassword',
                    email
                }]
            });
        });

        it('stores the email trimmed and lower-cased', async () => {

            const email = newEmail('bob');
            const { user } = await signUp(`  ${email.toUpperCase()} `, 'Password123');

            expect(user.emails).to.equal([email]);
            expect(user.loginMethods[0]!.email).to.equal(email);

            const fetched = await SuperTokens.getUser(user.id);
            expect(fetched!.emails).to.equal([email]);
        });

        it('refuses a second sign-up with the same email, whatever its case and surrounding spaces', async () => {

            const email = newEmail('carol');
            const { user } = await signUp(email, 'Password123');

            expect(await EmailPassword.signUp('public', email, 'Other-password1')).to.equal({ status: 'EMAIL_ALREADY_EXISTS_ERROR' });
            expect(await EmailPassword.signUp('public', ` ${email.toUpperCase()}  `, 'Other-password1')).to.equal({ status: 'EMAIL_ALREADY_EXISTS_ERROR' });

            const users = await SuperTokens.listUsersByAccountInfo('public', { email });
            expect(users.map((u) => u.id)).to.equal([user.id]);

            // The first password still signs in: the duplicate changed nothing.
            const signIn = await EmailPassword.signIn('public', email, 'Password123');
            expect(signIn.status).to.equal('OK');
        });
    });

    describe('sign in', () => {

        it('signs in with the right password and returns the same user', async () => {

            const email = newEmail('dave');
            const { user } = await signUp(email, 'Password123');

            const result = await EmailPassword.signIn('public', email, 'Password123');
            expect(result.status).to.equal('OK');
            if (result.status === 'OK') {
                expect(result.user.id).to.equal(user.id);
                expect(result.recipeUserId.getAsString()).to.equal(user.id);
                expect(result.user.toJson()).to.equal(user.toJson());
            }
        });

        it('signs in with the email in another case and with surrounding spaces', async () => {

            const email = newEmail('erin');
            const { user } = await signUp(email, 'Password123');

            const result = await EmailPassword.signIn('public', `  ${email.toUpperCase()}  `, 'Password123');
            expect(result.status).to.equal('OK');
            expect(result.status === 'OK' && result.user.id).to.equal(user.id);
        });

        it('answers WRONG_CREDENTIALS_ERROR for a wrong password', async () => {

            const email = newEmail('frank');
            await signUp(email, 'Password123');

            expect(await EmailPassword.signIn('public', email, 'Password124')).to.equal({ status: 'WRONG_CREDENTIALS_ERROR' });
            expect(await EmailPassword.signIn('public', email, 'password123')).to.equal({ status: 'WRONG_CREDENTIALS_ERROR' });
        });

        it('answers WRONG_CREDENTIALS_ERROR for an unknown email, as for a wrong password', async () => {

            expect(await EmailPassword.signIn('public', newEmail('nobody'), 'Password123')).to.equal({ status: 'WRONG_CREDENTIALS_ERROR' });
        });

        it('checks credentials with verifyCredentials', async () => {

            const email = newEmail('gina');
            await signUp(email, 'Password123');

            expect(await EmailPassword.verifyCredentials('public', email, 'Password123')).to.equal({ status: 'OK' });
            expect(await EmailPassword.verifyCredentials('public', email, 'Password12')).to.equal({ status: 'WRONG_CREDENTIALS_ERROR' });
        });
    });

    describe('getUser and listUsersByAccountInfo', () => {

        it('gets a user by id with its login methods, emails and timeJoined', async () => {

            const email = newEmail('hank');
            const { user } = await signUp(email, 'Password123');

            const fetched = await SuperTokens.getUser(user.id);
            expect(fetched).to.exist();
            expect(fetched!.id).to.equal(user.id);
            expect(fetched!.timeJoined).to.equal(user.timeJoined);
            expect(fetched!.emails).to.equal([email]);
            expect(fetched!.loginMethods).to.have.length(1);

            const [method] = fetched!.loginMethods;
            expect(method!.recipeId).to.equal('emailpassword');
            expect(method!.recipeUserId.getAsString()).to.equal(user.id);
            expect(method!.email).to.equal(email);
            expect(method!.timeJoined).to.equal(user.timeJoined);
            expect(method!.tenantIds).to.equal(['public']);
            expect(method!.verified).to.be.false();
            expect(method!.hasSameEmailAs(email.toUpperCase())).to.be.true();
        });

        it('answers undefined for an unknown user id', async () => {

            expect(await SuperTokens.getUser(Crypto.randomUUID())).to.be.undefined();
        });

        it('lists users by email, normalising the email asked for', async () => {

            const email = newEmail('ivy');
            const { user } = await signUp(email, 'Password123');
            await signUp(newEmail('ivy'), 'Password123');

            const exact = await SuperTokens.listUsersByAccountInfo('public', { email });
            expect(exact.map((u) => u.toJson())).to.equal([user.toJson()]);

            const shouted = await SuperTokens.listUsersByAccountInfo('public', { email: ` ${email.toUpperCase()} ` });
            expect(shouted.map((u) => u.id)).to.equal([user.id]);

            const union = await SuperTokens.listUsersByAccountInfo('public', { email, phoneNumber: '+14155550100' }, true);
            expect(union.map((u) => u.id)).to.equal([user.id]);

            const intersection = await SuperTokens.listUsersByAccountInfo('public', { email, phoneNumber: '+14155550100' }, false);
            expect(intersection).to.equal([]);

            expect(await SuperTokens.listUsersByAccountInfo('public', { email: newEmail('nobody') })).to.equal([]);
        });
    });

    describe('updateEmailOrPassword', () => {

        it('changes the password: the new one signs in, the old one no longer does', async () => {

            const email = newEmail('jack');
            const { user } = await signUp(email, 'Password123');

            const result = await EmailPassword.updateEmailOrPassword({ recipeUserId: new RecipeUserId(user.id), password: 'New-password9' });
            expect(result).to.equal({ status: 'OK' });

            expect(await EmailPassword.signIn('public', email, 'Password123')).to.equal({ status: 'WRONG_CREDENTIALS_ERROR' });
            expect((await EmailPassword.signIn('public', email, 'New-password9')).status).to.equal('OK');
        });

        it('changes the email, normalised: the new one signs in, the old one is free again', async () => {

            const email = newEmail('kate');
            const next = newEmail('kate');
            const { user } = await signUp(email, 'Password123');

            const result = await EmailPassword.updateEmailOrPassword({ recipeUserId: new RecipeUserId(user.id), email: ` ${next.toUpperCase()}` });
            expect(result).to.equal({ status: 'OK' });

            const fetched = await SuperTokens.getUser(user.id);
            expect(fetched!.emails).to.equal([next]);
            expect(fetched!.loginMethods[0]!.email).to.equal(next);

            const signIn = await EmailPassword.signIn('public', next, 'Password123');
            expect(signIn.status === 'OK' && signIn.user.id).to.equal(user.id);
            expect(await EmailPassword.signIn('public', email, 'Password123')).to.equal({ status: 'WRONG_CREDENTIALS_ERROR' });

            const reuse = await signUp(email, 'Password123');
            expect(reuse.user.id).to.not.equal(user.id);
        });

        it('refuses an email that another user has', async () => {

            const first = newEmail('liam');
            const second = newEmail('liam');
            const { user } = await signUp(first, 'Password123');
            await signUp(second, 'Password123');

            const result = await EmailPassword.updateEmailOrPassword({ recipeUserId: new RecipeUserId(user.id), email: second.toUpperCase() });
            expect(result).to.equal({ status: 'EMAIL_ALREADY_EXISTS_ERROR' });
            expect((await SuperTokens.getUser(user.id))!.emails).to.equal([first]);
        });

        it('answers UNKNOWN_USER_ID_ERROR for an unknown user', async () => {

            const result = await EmailPassword.updateEmailOrPassword({ recipeUserId: new RecipeUserId(Crypto.randomUUID()), password: 'New-password9' });
            expect(result).to.equal({ status: 'UNKNOWN_USER_ID_ERROR' });
        });
    });
});
