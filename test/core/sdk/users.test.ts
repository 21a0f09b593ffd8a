import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import SuperTokens, { RecipeUserId } from 'supertokens-node';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import Session from 'supertokens-node/recipe/session';

import { startTestCore, type TestCore } from '../../helpers/core';
import { initSdk } from '../../helpers/sdk';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


const newEmail = (name: string) => `${name}-${Crypto.randomUUID()}@example.com`;

const signUp = async (email: string, password = 'Password123') => {

    const result = await EmailPassword.signUp('public', email, password);
    if (result.status !== 'OK') {
        throw new Error(`sign up of ${email} failed: ${result.status}`);
    }

    return result.user;
};

interface Listed {
    readonly id: string;
    readonly timeJoined: number;
}

/** Every page of a listing, following nextPaginationToken. */
const allPages = async (list: typeof SuperTokens.getUsersNewestFirst, limit: number) => {

    const pages: Listed[][] = [];
    let paginationToken: string | undefined;
    do {
        const page = await list({ tenantId: 'public', limit, paginationToken });
        pages.push(page.users.map(({ id, timeJoined }) => ({ id, timeJoined })));
        paginationToken = page.nextPaginationToken;
    }
    while (paginationToken !== undefined && pages.length < 100);

    return pages;
};

/** The core's order: timeJoined (ascending or descending), then user id descending. */
const sorted = (users: readonly Listed[], order: 'ASC' | 'DESC') => {

    return [...users].sort((a, b) => {

        if (a.timeJoined !== b.timeJoined) {
            return order === 'ASC' ? a.timeJoined - b.timeJoined : b.timeJoined - a.timeJoined;
        }

        return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
    });
};


