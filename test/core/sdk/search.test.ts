import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import SuperTokens from 'supertokens-node';
import ThirdParty from 'supertokens-node/recipe/thirdparty';

import { startTestCore, testAdapters, type TestCore } from '../../helpers/core';
import { sleep } from '../../helpers/session-tools';
import { initAllRecipes, plain, signUp } from './all-recipes';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('SDK user search against the core', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            let core: TestCore;
            const ids: Record<string, string> = {};

            before(async () => {

                core = await startTestCore({ adapter });
                initAllRecipes(core.uri);

                // A few ms apart, so that timeJoined alone orders them.
                ids.first = (await signUp('first@acme.com')).id;
                await sleep(3);
                ids.other = (await signUp('other@globex.org')).id;
                await sleep(3);
                const tp = await ThirdParty.manuallyCreateOrUpdateUser('public', 'github', 'x-1', 'second@acme.io', false);
                ids.second = tp.status === 'OK' ? tp.user.id : '';
                await sleep(3);
                ids.third = (await signUp('third@acme.com')).id;
            });

            after(async () => {

                await core.destroy();
            });

            const named = (users: readonly { id: string }[]) => users.map((user) => Object.keys(ids).find((name) => ids[name] === user.id));

            it('searches by email newest first, with no next page', async () => {

                const result = await SuperTokens.getUsersNewestFirst({ tenantId: 'public', query: { email: 'acme' } });
                expect(named(result.users)).to.equal(['third', 'second', 'first']);
                expect(result.nextPaginationToken).to.not.exist();
            });

            it('searches by email oldest first', async () => {

                const result = await SuperTokens.getUsersOldestFirst({ tenantId: 'public', query: { email: 'acme' } });
                expect(named(result.users)).to.equal(['first', 'second', 'third']);
            });

            it('searches by provider, and by several terms at once', async () => {

                const byProvider = await SuperTokens.getUsersNewestFirst({ tenantId: 'public', query: { provider: 'git' } });
                expect(named(byProvider.users)).to.equal(['second']);
                expect(byProvider.users[0]!.thirdParty).to.equal([{ id: 'github', userId: 'x-1' }]);

                // Terms of one tag are a union; every tag must match (as the official core).
                const union = await SuperTokens.getUsersNewestFirst({ tenantId: 'public', query: { email: 'second;globex' } });
                expect(named(union.users)).to.equal(['second', 'other']);
                const both = await SuperTokens.getUsersNewestFirst({ tenantId: 'public', query: { email: 'second;globex', provider: 'github' } });
                expect(named(both.users)).to.equal(['second']);
                const none = await SuperTokens.getUsersNewestFirst({ tenantId: 'public', query: { email: 'first', provider: 'github' } });
                expect(none.users).to.equal([]);
            });

            it('returns the same user objects as getUser', async () => {

                const { users } = await SuperTokens.getUsersNewestFirst({ tenantId: 'public', query: { email: 'first@' } });
                expect(users).to.have.length(1);
                expect(plain(users[0]!.toJson())).to.equal(plain((await SuperTokens.getUser(ids.first!))!.toJson()));
            });

            it('applies the limit without a next page', async () => {

                const result = await SuperTokens.getUsersNewestFirst({ tenantId: 'public', limit: 2, query: { email: 'acme' } });
                expect(named(result.users)).to.equal(['third', 'second']);
                expect(result.nextPaginationToken).to.not.exist();
            });

            it('finds nobody for an unmatched term', async () => {

                const result = await SuperTokens.getUsersNewestFirst({ tenantId: 'public', query: { email: 'nobody' } });
                expect(result.users).to.equal([]);
            });
        });
    }
});
