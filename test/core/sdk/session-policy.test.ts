/*
 * The session policy, enforced by the core and driven through the real SDK: an idle limit that each refresh slides,
 * an absolute end that no refresh moves, and "keep me signed in" sessions (the reserved session data key
 * `staffgateRememberMe`). Time moves with an injected clock; nothing sleeps.
 */

import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import Session from 'supertokens-node/recipe/session';

import { coreRequest } from '../../helpers/core-api';
import { startTestCore, testAdapters, testClock, type TestCore } from '../../helpers/core';
import { initSdk } from '../../helpers/sdk';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** No signing key rotation while the clock jumps by weeks: the SDK checks access tokens with the keys it fetched. */
const keysThatStay = { CORE_ACCESS_TOKEN_DYNAMIC_SIGNING_KEY_UPDATE_INTERVAL: '100000' };

interface Ends {
    sessionHandle: string;
    expiry: number;
    absoluteEnd: number | null;
    idleLimit: number;
}

const signUp = async () => {

    const result = await EmailPassword.signUp('public', `policy-${Crypto.randomUUID()}@example.com`, 'Password123');
    if (result.status !== 'OK') {
        throw new Error(`sign up failed: ${result.status}`);
    }

    return result;
};

const newSession = async (data: Record<string, unknown> = {}) => {

    const user = await signUp();
    const session = await Session.createNewSessionWithoutRequestResponse('public', user.recipeUserId, {}, data);
    const info = (await Session.getSessionInformation(session.getHandle()))!;
    return { userId: user.user.id, handle: session.getHandle(), created: info.timeCreated, tokens: session.getAllSessionTokensDangerously() };
};

/** A refresh, then a request with the new access token (which promotes the new refresh token, as a browser's next request does). */
const refreshAndUse = async (refreshToken: string) => {

    const refreshed = await Session.refreshSessionWithoutRequestResponse(refreshToken);
    const tokens = refreshed.getAllSessionTokensDangerously();
    const used = await Session.getSessionWithoutRequestResponse(tokens.accessToken, undefined, { checkDatabase: true });
    return { ...tokens, accessToken: used.getAllSessionTokensDangerously().accessToken };
};

/** A refresh and nothing else: the next refresh promotes this one's token in the one-statement rotation. */
const refreshOnly = async (refreshToken: string) => (await Session.refreshSessionWithoutRequestResponse(refreshToken)).getAllSessionTokensDangerously().refreshToken!;

const expiryOf = async (handle: string) => (await Session.getSessionInformation(handle))?.expiry;

const rejection = async (promise: Promise<unknown>) => (await expect(promise).to.reject(Session.Error)).type;

const endsOf = async (core: TestCore, userId: string): Promise<Ends[]> => (await coreRequest(core, 'GET', `/staffgate/sessions/ends?userId=${userId}`)).sessions;


