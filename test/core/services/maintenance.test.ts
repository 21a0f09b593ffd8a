import * as Crypto from 'crypto';

import Database from 'better-sqlite3';
import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { appId } from '../../../server/core/services';
import { startTestCore, testAdapters, testClock, type TestCore } from '../../helpers/core';
import { createSession, get, post, sha256Hex, signUp } from '../http/client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const minute = 60_000;
const day = 86_400_000;


describe('the core\'s background clean-up (services.maintenance.cleanUp, hourly)', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            let core: TestCore;
            const clock = testClock();

            before(async () => {

                // Sessions live 2 hours, audit events 1 day.
                core = await startTestCore({ adapter, clock: clock.now, env: { CORE_REFRESH_TOKEN_VALIDITY: '120', CORE_AUDIT_RETENTION_DAYS: '1' } });
            });

            after(async () => {

                await core.destroy();
            });

            it('deletes expired sessions, audit events past their retention and expired passwordless devices, and keeps the rest', async () => {

                const userId = Crypto.randomUUID();
                const old = await createSession(core.uri, userId);
                await post(core.uri, '/staffgate/audit', { event: 'role_permissions_removed', userId, details: { n: 1 } });
                const oldCode = await post(core.uri, '/recipe/signinup/code', { email: `old-${userId}@example.com` });

                clock.advance(day + minute);
                const live = await createSession(core.uri, userId);
                await post(core.uri, '/staffgate/audit', { event: 'role_permissions_removed', userId, details: { n: 2 } });
                const liveCode = await post(core.uri, '/recipe/signinup/code', { email: `live-${userId}@example.com` });
                expect(await core.storage.sessions.getSession(appId, old.session.handle)).to.exist();          // expired, not yet deleted
                expect(await core.storage.passwordless.getDevice(appId, 'public', oldCode.json.preAuthSessionId)).to.exist();

                await core.services.maintenance.cleanUp();

                expect(await core.storage.sessions.getSession(appId, old.session.handle)).to.not.exist();
                expect(await core.storage.sessions.getSession(appId, live.session.handle)).to.exist();
                expect(await core.storage.passwordless.getDevice(appId, 'public', oldCode.json.preAuthSessionId)).to.not.exist();
                expect(await core.storage.passwordless.getDevice(appId, 'public', liveCode.json.preAuthSessionId)).to.exist();
                const { json } = await get(core.uri, `/staffgate/audit?userId=${userId}`);
                expect(json.events.map((event: { details: object }) => event.details)).to.equal([{ n: 2 }]);
            });

            it('deletes used TOTP codes past their window and the cooldown, and keeps the rest', async () => {

                const userId = Crypto.randomUUID();
                const usedCodes = () => core.storage.totp.checkCode(appId, 'public', userId, (state) => ({ result: state.usedCodes.length }));
                await post(core.uri, '/recipe/totp/device', { userId, deviceName: 'phone', skew: 0, period: 30 });
                await post(core.uri, '/recipe/totp/device/verify', { userId, deviceName: 'phone', totp: '12345678' });      // 8 digits: never right
                expect(await usedCodes()).to.equal(1);

                // Kept for its window (30 s), then for the cooldown (the clock also follows real time, hence the margins).
                clock.advance(30_000 + core.settings.totpRateLimitCooldownSec * 1000 - 1000);
                await core.services.maintenance.cleanUp();
                expect(await usedCodes()).to.equal(1);

                clock.advance(2000);
                await core.services.maintenance.cleanUp();
                expect(await usedCodes()).to.equal(0);
            });

            it('deletes expired reset tokens, and keeps live ones', async () => {

                const user = await signUp(core.uri, `maintenance-${Crypto.randomUUID()}@example.com`);
                const resetToken = async () => (await post(core.uri, '/public/recipe/user/password/reset/token', { userId: user.id, email: user.emails[0] })).json.token as string;
                const expired = await resetToken();
                clock.advance(core.settings.passwordResetTokenLifetime + 1);
                const live = await resetToken();

                await core.services.maintenance.cleanUp();

                // The store's consume does not look at expiry: only a deleted token is undefined.
                expect(await core.storage.tokens.consumePasswordResetToken(appId, 'public', sha256Hex(expired))).to.not.exist();
                expect(await core.storage.tokens.consumePasswordResetToken(appId, 'public', sha256Hex(live))).to.include({ userId: user.id });
            });
        });
    }

    it('logs a failure instead of throwing (nobody waits for it)', async () => {

        const clock = testClock();
        const core = await startTestCore({ clock: clock.now });
        const logged: { tags: string[]; error: unknown }[] = [];
        core.server.events.on('log', (event) => logged.push({ tags: event.tags, error: event.error }));

        // An expired session whose row cannot be deleted.
        const { session } = await createSession(core.uri, Crypto.randomUUID());
        const db = new Database(core.settings.sqliteFile);
        db.exec('CREATE TRIGGER keep_sessions BEFORE DELETE ON sessions BEGIN SELECT RAISE(ABORT, \'sessions are kept\'); END');
        db.close();
        clock.advance(core.settings.refreshTokenValidity * minute + 1);

        try {
            await core.services.maintenance.cleanUp();
            expect(logged.map((entry) => entry.tags)).to.equal([['error', 'cleanup']]);
            expect(logged[0]!.error).to.be.an.error(/sessions are kept/);
            expect(await core.storage.sessions.getSession(appId, session.handle)).to.exist();
        }
        finally {
            await core.destroy();
        }
    });
});
