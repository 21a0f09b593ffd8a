import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestCore, testAdapters, type TestCore } from '../../helpers/core';
import { post, put, signUp } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('password reset and verification tokens', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            let core: TestCore;

            before(async () => {

                core = await startTestCore({ adapter });
            });

            after(() => core.destroy());

            const newUser = async () => {

                const email = `tokens-${Crypto.randomUUID()}@example.com`;
                return { email, id: (await signUp(core.uri, email)).id as string };
            };

            const resetToken = async (userId: string, email: string): Promise<string> => {

                const { json } = await post(core.uri, '/public/recipe/user/password/reset/token', { userId, email });
                expect(json.status).to.equal('OK');
                return json.token;
            };

            const consume = async (token: string) => (await post(core.uri, '/public/recipe/user/password/reset/token/consume', { token })).json.status;

            const check = (token: unknown) => post(core.uri, '/staffgate/password-reset/check', { token });

            it('checks a reset link without using it up: live, then used, expired or unknown', async () => {

                const { id, email } = await newUser();
                const token = await resetToken(id, email);
                expect((await check(token)).json).to.equal({ status: 'OK', valid: true });
                expect((await check(token)).json).to.equal({ status: 'OK', valid: true });
                expect(await consume(token)).to.equal('OK');
                expect((await check(token)).json).to.equal({ status: 'OK', valid: false });

                const raw = Crypto.randomBytes(32).toString('base64url');
                const tokenHash = Crypto.createHash('sha256').update(raw).digest('hex');
                await core.storage.tokens.createPasswordResetToken({ appId: 'public', tenantId: 'public', userId: id, email, tokenHash, expiresAt: Date.now() - 1 });
                expect((await check(raw)).json).to.equal({ status: 'OK', valid: false });
                expect(await core.storage.tokens.deleteExpiredTokens(Date.now())).to.equal(1);
                expect((await check('not-a-token')).json).to.equal({ status: 'OK', valid: false });
                expect((await check(undefined)).status).to.equal(400);
            });

            it('a reset link stops working once the password is changed another way', async () => {

                const { id, email } = await newUser();
                const tokens = [await resetToken(id, email), await resetToken(id, email)];
                expect((await put(core.uri, '/recipe/user', { recipeUserId: id, password: 'changed on the dashboard' })).json.status).to.equal('OK');

                for (const token of tokens) {
                    expect(await consume(token)).to.equal('RESET_PASSWORD_INVALID_TOKEN_ERROR');
                }
            });

            it('an email change alone leaves reset links working', async () => {

                const { id, email } = await newUser();
                const token = await resetToken(id, email);
                expect((await put(core.uri, '/recipe/user', { recipeUserId: id, email: `new-${email}` })).json.status).to.equal('OK');
                expect(await consume(token)).to.equal('OK');
            });

            it('deletes expired reset and verification tokens, and only those', async () => {

                const { id, email } = await newUser();
                const expired = await resetToken(id, email);
                const { json: verification } = await post(core.uri, '/public/recipe/user/email/verify/token', { userId: id, email });
                expect(verification.status).to.equal('OK');
                const { tokens } = core.storage;

                // Not yet expired: nothing goes.
                expect(await tokens.deleteExpiredTokens(Date.now())).to.equal(0);

                const later = Date.now() + 2 * core.settings.emailVerificationTokenLifetime;
                const other = await newUser();
                await tokens.createPasswordResetToken({ appId: 'public', tenantId: 'public', userId: other.id, email: other.email, tokenHash: 'f'.repeat(64), expiresAt: later + 1 });
                expect(await tokens.deleteExpiredTokens(later)).to.equal(2);
                expect(await tokens.deleteExpiredTokens(later)).to.equal(0);
                expect(await consume(expired)).to.equal('RESET_PASSWORD_INVALID_TOKEN_ERROR');
                expect(await tokens.consumePasswordResetToken('public', 'public', 'f'.repeat(64))).to.include({ userId: other.id });
            });
        });
    }

});
