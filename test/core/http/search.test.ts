import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestCore, testAdapters, type TestCore } from '../../helpers/core';
import { get, post, signUp } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const textHtml = 'text/html; charset=UTF-8';

interface Listed {
    readonly id: string;
    readonly timeJoined: number;
}

/** The core's order: timeJoined, then user id descending. */
const ordered = <T extends Listed>(users: readonly T[], order: 'ASC' | 'DESC' = 'ASC'): T[] => {

    return [...users].sort((a, b) => {

        if (a.timeJoined !== b.timeJoined) {
            return order === 'ASC' ? a.timeJoined - b.timeJoined : b.timeJoined - a.timeJoined;
        }

        return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
    });
};

const thirdPartyUser = async (uri: string, thirdPartyId: string, thirdPartyUserId: string, email: string) => {

    const res = await post(uri, '/public/recipe/signinup', { thirdPartyId, thirdPartyUserId, email: { id: email, isVerified: false } });
    expect(res.json.status).to.equal('OK');
    return res.json.user;
};


describe('CDI user search (GET /users with email, phone, provider)', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            let core: TestCore;
            const users: Record<string, any> = {};

            before(async () => {

                core = await startTestCore({ adapter });
                users.alice = await signUp(core.uri, 'alice@acme.com');
                users.albert = await signUp(core.uri, 'Albert@ACME.io');
                users.bob = await signUp(core.uri, 'bob@globex.org');
                users.carol = await thirdPartyUser(core.uri, 'github', 'c-1', 'carol@acme.com');
                users.dave = await thirdPartyUser(core.uri, 'gitlab', 'd-1', 'dave@initech.com');
                users.acme = await signUp(core.uri, 'acme@other.com');
                users.eve = await thirdPartyUser(core.uri, 'google', 'e-1', 'eve@example.com');
            });

            after(async () => {

                await core.destroy();
            });

            /** The users a search answers, by their names in `users`, after checking the response shape. */
            const search = async (query: string) => {

                const res = await get(core.uri, `/public/users?${query}`);
                expect(res.status, query).to.equal(200);
                expect(Object.keys(res.json).sort(), query).to.equal(['status', 'users']);       // never a nextPaginationToken
                expect(res.json.status).to.equal('OK');
                return res.json.users as Listed[];
            };

            const names = (listed: readonly Listed[]) => listed.map((user) => Object.keys(users).find((name) => users[name].id === user.id));
            const expected = (...which: string[]) => names(ordered(which.map((name) => users[name])));

            it('matches an email prefix', async () => {

                expect(names(await search('email=alice'))).to.equal(['alice']);
                expect(names(await search('email=al'))).to.equal(expected('alice', 'albert'));
                expect(names(await search('email=alice%40acme.com'))).to.equal(['alice']);
            });

            it('matches a prefix of the email\'s domain', async () => {

                expect(names(await search('email=globex'))).to.equal(['bob']);
                expect(names(await search('email=acme.com'))).to.equal(expected('alice', 'carol'));
                expect(names(await search('email=acme'))).to.equal(expected('alice', 'albert', 'carol', 'acme'));
            });

            it('does not match the middle of the local part or of the domain', async () => {

                expect(await search('email=lice')).to.equal([]);
                expect(await search('email=cme')).to.equal([]);
                expect(await search('email=com')).to.equal([]);
            });

            it('treats % and _ in a term as plain characters, not wildcards', async () => {

                expect(await search('email=%25')).to.equal([]);
                expect(await search('email=_lice')).to.equal([]);
                expect(await search('email=a%25')).to.equal([]);
                expect(await search('provider=git_ub')).to.equal([]);
            });

            it('trims and lower-cases the terms', async () => {

                expect(names(await search('email=%20%20ALICE%20'))).to.equal(['alice']);
                expect(names(await search('email=Albert'))).to.equal(['albert']);
                expect(names(await search('provider=%20GOOGLE'))).to.equal(['eve']);
            });

            it('answers whole user objects, as the plain listing does', async () => {

                const [carol] = await search('email=carol');
                expect(carol).to.equal(users.carol);

                const all = await get(core.uri, '/public/users');
                expect(all.json.users).to.include(users.carol);
            });

            it('unites `;`-separated terms', async () => {

                expect(names(await search('email=alice;bob'))).to.equal(expected('alice', 'bob'));
                expect(names(await search('email=alice;%20bob%20;;'))).to.equal(expected('alice', 'bob'));
                expect(names(await search('email=alice;alice@acme'))).to.equal(['alice']);
                expect(names(await search('provider=github;google'))).to.equal(expected('carol', 'eve'));
            });

            it('matches a provider id prefix', async () => {

                expect(names(await search('provider=github'))).to.equal(['carol']);
                expect(names(await search('provider=git'))).to.equal(expected('carol', 'dave'));
                expect(await search('provider=hub')).to.equal([]);
                expect(await search('provider=facebook')).to.equal([]);
            });

            it('needs every tag to match, as the official core: an email term and a provider term find third-party users only', async () => {

                expect(await search('email=bob&provider=google')).to.equal([]);
                expect(names(await search('email=carol&provider=github'))).to.equal(['carol']);
            });

            it('matches no user without a phone number for a phone term', async () => {

                expect(await search('phone=%2B1555')).to.equal([]);
                expect(await search('phone=%2B1555&email=bob')).to.equal([]);
            });

            it('answers nobody for an unknown term', async () => {

                expect(await search('email=zed')).to.equal([]);
            });

            it('orders by timeJoined: ascending by default, descending with timeJoinedOrder=DESC', async () => {

                const asc = await search('email=acme');
                expect(asc).to.equal(ordered(asc, 'ASC'));
                const desc = await search('email=acme&timeJoinedOrder=DESC');
                expect(desc).to.equal(ordered(asc, 'DESC'));
            });

            it('returns at most `limit` users and no nextPaginationToken', async () => {

                const all = await search('email=acme');
                const two = await search('email=acme&limit=2');
                expect(two).to.equal(all.slice(0, 2));

                const newest = await search('email=acme&limit=1&timeJoinedOrder=DESC');
                expect(newest).to.equal([ordered(all, 'DESC')[0]]);
            });

            it('allows a limit up to 1000 in search mode, above the 500 of the plain listing', async () => {

                expect(await search('email=acme&limit=1000')).to.have.length(4);
                expect(await search('email=acme&limit=501')).to.have.length(4);

                const plain = await get(core.uri, '/public/users?limit=501');
                expect(plain.status).to.equal(400);
                expect(plain.text).to.equal('max limit allowed is 500\n');
            });

            it('answers 400 for a limit above 1000, below 1 or not an integer in search mode', async () => {

                const cases: [string, string][] = [
                    ['email=acme&limit=1001', 'max limit allowed is 1000\n'],
                    ['provider=git&limit=5000', 'max limit allowed is 1000\n'],
                    ['email=acme&limit=0', 'limit must a positive integer with min value 1\n'],
                    ['email=acme&limit=ten', 'Field name \'limit\' must be an int in the GET request\n']
                ];

                for (const [query, text] of cases) {
                    const res = await get(core.uri, `/public/users?${query}`);
                    expect(res.status, query).to.equal(400);
                    expect(res.contentType, query).to.equal(textHtml);
                    expect(res.text, query).to.equal(text);
                }
            });

            it('answers 400 for a repeated search parameter', async () => {

                const res = await get(core.uri, '/public/users?email=alice&email=bob');
                expect(res.status).to.equal(400);
                expect(res.text).to.equal('Field name \'email\' is invalid in GET request\n');
            });

            it('lists the search tags', async () => {

                const res = await get(core.uri, '/user/search/tags');
                expect(res.json).to.equal({ status: 'OK', tags: ['email', 'phone', 'provider'] });
            });
        });
    }
});
