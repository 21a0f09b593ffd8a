/*
 * The real supertokens-node TOTP and MultiFactorAuth recipes against the real core: the SDK's functions, then a
 * whole second-factor sign-in through the SDK's own /auth API on a bare Hapi server (header-based sessions).
 * Codes are computed here from the core's injected clock, so nothing waits for a period to pass.
 */

import * as Code from '@hapi/code';
import * as Hapi from '@hapi/hapi';
import * as Lab from '@hapi/lab';
import { plugin as supertokensPlugin } from 'supertokens-node/framework/hapi';
import AccountLinking from 'supertokens-node/recipe/accountlinking';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import MultiFactorAuth from 'supertokens-node/recipe/multifactorauth';
import Multitenancy from 'supertokens-node/recipe/multitenancy';
import Session from 'supertokens-node/recipe/session';
import Totp from 'supertokens-node/recipe/totp';
import UserMetadata from 'supertokens-node/recipe/usermetadata';

import { startTestCore, testAdapters, type TestCore } from '../../helpers/core';
import { initSdk } from '../../helpers/sdk';
import { manualClock, totpCode, wrongCode } from '../../helpers/totp';
import { newEmail, password, signUp } from './all-recipes';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const period = 30_000;


describe('SDK TOTP and MultiFactorAuth recipes against the core', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            let core: TestCore;
            let web: Hapi.Server;
            // Starts at the real time: the SDK checks the expiry of access tokens the core signs with this clock.
            const clock = manualClock(Date.now());

            before(async () => {

                core = await startTestCore({ adapter, clock, env: { CORE_TOTP_MAX_ATTEMPTS: '3', CORE_TOTP_RATE_LIMIT_COOLDOWN_SEC: '120' } });
                initSdk(core.uri, {
                    recipeList: [
                        EmailPassword.init(),
                        Session.init({ getTokenTransferMethod: () => 'header' }),
                        UserMetadata.init(),
                        AccountLinking.init({ shouldDoAutomaticAccountLinking: async () => ({ shouldAutomaticallyLink: false }) }),
                        MultiFactorAuth.init({ firstFactors: ['emailpassword'] }),
                        Totp.init({ issuer: 'Staffgate' })
                    ]
                });

                web = Hapi.server();
                await web.register(supertokensPlugin);
                await web.initialize();
            });

            after(async () => {

                await web.stop();
                await core.destroy();
            });

            describe('recipe functions', () => {

                it('creates, verifies, lists, renames and removes a device, and checks codes', async () => {

                    const user = await signUp(newEmail('totp-sdk'));
                    const created = await Totp.createDevice(user.id);
                    expect(created.status).to.equal('OK');
                    if (created.status !== 'OK') {
                        return;
                    }

                    expect(created.deviceName).to.equal('TOTP Device 0');
                    expect(created.qrCodeString).to.equal(`otpauth://totp/Staffgate:${encodeURI(user.emails[0]!)}?secret=${created.secret}&issuer=Staffgate&digits=6&period=30`);

                    expect(await Totp.verifyDevice('public', user.id, created.deviceName, wrongCode(created.secret, clock()))).to.equal({ status: 'INVALID_TOTP_ERROR', currentNumberOfFailedAttempts: 1, maxNumberOfFailedAttempts: 3 });
                    expect(await Totp.verifyDevice('public', user.id, created.deviceName, totpCode(created.secret, clock()))).to.equal({ status: 'OK', wasAlreadyVerified: false });
                    expect(await Totp.listDevices(user.id)).to.equal({ status: 'OK', devices: [{ name: 'TOTP Device 0', period: 30, skew: 1, verified: true }] });

                    // The code that verified the device is spent; the next period's works once.
                    expect((await Totp.verifyTOTP('public', user.id, totpCode(created.secret, clock()))).status).to.equal('INVALID_TOTP_ERROR');
                    clock.advance(period);
                    const next = totpCode(created.secret, clock());
                    expect(await Totp.verifyTOTP('public', user.id, next)).to.equal({ status: 'OK' });
                    expect((await Totp.verifyTOTP('public', user.id, next)).status).to.equal('INVALID_TOTP_ERROR');

                    expect(await Totp.updateDevice(user.id, 'TOTP Device 0', 'Work phone')).to.equal({ status: 'OK' });
                    expect(await Totp.updateDevice(user.id, 'TOTP Device 0', 'x')).to.equal({ status: 'UNKNOWN_DEVICE_ERROR' });
                    expect(await Totp.removeDevice(user.id, 'Work phone')).to.equal({ status: 'OK', didDeviceExist: true });
                    expect(await Totp.listDevices(user.id)).to.equal({ status: 'OK', devices: [] });
                    expect(await Totp.verifyTOTP('public', user.id, next)).to.equal({ status: 'UNKNOWN_USER_ID_ERROR' });
                });

                it('answers UNKNOWN_USER_ID_ERROR from createDevice for an unknown user (the SDK\'s own lookup)', async () => {

                    expect(await Totp.createDevice('no-such-user')).to.equal({ status: 'UNKNOWN_USER_ID_ERROR' });
                });

                it('reports the attempt limit with retryAfterMs from the core\'s clock', async () => {

                    const user = await signUp(newEmail('totp-limit'));
                    const created = await Totp.createDevice(user.id);
                    if (created.status !== 'OK') {
                        throw new Error(created.status);
                    }

                    await Totp.verifyDevice('public', user.id, created.deviceName, totpCode(created.secret, clock()));
                    clock.advance(3 * period);
                    for (let i = 1; i <= 3; ++i) {
                        expect(await Totp.verifyTOTP('public', user.id, wrongCode(created.secret, clock()))).to.equal({ status: 'INVALID_TOTP_ERROR', currentNumberOfFailedAttempts: i, maxNumberOfFailedAttempts: 3 });
                    }

                    clock.advance(20_000);
                    const limited: object = await Totp.verifyTOTP('public', user.id, totpCode(created.secret, clock()));
                    expect(limited).to.equal({ status: 'LIMIT_REACHED_ERROR', retryAfterMs: 100_000, currentNumberOfFailedAttempts: 3, maxNumberOfFailedAttempts: 3 });
                    clock.advance(100_000);
                    expect(await Totp.verifyTOTP('public', user.id, totpCode(created.secret, clock()))).to.equal({ status: 'OK' });
                });

                it('keeps the MultiFactorAuth per-user required factors in the user\'s metadata, beside other keys', async () => {

                    const user = await signUp(newEmail('mfa-required'));
                    await UserMetadata.updateUserMetadata(user.id, { theme: 'dark' });
                    expect(await MultiFactorAuth.getRequiredSecondaryFactorsForUser(user.id)).to.equal([]);

                    await MultiFactorAuth.addToRequiredSecondaryFactorsForUser(user.id, 'totp');
                    expect(await MultiFactorAuth.getRequiredSecondaryFactorsForUser(user.id)).to.equal(['totp']);
                    expect((await UserMetadata.getUserMetadata(user.id)).metadata).to.equal({ theme: 'dark', _supertokens: { requiredSecondaryFactors: ['totp'] } });

                    await MultiFactorAuth.removeFromRequiredSecondaryFactorsForUser(user.id, 'totp');
                    expect(await MultiFactorAuth.getRequiredSecondaryFactorsForUser(user.id)).to.equal([]);
                });

                it('finds TOTP set up for a user only once a device is verified', async () => {

                    const user = await signUp(newEmail('mfa-setup'));
                    expect(await MultiFactorAuth.getFactorsSetupForUser(user.id)).to.equal(['emailpassword']);
                    const created = await Totp.createDevice(user.id);
                    if (created.status !== 'OK') {
                        throw new Error(created.status);
                    }

                    expect(await MultiFactorAuth.getFactorsSetupForUser(user.id)).to.equal(['emailpassword']);
                    await Totp.verifyDevice('public', user.id, created.deviceName, totpCode(created.secret, clock()));
                    expect(await MultiFactorAuth.getFactorsSetupForUser(user.id)).to.equal(['emailpassword', 'totp']);
                });

                it('serves a tenant without firstFactors or requiredSecondaryFactors, so the app\'s own settings apply', async () => {

                    const tenant = await Multitenancy.getTenant('public');
                    expect(tenant?.status).to.equal('OK');
                    expect(tenant!.firstFactors).to.not.exist();
                    expect(tenant!.requiredSecondaryFactors).to.not.exist();
                });
            });

            describe('second-factor sign-in through the SDK\'s /auth API', () => {

                const call = async (method: string, url: string, payload?: unknown, accessToken?: string) => {

                    const res = await web.inject({
                        method,
                        url,
                        payload: payload === undefined ? undefined : JSON.stringify(payload),
                        headers: {
                            'content-type': 'application/json',
                            rid: 'anti-csrf',
                            'st-auth-mode': 'header',
                            ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {})
                        }
                    });

                    const token = res.headers['st-access-token'];
                    return { status: res.statusCode, body: JSON.parse(res.payload || 'null'), accessToken: typeof token === 'string' ? token : accessToken };
                };

                const mfaClaim = (accessToken: string) => JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString('utf8'))['st-mfa'];

                const signIn = async (email: string) => {

                    const res = await call('POST', '/auth/signin', { formFields: [{ id: 'email', value: email }, { id: 'password', value: password }] });
                    expect(res.body.status).to.equal('OK');
                    return res.accessToken!;
                };

                it('asks for TOTP after the password once required, enrols a device, then accepts a code at the next sign-in', async () => {

                    // Signed up through the API: no second factor is asked for until one is required.
                    const email = newEmail('mfa-flow');
                    const signedUp = await call('POST', '/auth/signup', { formFields: [{ id: 'email', value: email }, { id: 'password', value: password }] });
                    expect(signedUp.body.status).to.equal('OK');
                    expect(mfaClaim(signedUp.accessToken!).v).to.be.true();
                    const user = signedUp.body.user;
                    await MultiFactorAuth.addToRequiredSecondaryFactorsForUser(user.id, 'totp');

                    let token = await signIn(email);
                    expect(mfaClaim(token)).to.part.include({ v: false });
                    expect(Object.keys(mfaClaim(token).c)).to.equal(['emailpassword']);

                    const info = await call('PUT', '/auth/mfa/info', undefined, token);
                    expect(info.status).to.equal(200);
                    expect(info.body.factors).to.equal({ next: ['totp'], alreadySetup: ['emailpassword'], allowedToSetup: ['totp'] });

                    const device = await call('POST', '/auth/totp/device', {}, token);
                    expect(device.body).to.part.include({ status: 'OK', deviceName: 'TOTP Device 0' });
                    const secret: string = device.body.secret;

                    const wrong = await call('POST', '/auth/totp/device/verify', { deviceName: 'TOTP Device 0', totp: wrongCode(secret, clock()) }, token);
                    expect(wrong.body).to.equal({ status: 'INVALID_TOTP_ERROR', currentNumberOfFailedAttempts: 1, maxNumberOfFailedAttempts: 3 });
                    expect(mfaClaim(wrong.accessToken!).v).to.be.false();

                    const verified = await call('POST', '/auth/totp/device/verify', { deviceName: 'TOTP Device 0', totp: totpCode(secret, clock()) }, token);
                    expect(verified.body).to.equal({ status: 'OK', wasAlreadyVerified: false });
                    token = verified.accessToken!;
                    expect(mfaClaim(token).v).to.be.true();
                    expect(Object.keys(mfaClaim(token).c).sort()).to.equal(['emailpassword', 'totp']);

                    // A new sign-in needs a fresh code.
                    clock.advance(period);
                    token = await signIn(email);
                    expect(mfaClaim(token).v).to.be.false();
                    const again = await call('PUT', '/auth/mfa/info', undefined, token);
                    expect(again.body.factors).to.equal({ next: ['totp'], alreadySetup: ['emailpassword', 'totp'], allowedToSetup: [] });

                    const code = totpCode(secret, clock());
                    const passed = await call('POST', '/auth/totp/verify', { totp: code }, token);
                    expect(passed.body).to.equal({ status: 'OK' });
                    expect(mfaClaim(passed.accessToken!).v).to.be.true();

                    // The same code on another fresh session is a replay.
                    const other = await signIn(email);
                    const replay = await call('POST', '/auth/totp/verify', { totp: code }, other);
                    expect(replay.body).to.equal({ status: 'INVALID_TOTP_ERROR', currentNumberOfFailedAttempts: 1, maxNumberOfFailedAttempts: 3 });
                    expect(mfaClaim(replay.accessToken!).v).to.be.false();
                });
            });
        });
    }
});