describe('SDK user APIs against the core', () => {

    let core: TestCore;
    const created: Listed[] = [];

    before(async () => {

        core = await startTestCore();
        initSdk(core.uri);

        // Seven users, a few of them in the same millisecond (the tie-break by id then matters).
        for (let i = 0; i < 7; ++i) {
            const user = await signUp(newEmail(`list${i}`));
            created.push({ id: user.id, timeJoined: user.timeJoined });
        }
    });

    after(async () => {

        await core.destroy();
    });

    describe('listing', () => {

        it('counts every user', async () => {

            const everyone = await SuperTokens.getUsersOldestFirst({ tenantId: 'public', limit: 500 });
            expect(await SuperTokens.getUserCount()).to.equal(everyone.users.length);
            expect(await SuperTokens.getUserCount(undefined, 'public')).to.equal(everyone.users.length);
            expect(await SuperTokens.getUserCount(['emailpassword'])).to.equal(everyone.users.length);
            expect(await SuperTokens.getUserCount(['thirdparty'])).to.equal(0);

            const earlier = everyone.users.length;
            await signUp(newEmail('counted'));
            expect(await SuperTokens.getUserCount()).to.equal(earlier + 1);
        });

        it('lists newest first, ordered by timeJoined then id', async () => {

            const { users, nextPaginationToken } = await SuperTokens.getUsersNewestFirst({ tenantId: 'public', limit: 500 });
            expect(nextPaginationToken).to.not.exist();

            const listed = users.map(({ id, timeJoined }) => ({ id, timeJoined }));
            expect(listed).to.equal(sorted(listed, 'DESC'));
            expect(listed).to.include(created);
            expect(listed.length).to.equal(await SuperTokens.getUserCount());
        });

        it('lists oldest first, ordered by timeJoined then id', async () => {

            const { users } = await SuperTokens.getUsersOldestFirst({ tenantId: 'public', limit: 500 });
            const listed = users.map(({ id, timeJoined }) => ({ id, timeJoined }));
            expect(listed).to.equal(sorted(listed, 'ASC'));
            expect(listed).to.include(created);
        });

        it('pages newest first: each page holds the limit, the token carries over, nothing is skipped or repeated', async () => {

            const { users } = await SuperTokens.getUsersNewestFirst({ tenantId: 'public', limit: 500 });
            const whole = users.map(({ id, timeJoined }) => ({ id, timeJoined }));
            expect(whole.length).to.be.above(4);

            const pages = await allPages(SuperTokens.getUsersNewestFirst, 2);
            expect(pages.length).to.equal(Math.ceil(whole.length / 2));
            for (const page of pages.slice(0, -1)) {
                expect(page).to.have.length(2);
            }

            expect(pages.flat()).to.equal(whole);
        });

        it('pages oldest first the same way', async () => {

            const { users } = await SuperTokens.getUsersOldestFirst({ tenantId: 'public', limit: 500 });
            const whole = users.map(({ id, timeJoined }) => ({ id, timeJoined }));

            const pages = await allPages(SuperTokens.getUsersOldestFirst, 3);
            expect(pages.length).to.equal(Math.ceil(whole.length / 3));
            expect(pages.flat()).to.equal(whole);
        });

        it('gives no next token when the page holds the last user', async () => {

            const count = await SuperTokens.getUserCount();
            const exact = await SuperTokens.getUsersNewestFirst({ tenantId: 'public', limit: count });
            expect(exact.users).to.have.length(count);
            expect(exact.nextPaginationToken).to.not.exist();

            const short = await SuperTokens.getUsersNewestFirst({ tenantId: 'public', limit: count - 1 });
            expect(short.users).to.have.length(count - 1);
            expect(short.nextPaginationToken).to.be.a.string();
        });

        it('rejects a malformed pagination token', async () => {

            const paginationToken = Buffer.from('not-a-token').toString('base64');
            await expect(SuperTokens.getUsersNewestFirst({ tenantId: 'public', paginationToken })).to.reject(/status code: 400 and message: invalid pagination token/);
        });

        it('lists users with full user objects', async () => {

            const { users } = await SuperTokens.getUsersOldestFirst({ tenantId: 'public', limit: 500 });
            const [first] = created;
            const listed = users.find((user) => user.id === first!.id);
            const fetched = await SuperTokens.getUser(first!.id);
            expect(listed!.toJson()).to.equal(fetched!.toJson());
        });
    });

    describe('deleteUser', () => {

        it('removes the user, its sign-in and every one of its sessions', async () => {

            const email = newEmail('doomed');
            const user = await signUp(email);
            const other = await signUp(newEmail('bystander'));
            const recipeUserId = new RecipeUserId(user.id);
            const sessions = [
                await Session.createNewSessionWithoutRequestResponse('public', recipeUserId),
                await Session.createNewSessionWithoutRequestResponse('public', recipeUserId)
            ];
            const otherSession = await Session.createNewSessionWithoutRequestResponse('public', new RecipeUserId(other.id));
            const count = await SuperTokens.getUserCount();
            expect(await Session.getAllSessionHandlesForUser(user.id)).to.have.length(2);

            expect(await SuperTokens.deleteUser(user.id)).to.equal({ status: 'OK' });

            expect(await SuperTokens.getUser(user.id)).to.be.undefined();
            expect(await SuperTokens.listUsersByAccountInfo('public', { email })).to.equal([]);
            expect(await SuperTokens.getUserCount()).to.equal(count - 1);
            expect(await EmailPassword.signIn('public', email, 'Password123')).to.equal({ status: 'WRONG_CREDENTIALS_ERROR' });

            expect(await Session.getAllSessionHandlesForUser(user.id)).to.equal([]);
            for (const session of sessions) {
                expect(await Session.getSessionInformation(session.getHandle())).to.be.undefined();
                const { refreshToken } = session.getAllSessionTokensDangerously();
                const error = await expect(Session.refreshSessionWithoutRequestResponse(refreshToken!)).to.reject(Session.Error);
                expect(error.type).to.equal(Session.Error.UNAUTHORISED);
            }

            // The other user keeps their account and session.
            expect((await SuperTokens.getUser(other.id))!.id).to.equal(other.id);
            expect(await Session.getAllSessionHandlesForUser(other.id)).to.equal([otherSession.getHandle()]);
        });

        it('answers OK for an unknown user id', async () => {

            const count = await SuperTokens.getUserCount();
            expect(await SuperTokens.deleteUser(Crypto.randomUUID())).to.equal({ status: 'OK' });
            expect(await SuperTokens.getUserCount()).to.equal(count);
        });

        it('frees the email for a new sign-up', async () => {

            const email = newEmail('reborn');
            const user = await signUp(email);
            await SuperTokens.deleteUser(user.id);

            const again = await signUp(email, 'Another-pass1');
            expect(again.id).to.not.equal(user.id);
            expect((await EmailPassword.signIn('public', email, 'Another-pass1')).status).to.equal('OK');
        });
    });
});