describe('Session policy in the core', () => {

    for (const adapter of testAdapters()) {

        describe(`with npm start's defaults (${adapter})`, () => {

            const clock = testClock();
            let core: TestCore;

            before(async () => {

                // What `npm start` uses when nothing is set (checked in test/config.test.ts).
                core = await startTestCore({ adapter, env: { CORE_REFRESH_TOKEN_VALIDITY: '720', CORE_SESSION_MAX_HOURS: '168', ...keysThatStay }, clock: clock.now });
                initSdk(core.uri);
            });

            after(async () => {

                await core.destroy();
            });

            it('ends a session left unused for 12 hours, for refresh and for a database check', async () => {

                const { handle, created, tokens } = await newSession();
                expect(await expiryOf(handle)).to.equal(created + 12 * hour);

                clock.advance(12 * hour + 1);
                expect(await rejection(Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!))).to.equal(Session.Error.UNAUTHORISED);
                expect(await rejection(Session.getSessionWithoutRequestResponse(tokens.accessToken, undefined, { checkDatabase: true }))).to.equal(Session.Error.TRY_REFRESH_TOKEN);
                expect(await Session.getSessionInformation(handle)).to.be.undefined();
            });

            it('slides the idle end with each refresh', async () => {

                const { handle, tokens } = await newSession();
                let refreshToken = tokens.refreshToken!;
                for (let i = 0; i < 3; ++i) {
                    clock.advance(11 * hour);
                    refreshToken = (await refreshAndUse(refreshToken)).refreshToken!;
                    expect((await expiryOf(handle))!).to.be.within(clock.now() - 1000 + 12 * hour, clock.now() + 12 * hour);
                }

                // 33 hours old, alive: the idle limit alone never ends a session in use.
                expect(await Session.getSessionInformation(handle)).to.exist();
            });

            it('ends a session 168 hours after it began however often it is refreshed', async () => {

                const { userId, handle, created, tokens } = await newSession();
                let current = tokens;
                for (let i = 0; i < 15; ++i) {                  // 165 hours of refreshes every 11 hours
                    clock.advance(11 * hour);
                    current = await refreshAndUse(current.refreshToken!);
                }

                // The last refresh could not slide the end past the absolute end.
                expect(await expiryOf(handle)).to.equal(created + 168 * hour);
                expect(await endsOf(core, userId)).to.equal([{ sessionHandle: handle, expiry: created + 168 * hour, absoluteEnd: created + 168 * hour, idleLimit: 12 * hour }]);

                // Half an hour before the end, a refresh still works and still ends at the absolute end; just past it, an
                // access token that has not expired is refused by the database check, and the refresh token too.
                clock.advance(2.5 * hour);
                current = await refreshAndUse(current.refreshToken!);
                expect(await expiryOf(handle)).to.equal(created + 168 * hour);
                clock.advance(0.5 * hour + 1);
                expect(await rejection(Session.getSessionWithoutRequestResponse(current.accessToken, undefined, { checkDatabase: true }))).to.equal(Session.Error.UNAUTHORISED);
                expect(await rejection(Session.refreshSessionWithoutRequestResponse(current.refreshToken!))).to.equal(Session.Error.UNAUTHORISED);
                expect(await endsOf(core, userId)).to.equal([]);
            });

            it('lets a "keep me signed in" session idle and live 30 days, no longer', async () => {

                const { userId, handle, created, tokens } = await newSession({ staffgateRememberMe: true });
                expect(await expiryOf(handle)).to.equal(created + 30 * day);
                expect(await endsOf(core, userId)).to.equal([{ sessionHandle: handle, expiry: created + 30 * day, absoluteEnd: created + 30 * day, idleLimit: 30 * day }]);

                // 20 days unused is fine (an ordinary session ends after 12 hours), and the refresh keeps the end.
                clock.advance(20 * day);
                const refreshed = await refreshAndUse(tokens.refreshToken!);
                expect(await expiryOf(handle)).to.equal(created + 30 * day);

                clock.advance(10 * day);
                expect(await rejection(Session.refreshSessionWithoutRequestResponse(refreshed.refreshToken!))).to.equal(Session.Error.UNAUTHORISED);
                expect(await Session.getSessionInformation(handle)).to.be.undefined();
            });

            it('holds the absolute end when refreshes follow each other with no request between them', async () => {

                // The first refresh uses the current token, which writes nothing (CDI); each later one rotates.
                const { handle, created, tokens } = await newSession();
                let refreshToken = await refreshOnly(tokens.refreshToken!);
                for (let i = 0; i < 15; ++i) {
                    clock.advance(11 * hour);
                    refreshToken = await refreshOnly(refreshToken);
                }

                expect(await expiryOf(handle)).to.equal(created + 168 * hour);
                clock.advance(3 * hour + 1);
                expect(await rejection(Session.refreshSessionWithoutRequestResponse(refreshToken))).to.equal(Session.Error.UNAUTHORISED);
            });

            it('gives a "keep me signed in" session its own idle limit when refreshes follow each other', async () => {

                const { handle, created, tokens } = await newSession({ staffgateRememberMe: true });
                clock.advance(day);
                const first = await refreshOnly(tokens.refreshToken!);
                clock.advance(day);
                await refreshOnly(first);
                expect(await expiryOf(handle)).to.equal(created + 30 * day);
            });

            it('reads the remember-me key only as the boolean true', async () => {

                const { userId, handle, created } = await newSession({ staffgateRememberMe: 'yes' });
                expect(await endsOf(core, userId)).to.equal([{ sessionHandle: handle, expiry: created + 12 * hour, absoluteEnd: created + 168 * hour, idleLimit: 12 * hour }]);
            });

            it('answers 400 without a userId', async () => {

                await expect(coreRequest(core, 'GET', '/staffgate/sessions/ends')).to.reject(/400/);
            });
        });
    }

    describe('with npm run core\'s defaults (the official core\'s)', () => {

        const clock = testClock();
        let core: TestCore;

        before(async () => {

            core = await startTestCore({ env: keysThatStay, clock: clock.now });
            initSdk(core.uri);
        });

        after(async () => {

            await core.destroy();
        });

        it('keeps sessions for 144000 minutes without use and sets no absolute end', async () => {

            const { userId, handle, created, tokens } = await newSession();
            expect(await endsOf(core, userId)).to.equal([{ sessionHandle: handle, expiry: created + 144_000 * minute, absoluteEnd: null, idleLimit: 144_000 * minute }]);

            clock.advance(90 * day);
            await refreshAndUse(tokens.refreshToken!);
            expect((await expiryOf(handle))!).to.be.within(clock.now() - 1000 + 144_000 * minute, clock.now() + 144_000 * minute);
        });

        it('still honours "keep me signed in" (30 days)', async () => {

            const { userId, handle, created } = await newSession({ staffgateRememberMe: true });
            expect(await endsOf(core, userId)).to.equal([{ sessionHandle: handle, expiry: created + 30 * day, absoluteEnd: created + 30 * day, idleLimit: 30 * day }]);
        });
    });
});
