import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import Session, { type SessionContainer } from 'supertokens-node/recipe/session';

import { startTestCore, type TestCore } from '../../helpers/core';
import { initSdk } from '../../helpers/sdk';
import { decodeJwt, until, untilFreshSecond } from '../../helpers/session-tools';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


const newSession = async (payload: Record<string, unknown> = {}) => {

    const result = await EmailPassword.signUp('public', `expiry-${Crypto.randomUUID()}@example.com`, 'Password123');
    if (result.status !== 'OK') {
        throw new Error(`sign up failed: ${result.status}`);
    }

    const session = await Session.createNewSessionWithoutRequestResponse('public', result.recipeUserId, payload);
    return { userId: result.user.id, session, tokens: session.getAllSessionTokensDangerously() };
};

const tokensOf = (session: SessionContainer) => session.getAllSessionTokensDangerously();

const rejection = async (promise: Promise<unknown>) => {

    const error = await expect(promise).to.reject(Session.Error);
    return error.type;
};


describe('SDK session expiry against the core', () => {

    describe('with 1 s access tokens', () => {

        let core: TestCore;

        before(async () => {

            core = await startTestCore({ env: { CORE_ACCESS_TOKEN_VALIDITY: '1' } });
            initSdk(core.uri);
        });

        after(async () => {

            await core.destroy();
        });

        it('issues access tokens that live one second', async () => {

            const earlier = Math.floor(Date.now() / 1000);
            const { tokens } = await newSession();
            const later = Math.floor(Date.now() / 1000);

            const { payload } = decodeJwt(tokens.accessToken);
            expect(payload.exp - payload.iat).to.equal(core.settings.accessTokenValidity);
            expect(payload.exp - payload.iat).to.equal(1);
            expect(payload.iat).to.be.within(earlier, later);
        });

        it('answers TRY_REFRESH_TOKEN once the access token expired, and the refresh gives a working token', async () => {

            await untilFreshSecond();
            const { session, tokens } = await newSession({ team: 'blue' });
            expect((await Session.getSessionWithoutRequestResponse(tokens.accessToken)).getHandle()).to.equal(session.getHandle());

            await until(decodeJwt(tokens.accessToken).payload.exp * 1000);
            expect(await rejection(Session.getSessionWithoutRequestResponse(tokens.accessToken))).to.equal(Session.Error.TRY_REFRESH_TOKEN);
            expect(await rejection(Session.getSessionWithoutRequestResponse(tokens.accessToken, undefined, { checkDatabase: true }))).to.equal(Session.Error.TRY_REFRESH_TOKEN);

            // The session itself lives on (refresh validity is long).
            expect(await Session.getSessionInformation(session.getHandle())).to.exist();

            await untilFreshSecond();
            const refreshed = await Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!);
            const next = tokensOf(refreshed);
            expect(decodeJwt(next.accessToken).payload.exp).to.be.above(decodeJwt(tokens.accessToken).payload.exp);

            const verified = await Session.getSessionWithoutRequestResponse(next.accessToken);
            expect(verified.getHandle()).to.equal(session.getHandle());
            expect(verified.getAccessTokenPayload().team).to.equal('blue');
            expect(tokensOf(verified).accessAndFrontTokenUpdated).to.be.true();          // the child was promoted
        });

        it('stores claims merged on an expired token without issuing a token, and the refresh carries them', async () => {

            await untilFreshSecond();
            const { session, tokens } = await newSession();
            await until(decodeJwt(tokens.accessToken).payload.exp * 1000);

            await session.mergeIntoAccessTokenPayload({ plan: 'gold' });
            expect(tokensOf(session).accessToken).to.equal(tokens.accessToken);
            expect(session.getAccessTokenPayload().plan).to.equal('gold');          // from the core's session.userDataInJWT

            const info = await Session.getSessionInformation(session.getHandle());
            expect(info!.customClaimsInAccessTokenPayload.plan).to.equal('gold');

            const refreshed = await Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!);
            expect(decodeJwt(tokensOf(refreshed).accessToken).payload.plan).to.equal('gold');
        });
    });

    describe('with sessions that expire after 1.8 s', () => {

        let core: TestCore;

        before(async () => {

            // Refresh validity is in minutes: 0.03 min = 1.8 s, longer than the 1 s access token as the core requires.
            core = await startTestCore({ env: { CORE_ACCESS_TOKEN_VALIDITY: '1', CORE_REFRESH_TOKEN_VALIDITY: '0.03' } });
            initSdk(core.uri);
        });

        after(async () => {

            await core.destroy();
        });

        it('ends a session at its refresh expiry unless a promotion slid it', async () => {

            const idle = await newSession();
            const active = await newSession();
            const idleInfo = await Session.getSessionInformation(idle.session.getHandle());
            const activeInfo = await Session.getSessionInformation(active.session.getHandle());
            expect(idleInfo!.expiry - idleInfo!.timeCreated).to.equal(1800);
            expect(activeInfo!.expiry - activeInfo!.timeCreated).to.equal(1800);

            // Half way: the active session refreshes, then uses its child, which promotes it and slides its expiry.
            await until(activeInfo!.timeCreated + 900, 0);
            const child = tokensOf(await Session.refreshSessionWithoutRequestResponse(active.tokens.refreshToken!));
            expect((await Session.getSessionInformation(active.session.getHandle()))!.expiry).to.equal(activeInfo!.expiry);      // a refresh alone does not slide
            const grandchild = tokensOf(await Session.refreshSessionWithoutRequestResponse(child.refreshToken!));
            const slid = await Session.getSessionInformation(active.session.getHandle());
            expect(slid!.expiry).to.be.above(activeInfo!.expiry + 800);

            // After the idle session's expiry: it is gone everywhere, the active one still refreshes.
            await until(idleInfo!.expiry);
            expect(await rejection(Session.refreshSessionWithoutRequestResponse(idle.tokens.refreshToken!))).to.equal(Session.Error.UNAUTHORISED);
            expect(await Session.getSessionInformation(idle.session.getHandle())).to.be.undefined();
            expect(await Session.getAllSessionHandlesForUser(idle.userId)).to.equal([]);
            expect(await Session.updateSessionDataInDatabase(idle.session.getHandle(), { late: true })).to.be.false();
            expect(await Session.mergeIntoAccessTokenPayload(idle.session.getHandle(), { late: true })).to.be.false();

            const refreshed = await Session.refreshSessionWithoutRequestResponse(grandchild.refreshToken!);
            expect(refreshed.getHandle()).to.equal(active.session.getHandle());
            expect(await Session.getAllSessionHandlesForUser(active.userId)).to.equal([active.session.getHandle()]);
        });
    });
});
