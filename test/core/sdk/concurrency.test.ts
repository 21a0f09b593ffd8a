import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import SuperTokens, { RecipeUserId } from 'supertokens-node';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import EmailVerification from 'supertokens-node/recipe/emailverification';
import Session from 'supertokens-node/recipe/session';
import ThirdParty from 'supertokens-node/recipe/thirdparty';
import UserMetadata from 'supertokens-node/recipe/usermetadata';
import UserRoles from 'supertokens-node/recipe/userroles';

import { testAdapters } from '../../helpers/core';
import { get } from '../http/client';
import { newEmail, password, signUp, unique, useCoreWithAllRecipes } from './all-recipes';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


const times = <T>(count: number, fn: (i: number) => Promise<T>): Promise<T[]> => Promise.all(Array.from({ length: count }, (_, i) => fn(i)));

const tally = (values: readonly string[]) => values.reduce<Record<string, number>>((counts, value) => ({ ...counts, [value]: (counts[value] ?? 0) + 1 }), {});


describe('SDK against one core under concurrent requests', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            const core = useCoreWithAllRecipes(lab, { adapter });

            it('lets exactly one of 50 simultaneous sign-ups with one email through', async () => {

                const email = newEmail('race');
                expect(await SuperTokens.getUserCount()).to.equal(0);

                const results = await times(50, (i) => EmailPassword.signUp('public', i % 2 ? email : ` ${email.toUpperCase()}`, `${password}-${i}`));
                expect(tally(results.map((result) => result.status))).to.equal({ OK: 1, EMAIL_ALREADY_EXISTS_ERROR: 49 });
                expect(await SuperTokens.getUserCount()).to.equal(1);

                const winner = results.findIndex((result) => result.status === 'OK');
                const users = await SuperTokens.listUsersByAccountInfo('public', { email });
                expect(users).to.have.length(1);
                expect((await EmailPassword.signIn('public', email, `${password}-${winner}`)).status).to.equal('OK');
            });

            it('checks at most 10 passwords of 50 simultaneous wrong sign-ins, then locks (default threshold)', async () => {

                const email = newEmail('brute');
                const user = await signUp(email);

                const results = await times(50, (i) => EmailPassword.signIn('public', email, `wrong-${i}`));
                expect(results.every((result) => result.status === 'WRONG_CREDENTIALS_ERROR')).to.be.true();

                const { json: state } = await get(core.uri, `/staffgate/lockout?userId=${user.id}`);
                expect(state).to.include({ status: 'OK', failures: 10, locked: true });

                const { json: audit } = await get(core.uri, `/staffgate/audit?userId=${user.id}&event=sign_in_failed&limit=500`);
                const reasons = tally(audit.events.map((event: { details: { reason: string } }) => event.details.reason));
                const checked = reasons.wrong_password ?? 0;
                expect(checked).to.be.at.most(10);
                expect(reasons).to.equal({ wrong_password: checked, locked: 50 - checked });

                // Locked: even the right password fails now.
                expect((await EmailPassword.signIn('public', email, password)).status).to.equal('WRONG_CREDENTIALS_ERROR');
            });

            it('refreshes one session with the same parent token in parallel: all succeed with different children; once one child is used the others are theft', async () => {

                const user = await signUp(newEmail('refresh'));
                const session = await Session.createNewSessionWithoutRequestResponse('public', new RecipeUserId(user.id));
                const parent = session.getAllSessionTokensDangerously().refreshToken!;

                const children = await times(10, () => Session.refreshSessionWithoutRequestResponse(parent));
                const tokens = children.map((child) => child.getAllSessionTokensDangerously());
                expect(children.every((child) => child.getHandle() === session.getHandle())).to.be.true();
                expect(new Set(tokens.map((token) => token.refreshToken)).size).to.equal(10);
                expect(new Set(tokens.map((token) => token.accessToken)).size).to.equal(10);
                expect(tokens.map((token) => token.refreshToken)).to.not.include(parent);

                // Using one child promotes it.
                const [winner, ...losers] = tokens;
                const promoted = await Session.refreshSessionWithoutRequestResponse(winner!.refreshToken!);
                expect(promoted.getHandle()).to.equal(session.getHandle());

                for (const loser of losers) {
                    const error = await expect(Session.refreshSessionWithoutRequestResponse(loser.refreshToken!)).to.reject(Session.Error);
                    expect(error.type).to.equal(Session.Error.TOKEN_THEFT_DETECTED);
                }

                const { json } = await get(core.uri, `/staffgate/audit/count?userId=${user.id}&event=token_theft_detected`);
                expect(json.count).to.equal(9);
            });

            it('keeps every key of 20 simultaneous metadata updates of different keys', async () => {

                const userId = Crypto.randomUUID();
                await UserMetadata.updateUserMetadata(userId, { existing: true });

                await times(20, (i) => UserMetadata.updateUserMetadata(userId, { [`key${i}`]: i }));

                const expected: Record<string, unknown> = { existing: true };
                for (let i = 0; i < 20; ++i) {
                    expected[`key${i}`] = i;
                }

                expect(await UserMetadata.getUserMetadata(userId)).to.equal({ status: 'OK', metadata: expected });
            });

            it('keeps every key of 20 simultaneous first metadata updates of a user without metadata', async () => {

                const userId = Crypto.randomUUID();
                await times(20, (i) => UserMetadata.updateUserMetadata(userId, { [`key${i}`]: i }));

                const { metadata } = await UserMetadata.getUserMetadata(userId);
                expect(Object.keys(metadata)).to.have.length(20);
            });

            it('creates one user for 20 simultaneous third-party sign-ins of a new provider user', async () => {

                const id = unique('gh');
                const email = newEmail('tp-race');
                const results = await times(20, () => ThirdParty.manuallyCreateOrUpdateUser('public', 'github', id, email, true));

                expect(results.every((result) => result.status === 'OK')).to.be.true();
                const ok = results.filter((result) => result.status === 'OK') as Extract<typeof results[number], { status: 'OK' }>[];
                expect(ok.filter((result) => result.createdNewRecipeUser)).to.have.length(1);
                expect(new Set(ok.map((result) => result.user.id)).size).to.equal(1);
                expect(await SuperTokens.listUsersByAccountInfo('public', { thirdParty: { id: 'github', userId: id } })).to.have.length(1);
            });

            it('accepts one email verification token once, however many requests use it at the same time', async () => {

                const email = newEmail('verify-race');
                const user = await signUp(email);
                const recipeUserId = new RecipeUserId(user.id);
                const created = await EmailVerification.createEmailVerificationToken('public', recipeUserId, email);
                const token = created.status === 'OK' ? created.token : '';

                const results = await times(20, () => EmailVerification.verifyEmailUsingToken('public', token));
                expect(tally(results.map((result) => result.status))).to.equal({ OK: 1, EMAIL_VERIFICATION_INVALID_TOKEN_ERROR: 19 });
                expect(await EmailVerification.isEmailVerified(recipeUserId, email)).to.be.true();

                const { json } = await get(core.uri, `/staffgate/audit/count?userId=${user.id}&event=email_verified`);
                expect(json.count).to.equal(1);
            });

            it('grants a role once to 20 simultaneous requests for the same user', async () => {

                const role = unique('role');
                await UserRoles.createNewRoleOrAddPermissions(role, ['p']);
                const userId = Crypto.randomUUID();

                const results = await times(20, () => UserRoles.addRoleToUser('public', userId, role));
                expect(results.every((result) => result.status === 'OK')).to.be.true();
                expect(results.filter((result) => result.status === 'OK' && !result.didUserAlreadyHaveRole)).to.have.length(1);
                expect(await UserRoles.getRolesForUser('public', userId)).to.equal({ status: 'OK', roles: [role] });
            });
        });
    }
});
