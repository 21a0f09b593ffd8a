import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import SuperTokens, { RecipeUserId } from 'supertokens-node';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import Session from 'supertokens-node/recipe/session';
import ThirdParty from 'supertokens-node/recipe/thirdparty';

import { testAdapters } from '../../helpers/core';
import { get, post } from '../http/client';
import { newEmail, password, signUp, unique, useCoreWithAllRecipes } from './all-recipes';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


const newSession = (userId: string) => Session.createNewSessionWithoutRequestResponse('public', new RecipeUserId(userId));


describe('SDK bans against the core', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            const core = useCoreWithAllRecipes(lab, { adapter });

            const ban = async (userId: string, body: Record<string, unknown> = {}, headers?: Record<string, string>) => (await post(core.uri, '/staffgate/ban', { userId, ...body }, headers)).json;

            const unban = async (userId: string) => (await post(core.uri, '/staffgate/unban', { userId })).json;

            const banOf = async (userId: string) => (await get(core.uri, `/staffgate/ban?userId=${userId}`)).json;

            it('answers banned false for a user who is not banned', async () => {

                const user = await signUp(newEmail('free'));
                expect(await banOf(user.id)).to.equal({ status: 'OK', banned: false });
            });

            it('bans a user, records who and why, and revokes all their sessions at once', async () => {

                const user = await signUp(newEmail('banned'));
                const admin = await signUp(newEmail('admin'));
                const sessions = [await newSession(user.id), await newSession(user.id)];
                const start = Date.now();

                const result = await ban(user.id, { reason: 'left the company' }, { 'x-staffgate-actor': admin.id });
                expect(result.status).to.equal('OK');
                expect([...result.sessionHandlesRevoked].sort()).to.equal(sessions.map((session) => session.getHandle()).sort());

                const state = await banOf(user.id);
                expect(state).to.equal({ status: 'OK', banned: true, userId: user.id, bannedAt: state.bannedAt, bannedBy: admin.id, reason: 'left the company' });
                expect(state.bannedAt as number).to.be.within(start, Date.now());

                expect(await Session.getAllSessionHandlesForUser(user.id)).to.equal([]);
                for (const session of sessions) {
                    const tokens = session.getAllSessionTokensDangerously();
                    const checked = await expect(Session.getSessionWithoutRequestResponse(tokens.accessToken, undefined, { checkDatabase: true })).to.reject(Session.Error);
                    expect(checked.type).to.equal(Session.Error.UNAUTHORISED);
                    const refreshed = await expect(Session.refreshSessionWithoutRequestResponse(tokens.refreshToken!)).to.reject(Session.Error);
                    expect(refreshed.type).to.equal(Session.Error.UNAUTHORISED);
                }
            });

            it('records a ban without reason or actor', async () => {

                const user = await signUp(newEmail('plain-ban'));

                expect(await ban(user.id)).to.equal({ status: 'OK', sessionHandlesRevoked: [] });
                const state = await banOf(user.id);
                expect(state).to.equal({ status: 'OK', banned: true, userId: user.id, bannedAt: state.bannedAt });
            });

            it('fails a database-checked verification of a session created after the ban, while the local check still passes', async () => {

                const user = await signUp(newEmail('late-session'));
                expect((await ban(user.id)).status).to.equal('OK');
                const late = await newSession(user.id);
                const { accessToken } = late.getAllSessionTokensDangerously();

                const local = await Session.getSessionWithoutRequestResponse(accessToken);
                expect(local.getUserId()).to.equal(user.id);
                const checked = await Session.getSessionWithoutRequestResponse(accessToken, undefined, { checkDatabase: true }).catch((err) => err);
                expect(checked.type).to.equal('UNAUTHORISED');
            });

            it('leaves other users\' sessions alone', async () => {

                const user = await signUp(newEmail('target'));
                const other = await signUp(newEmail('bystander'));
                await newSession(user.id);
                const kept = await newSession(other.id);

                await ban(user.id);
                expect(await Session.getAllSessionHandlesForUser(other.id)).to.equal([kept.getHandle()]);
                const verified = await Session.getSessionWithoutRequestResponse(kept.getAllSessionTokensDangerously().accessToken, undefined, { checkDatabase: true });
                expect(verified.getHandle()).to.equal(kept.getHandle());
            });

            it('refuses the banned user\'s email-password sign-in with WRONG_CREDENTIALS_ERROR, even with the right password', async () => {

                const email = newEmail('nosignin');
                const user = await signUp(email);
                await ban(user.id);

                expect(await EmailPassword.signIn('public', email, password)).to.equal({ status: 'WRONG_CREDENTIALS_ERROR' });
                expect(await EmailPassword.verifyCredentials('public', email, password)).to.equal({ status: 'WRONG_CREDENTIALS_ERROR' });

                const { json } = await get(core.uri, `/staffgate/audit?userId=${user.id}&event=sign_in_failed`);
                expect(json.events.map((event: { details: { reason: string } }) => event.details.reason)).to.equal(['banned', 'banned']);
            });

            it('refuses the banned user\'s third-party sign-in, and changes nothing of theirs', async () => {

                const id = unique('gh');
                const email = newEmail('tp');
                const created = await ThirdParty.manuallyCreateOrUpdateUser('public', 'github', id, email, false);
                const userId = created.status === 'OK' ? created.user.id : '';
                await ban(userId);

                const again = await ThirdParty.manuallyCreateOrUpdateUser('public', 'github', id, email, false);
                expect(again.status).to.equal('EMAIL_CHANGE_NOT_ALLOWED_ERROR');

                const changed = await ThirdParty.manuallyCreateOrUpdateUser('public', 'github', id, newEmail('moved'), true);
                expect(changed.status).to.equal('EMAIL_CHANGE_NOT_ALLOWED_ERROR');
                const user = await SuperTokens.getUser(userId);
                expect(user!.emails).to.equal([email]);
                expect(user!.loginMethods[0]!.verified).to.be.false();
            });

            it('restores sign-in on unban, by email-password and third party', async () => {

                const email = newEmail('restored');
                const user = await signUp(email);
                const id = unique('gh');
                const tp = await ThirdParty.manuallyCreateOrUpdateUser('public', 'github', id, newEmail('tp-restored'), false);
                const tpUserId = tp.status === 'OK' ? tp.user.id : '';
                await ban(user.id);
                await ban(tpUserId);

                expect(await unban(user.id)).to.equal({ status: 'OK', wasBanned: true });
                expect(await unban(tpUserId)).to.equal({ status: 'OK', wasBanned: true });
                expect(await banOf(user.id)).to.equal({ status: 'OK', banned: false });

                const signIn = await EmailPassword.signIn('public', email, password);
                expect(signIn.status).to.equal('OK');
                const again = await ThirdParty.manuallyCreateOrUpdateUser('public', 'github', id, newEmail('tp-restored'), false);
                expect(again.status).to.equal('OK');
                expect(again.status === 'OK' && again.user.id).to.equal(tpUserId);

                // And a new session lives normally.
                const session = await newSession(user.id);
                const refreshed = await Session.refreshSessionWithoutRequestResponse(session.getAllSessionTokensDangerously().refreshToken!);
                expect(refreshed.getHandle()).to.equal(session.getHandle());
            });

            it('answers wasBanned false when unbanning a user who is not banned', async () => {

                const user = await signUp(newEmail('never'));
                expect(await unban(user.id)).to.equal({ status: 'OK', wasBanned: false });
                expect(await unban(Crypto.randomUUID())).to.equal({ status: 'OK', wasBanned: false });
            });

            it('updates the reason when banning again', async () => {

                const user = await signUp(newEmail('twice'));
                await ban(user.id, { reason: 'first' });
                await newSession(user.id);

                const second = await ban(user.id, { reason: 'second' });
                expect(second.sessionHandlesRevoked).to.have.length(1);
                expect((await banOf(user.id)).reason).to.equal('second');
                expect(await unban(user.id)).to.equal({ status: 'OK', wasBanned: true });
            });

            it('answers UNKNOWN_USER_ID_ERROR for an unknown user and stores no ban', async () => {

                const userId = Crypto.randomUUID();
                expect(await ban(userId, { reason: 'ghost' })).to.equal({ status: 'UNKNOWN_USER_ID_ERROR' });
                expect(await banOf(userId)).to.equal({ status: 'OK', banned: false });
                expect((await get(core.uri, `/staffgate/audit?userId=${userId}`)).json.events).to.equal([]);
            });
        });
    }
});
