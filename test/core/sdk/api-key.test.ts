import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import SuperTokens from 'supertokens-node';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import Session from 'supertokens-node/recipe/session';

import { startTestCore, testApiKey, type TestCore } from '../../helpers/core';
import { initSdk } from '../../helpers/sdk';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


const newEmail = () => `key-${Crypto.randomUUID()}@example.com`;

const invalidApiKey = /status code: 401 and message: Invalid API key/;


describe('SDK against a core that requires an API key', () => {

    let core: TestCore;

    before(async () => {

        core = await startTestCore({ env: { CORE_API_KEYS: testApiKey } });
    });

    after(async () => {

        await core.destroy();
    });

    it('serves the SDK configured with the right key: sign up, sign in, sessions and verification', async () => {

        initSdk(core.uri, { apiKey: testApiKey });

        const email = newEmail();
        const signUp = await EmailPassword.signUp('public', email, 'Password123');
        expect(signUp.status).to.equal('OK');
        const signIn = await EmailPassword.signIn('public', email, 'Password123');
        expect(signIn.status).to.equal('OK');
        if (signIn.status !== 'OK') {
            return;
        }

        const session = await Session.createNewSessionWithoutRequestResponse('public', signIn.recipeUserId);
        const { accessToken, refreshToken } = session.getAllSessionTokensDangerously();

        // Local verification fetches the public JWKS without the key.
        expect((await Session.getSessionWithoutRequestResponse(accessToken)).getUserId()).to.equal(signIn.user.id);
        expect((await Session.getSessionWithoutRequestResponse(accessToken, undefined, { checkDatabase: true })).getUserId()).to.equal(signIn.user.id);
        expect((await Session.refreshSessionWithoutRequestResponse(refreshToken!)).getHandle()).to.equal(session.getHandle());
        expect((await SuperTokens.getUser(signIn.user.id))!.emails).to.equal([email]);
    });

    it('also accepts another of several configured keys', async () => {

        const secondKey = `second-key-${Crypto.randomBytes(12).toString('hex')}`;
        const multi = await startTestCore({ env: { CORE_API_KEYS: `${testApiKey}, ${secondKey}` } });
        try {
            initSdk(multi.uri, { apiKey: secondKey });
            expect((await EmailPassword.signUp('public', newEmail(), 'Password123')).status).to.equal('OK');

            initSdk(multi.uri, { apiKey: `${secondKey}x` });
            await expect(EmailPassword.signUp('public', newEmail(), 'Password123')).to.reject(invalidApiKey);
        }
        finally {
            await multi.destroy();
        }
    });

    it('rejects every SDK call made with a wrong key, with 401 Invalid API key', async () => {

        initSdk(core.uri, { apiKey: 'wrong-api-key-0123456789abcdef' });
        const email = newEmail();

        await expect(EmailPassword.signUp('public', email, 'Password123')).to.reject(invalidApiKey);
        await expect(EmailPassword.signIn('public', email, 'Password123')).to.reject(invalidApiKey);
        await expect(SuperTokens.getUserCount()).to.reject(invalidApiKey);
        await expect(Session.getAllSessionHandlesForUser(Crypto.randomUUID())).to.reject(invalidApiKey);

        // Nothing was created behind the refusal.
        initSdk(core.uri, { apiKey: testApiKey });
        expect(await SuperTokens.listUsersByAccountInfo('public', { email })).to.equal([]);
    });

    it('rejects a key that differs only in its last character', async () => {

        initSdk(core.uri, { apiKey: `${testApiKey.slice(0, -1)}${testApiKey.endsWith('h') ? 'i' : 'h'}` });
        await expect(SuperTokens.getUserCount()).to.reject(invalidApiKey);
    });

    it('rejects the SDK configured without a key', async () => {

        initSdk(core.uri);
        await expect(EmailPassword.signUp('public', newEmail(), 'Password123')).to.reject(invalidApiKey);
    });

    it('refuses a wrong key even on /apiversion, but serves the JWKS and /hello to anyone', async () => {

        const version = await fetch(`${core.uri}/apiversion`, { headers: { 'api-key': 'wrong-api-key-0123456789abcdef' } });
        expect(version.status).to.equal(401);
        expect(await version.text()).to.equal('Invalid API key\n');

        const authorised = await fetch(`${core.uri}/apiversion`, { headers: { authorization: `Bearer ${testApiKey}` } });
        expect(authorised.status).to.equal(200);
        expect(await authorised.json()).to.equal({ versions: ['5.4'] });

        const jwks = await fetch(`${core.uri}/.well-known/jwks.json`);
        expect(jwks.status).to.equal(200);
        expect(((await jwks.json()) as { keys: unknown[] }).keys.length).to.be.above(0);

        expect((await fetch(`${core.uri}/hello`)).status).to.equal(200);
    });
});
