import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import SuperTokens, { RecipeUserId } from 'supertokens-node';
import EmailVerification from 'supertokens-node/recipe/emailverification';
import Passwordless from 'supertokens-node/recipe/passwordless';
import Session from 'supertokens-node/recipe/session';

import { startTestCore, testAdapters, type TestCore } from '../../helpers/core';
import { initSdk } from '../../helpers/sdk';
import { sleep } from '../../helpers/session-tools';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


const recipes = () => [
    Passwordless.init({ contactMethod: 'EMAIL_OR_PHONE', flowType: 'USER_INPUT_CODE_AND_MAGIC_LINK' }),
    EmailVerification.init({ mode: 'OPTIONAL' }),
    Session.init()
];

const newEmail = () => `pl-${Crypto.randomUUID()}@example.com`;

const createCode = async (input: { email: string } | { phoneNumber: string }) => {

    const code = await Passwordless.createCode({ tenantId: 'public', ...input });
    if (code.status !== 'OK') {
        throw new Error(`createCode failed: ${code.status}`);
    }

    return code;
};

const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');


describe('SDK passwordless against the core', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            let core: TestCore;

            before(async () => {

                core = await startTestCore({ adapter });
                initSdk(core.uri, { recipeList: recipes() });
            });

            after(async () => {

                await core.destroy();
            });

            it('creates a code, signs up with it, signs in with the next one, and each code works once', async () => {

                const email = newEmail();
                const code = await createCode({ email: ` ${email.toUpperCase()} ` });
                expect(Object.keys(code).sort()).to.equal(['codeId', 'codeLifetime', 'deviceId', 'fetchResponse', 'linkCode', 'preAuthSessionId', 'status', 'timeCreated', 'userInputCode'].filter((key) => key in code).sort());
                expect(code.userInputCode).to.match(/^\d{6}$/);
                expect(code.preAuthSessionId).to.equal(Crypto.createHash('sha256').update(Buffer.from(code.deviceId, 'base64')).digest('base64url'));
                expect(code.codeLifetime).to.equal(900_000);

                const signUp = await Passwordless.consumeCode({ tenantId: 'public', preAuthSessionId: code.preAuthSessionId, deviceId: code.deviceId, userInputCode: code.userInputCode });
                expect(signUp.status).to.equal('OK');
                if (signUp.status !== 'OK') {
                    return;
                }

                expect(signUp.createdNewRecipeUser).to.be.true();
                expect(signUp.consumedDevice).to.equal({ preAuthSessionId: code.preAuthSessionId, failedCodeInputAttemptCount: 0, email });
                expect(signUp.user.loginMethods).to.have.length(1);
                expect(signUp.user.loginMethods[0]).to.include({ recipeId: 'passwordless', email, verified: true });
                expect(signUp.user.emails).to.equal([email]);
                expect(await EmailVerification.isEmailVerified(signUp.recipeUserId, email)).to.be.true();

                // The same code again: the device is gone.
                expect(await Passwordless.consumeCode({ tenantId: 'public', preAuthSessionId: code.preAuthSessionId, deviceId: code.deviceId, userInputCode: code.userInputCode })).to.include({ status: 'RESTART_FLOW_ERROR' });

                const next = await createCode({ email });
                const signIn = await Passwordless.consumeCode({ tenantId: 'public', preAuthSessionId: next.preAuthSessionId, linkCode: next.linkCode });
                expect(signIn.status === 'OK' && signIn.createdNewRecipeUser).to.be.false();
                expect(signIn.status === 'OK' && signIn.user.id).to.equal(signUp.user.id);
                expect(await Passwordless.consumeCode({ tenantId: 'public', preAuthSessionId: next.preAuthSessionId, linkCode: next.linkCode })).to.include({ status: 'RESTART_FLOW_ERROR' });

                const found = await SuperTokens.listUsersByAccountInfo('public', { email });
                expect(found.map((user) => user.id)).to.equal([signUp.user.id]);
            });

            it('counts wrong codes, and the fifth one ends the device; a wrong link code counts nothing', async () => {

                const email = newEmail();
                const code = await createCode({ email });
                const wrong = wrongCode(code.userInputCode);

                expect(await Passwordless.consumeCode({ tenantId: 'public', preAuthSessionId: code.preAuthSessionId, linkCode: Crypto.randomBytes(32).toString('base64url') })).to.include({ status: 'RESTART_FLOW_ERROR' });
                for (let i = 1; i <= 4; ++i) {
                    const result = await Passwordless.consumeCode({ tenantId: 'public', preAuthSessionId: code.preAuthSessionId, deviceId: code.deviceId, userInputCode: wrong });
                    expect(result).to.include({ status: 'INCORRECT_USER_INPUT_CODE_ERROR', failedCodeInputAttemptCount: i, maximumCodeInputAttempts: 5 });
                }

                const listed = await Passwordless.listCodesByPreAuthSessionId({ tenantId: 'public', preAuthSessionId: code.preAuthSessionId });
                expect(listed?.failedCodeInputAttemptCount).to.equal(4);

                expect(await Passwordless.consumeCode({ tenantId: 'public', preAuthSessionId: code.preAuthSessionId, deviceId: code.deviceId, userInputCode: wrong })).to.include({ status: 'RESTART_FLOW_ERROR' });
                expect(await Passwordless.consumeCode({ tenantId: 'public', preAuthSessionId: code.preAuthSessionId, deviceId: code.deviceId, userInputCode: code.userInputCode })).to.include({ status: 'RESTART_FLOW_ERROR' });
                expect(await Passwordless.listCodesByEmail({ tenantId: 'public', email })).to.equal([]);
            });

            it('resends on the same device, lists and revokes codes, and refuses a reused custom code', async () => {

                const email = newEmail();
                const first = await createCode({ email });
                const second = await Passwordless.createNewCodeForDevice({ tenantId: 'public', deviceId: first.deviceId, userInputCode: '424242' });
                expect(second.status).to.equal('OK');
                if (second.status !== 'OK') {
                    return;
                }

                expect(second.preAuthSessionId).to.equal(first.preAuthSessionId);
                expect(await Passwordless.createNewCodeForDevice({ tenantId: 'public', deviceId: first.deviceId, userInputCode: '424242' })).to.include({ status: 'USER_INPUT_CODE_ALREADY_USED_ERROR' });
                expect(await Passwordless.createNewCodeForDevice({ tenantId: 'public', deviceId: Crypto.randomBytes(32).toString('base64') })).to.include({ status: 'RESTART_FLOW_ERROR' });

                const device = await Passwordless.listCodesByDeviceId({ tenantId: 'public', deviceId: first.deviceId });
                expect(device?.codes.map((code) => code.codeId).sort()).to.equal([first.codeId, second.codeId].sort());
                expect(device?.email).to.equal(email);

                await Passwordless.revokeCode({ tenantId: 'public', codeId: first.codeId });
                expect(await Passwordless.consumeCode({ tenantId: 'public', preAuthSessionId: first.preAuthSessionId, linkCode: first.linkCode })).to.include({ status: 'RESTART_FLOW_ERROR' });
                const signIn = await Passwordless.consumeCode({ tenantId: 'public', preAuthSessionId: first.preAuthSessionId, deviceId: first.deviceId, userInputCode: '424242' });
                expect(signIn.status).to.equal('OK');

                await createCode({ email });
                await createCode({ email });
                expect(await Passwordless.listCodesByEmail({ tenantId: 'public', email })).to.have.length(2);
                await Passwordless.revokeAllCodes({ tenantId: 'public', email });
                expect(await Passwordless.listCodesByEmail({ tenantId: 'public', email })).to.equal([]);
            });

            it('signs up by phone number in E.164, verified, and finds the user by phone', async () => {

                const phoneNumber = `+1202${String(Crypto.randomInt(1_000_000, 9_999_999))}`;
                const code = await createCode({ phoneNumber: ` ${phoneNumber} ` });
                const result = await Passwordless.consumeCode({ tenantId: 'public', preAuthSessionId: code.preAuthSessionId, deviceId: code.deviceId, userInputCode: code.userInputCode });
                expect(result.status).to.equal('OK');
                if (result.status !== 'OK') {
                    return;
                }

                expect(result.consumedDevice).to.equal({ preAuthSessionId: code.preAuthSessionId, failedCodeInputAttemptCount: 0, phoneNumber });
                expect(result.user.phoneNumbers).to.equal([phoneNumber]);
                expect(result.user.emails).to.equal([]);
                expect(result.user.loginMethods[0]).to.include({ recipeId: 'passwordless', phoneNumber, verified: true });
                expect(result.user.loginMethods[0]!.email).to.not.exist();

                const found = await SuperTokens.listUsersByAccountInfo('public', { phoneNumber });
                expect(found.map((user) => user.id)).to.equal([result.user.id]);

                // A change of email keeps the phone; the new email is not verified.
                const email = newEmail();
                expect(await Passwordless.updateUser({ recipeUserId: new RecipeUserId(result.user.id), email })).to.equal({ status: 'OK' });
                const user = await SuperTokens.getUser(result.user.id);
                expect(user?.loginMethods[0]).to.include({ email, phoneNumber, verified: false });
                expect(await Passwordless.updateUser({ recipeUserId: new RecipeUserId(Crypto.randomUUID()), email: newEmail() })).to.equal({ status: 'UNKNOWN_USER_ID_ERROR' });
            });

            it('refuses a preAuthSessionId of another device', async () => {

                const a = await createCode({ email: newEmail() });
                const b = await createCode({ email: newEmail() });
                await expect(Passwordless.consumeCode({ tenantId: 'public', preAuthSessionId: b.preAuthSessionId, deviceId: a.deviceId, userInputCode: a.userInputCode }))
                    .to.reject(/preAuthSessionId and deviceId doesn't match/);
            });
        });
    }

    describe('with a short code lifetime', () => {

        let core: TestCore;

        before(async () => {

            core = await startTestCore({ env: { CORE_PASSWORDLESS_CODE_LIFETIME: '300' } });
            initSdk(core.uri, { recipeList: recipes() });
        });

        after(async () => {

            await core.destroy();
        });

        it('answers EXPIRED for an old user input code (and counts it), RESTART_FLOW for an old link', async () => {

            const code = await createCode({ email: newEmail() });
            await sleep(350);
            expect(await Passwordless.consumeCode({ tenantId: 'public', preAuthSessionId: code.preAuthSessionId, deviceId: code.deviceId, userInputCode: code.userInputCode }))
                .to.include({ status: 'EXPIRED_USER_INPUT_CODE_ERROR', failedCodeInputAttemptCount: 1, maximumCodeInputAttempts: 5 });
            expect(await Passwordless.consumeCode({ tenantId: 'public', preAuthSessionId: code.preAuthSessionId, linkCode: code.linkCode })).to.include({ status: 'RESTART_FLOW_ERROR' });
        });
    });
});
