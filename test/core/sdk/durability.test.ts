import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import SuperTokens from 'supertokens-node';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import Session, { type SessionContainer } from 'supertokens-node/recipe/session';

import { startTestCore, type TestCore } from '../../helpers/core';
import { initSdk } from '../../helpers/sdk';
import { decodeJwt, sleep } from '../../helpers/session-tools';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


const tokensOf = (session: SessionContainer) => session.getAllSessionTokensDangerously();

/**
 * Restarts the core, then lets the event loop read the FIN the old server sent on the SDK's pooled keep-alive
 * sockets. Without that pause fetch may reuse a dead socket ("other side closed"), and the SDK, which takes
 * "fetch failed" on its only host for a core that is down, gives up: "No SuperTokens core available to query".
 */
const restart = async (core: TestCore) => {

    const restarted = await core.restart();
    await sleep(20);
    return restarted;
};


describe('SDK against a core that restarts on the same database', () => {

    let core: TestCore;

    const jwks = async () => {

        const res = await fetch(`${core.uri}/.well-known/jwks.json`);
        return ((await res.json()) as { keys: { kid: string; n: string }[] }).keys;
    };

    before(async () => {

        core = await startTestCore();
        initSdk(core.uri);
    });

    after(async () => {

        await core.destroy();
    });

    it('keeps users, passwords, sessions, refresh state, reset tokens and signing keys across a restart', async () => {

        const email = `durable-${Crypto.randomUUID()}@example.com`;
        const signUp = await EmailPassword.signUp('public', email, 'Password123');
        expect(signUp.status).to.equal('OK');
        if (signUp.status !== 'OK') {
            return;
        }

        const userId = signUp.user.id;
        const user = (await SuperTokens.getUser(userId))!.toJson();

        // One plain session, and one that was refreshed and whose child was promoted (its parent is now superseded).
        const plain = await Session.createNewSessionWithoutRequestResponse('public', signUp.recipeUserId, { team: 'blue' }, { cart: [1] });
        const rotated = await Session.createNewSessionWithoutRequestResponse('public', signUp.recipeUserId);
        const parent = tokensOf(rotated);
        const child = tokensOf(await Session.refreshSessionWithoutRequestResponse(parent.refreshToken!));
        await Session.getSessionWithoutRequestResponse(child.accessToken);          // promotes the child

        const reset = await EmailPassword.createResetPasswordToken('public', userId, email);
        expect(reset.status).to.equal('OK');
        const keysBefore = await jwks();
        const handlesBefore = await Session.getAllSessionHandlesForUser(userId);
        const infoBefore = await Session.getSessionInformation(plain.getHandle());
        const port = new URL(core.uri).port;

        core = await restart(core);
        expect(new URL(core.uri).port).to.equal(port);

        // Users and passwords.
        expect((await SuperTokens.getUser(userId))!.toJson()).to.equal(user);
        const signIn = await EmailPassword.signIn('public', email, 'Password123');
        expect(signIn.status === 'OK' && signIn.user.id).to.equal(userId);
        expect(await EmailPassword.signIn('public', email, 'Password124')).to.equal({ status: 'WRONG_CREDENTIALS_ERROR' });
        expect(await EmailPassword.signUp('public', email.toUpperCase(), 'Password123')).to.equal({ status: 'EMAIL_ALREADY_EXISTS_ERROR' });

        // Signing keys: the same JWKS, so tokens made before the restart verify, locally and in the core.
        expect(await jwks()).to.equal(keysBefore);
        const verified = await Session.getSessionWithoutRequestResponse(tokensOf(plain).accessToken, undefined, { checkDatabase: true });
        expect(verified.getHandle()).to.equal(plain.getHandle());
        expect(verified.getAccessTokenPayload().team).to.equal('blue');
        expect(tokensOf(verified).accessAndFrontTokenUpdated).to.be.false();

        // Sessions and their data.
        expect(await Session.getAllSessionHandlesForUser(userId)).to.equal(handlesBefore);
        expect(await Session.getSessionInformation(plain.getHandle())).to.equal(infoBefore);

        // Refresh state: the refresh key is the same (tokens open), the promoted child refreshes, the superseded parent is theft.
        const refreshed = await Session.refreshSessionWithoutRequestResponse(child.refreshToken!);
        expect(refreshed.getHandle()).to.equal(rotated.getHandle());
        expect(decodeJwt(tokensOf(refreshed).accessToken).header.kid).to.equal(decodeJwt(child.accessToken).header.kid);
        const theft = await expect(Session.refreshSessionWithoutRequestResponse(parent.refreshToken!)).to.reject(Session.Error);
        expect(theft.type).to.equal(Session.Error.TOKEN_THEFT_DETECTED);

        const plainRefresh = await Session.refreshSessionWithoutRequestResponse(tokensOf(plain).refreshToken!);
        expect(plainRefresh.getHandle()).to.equal(plain.getHandle());

        // Reset tokens.
        expect(await EmailPassword.consumePasswordResetToken('public', reset.status === 'OK' ? reset.token : '')).to.equal({ status: 'OK', userId, email });
    });

    it('keeps what was written after a restart across the next one', async () => {

        const email = `second-${Crypto.randomUUID()}@example.com`;
        const signUp = await EmailPassword.signUp('public', email, 'Password123');
        expect(signUp.status).to.equal('OK');
        if (signUp.status !== 'OK') {
            return;
        }

        const session = await Session.createNewSessionWithoutRequestResponse('public', signUp.recipeUserId);
        await Session.revokeSession(session.getHandle());
        const count = await SuperTokens.getUserCount();

        core = await restart(core);

        expect(await SuperTokens.getUserCount()).to.equal(count);
        expect((await EmailPassword.signIn('public', email, 'Password123')).status).to.equal('OK');
        expect(await Session.getSessionInformation(session.getHandle())).to.be.undefined();
        const error = await expect(Session.refreshSessionWithoutRequestResponse(tokensOf(session).refreshToken!)).to.reject(Session.Error);
        expect(error.type).to.equal(Session.Error.UNAUTHORISED);
    });
});
