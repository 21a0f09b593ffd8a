import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestCore, type TestCore } from '../../helpers/core';
import { countUsers, get, post, put, signUp } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const textHtml = 'text/html; charset=UTF-8';
const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;


describe('CDI users', () => {

    let core: TestCore;

    before(async () => {

        core = await startTestCore();
    });

    after(async () => {

        await core.destroy();
    });

    const expect400 = (res: Awaited<ReturnType<typeof get>>, text?: string, label?: string) => {

        expect(res.status, label).to.equal(400);
        expect(res.contentType, label).to.equal(textHtml);
        expect(res.text, label).to.endWith('\n');
        if (text !== undefined) {
            expect(res.text, label).to.equal(text);
        }
    };

    describe('the user object (cdi-5.4 §2)', () => {

        it('has exactly the 5.4 fields on sign-up, with the email normalised', async () => {

            const start = Date.now();
            const res = await post(core.uri, '/public/recipe/signup', { email: '  Alice.Shape@Example.COM ', password: 'correct horse 1' });
            const end = Date.now();

            expect(res.status).to.equal(200);
            expect(Object.keys(res.json).sort()).to.equal(['recipeUserId', 'status', 'user']);
            const user = res.json.user;
            expect(res.json.recipeUserId).to.equal(user.id);
            expect(user.id).to.match(uuidV4);
            expect(user.timeJoined as number).to.be.within(start, end);
            expect(user).to.equal({
                id: user.id,
                isPrimaryUser: false,
                tenantIds: ['public'],
                timeJoined: user.timeJoined,
                emails: ['alice.shape@example.com'],
                phoneNumbers: [],
                thirdParty: [],
                webauthn: { credentialIds: [] },
                loginMethods: [{
                    tenantIds: ['public'],
                    recipeUserId: user.id,
                    verified: false,
                    timeJoined: user.timeJoined,
                    recipeId: 'emailpassword',
                    email: 'alice.shape@example.com'
                }]
            });
        });

        it('is the same object from sign-in, /user/id, /users and /users/by-accountinfo', async () => {

            const user = await signUp(core.uri, 'same.shape@example.com', 'correct horse 1');

            const signIn = await post(core.uri, '/public/recipe/signin', { email: 'Same.Shape@example.com', password: 'correct horse 1' });
            expect(signIn.json).to.equal({ status: 'OK', user, recipeUserId: user.id });

            const byId = await get(core.uri, `/user/id?userId=${user.id}`);
            expect(byId.json).to.equal({ status: 'OK', user });

            const list = await get(core.uri, '/public/users?timeJoinedOrder=DESC&limit=1');
            expect(list.json.users).to.equal([user]);

            const byInfo = await get(core.uri, '/public/users/by-accountinfo?email=%20SAME.shape@example.com&doUnionOfAccountInfo=true');
            expect(byInfo.json).to.equal({ status: 'OK', users: [user] });
        });

        it('marks SDK-made fake emails verified', async () => {

            const user = await signUp(core.uri, 'abc@stfakeemail.supertokens.com');
            expect(user.loginMethods[0].verified).to.be.true();
        });

        it('answers UNKNOWN_USER_ID_ERROR for an unknown id', async () => {

            const res = await get(core.uri, '/user/id?userId=00000000-0000-4000-8000-000000000000');
            expect(res.status).to.equal(200);
            expect(res.json).to.equal({ status: 'UNKNOWN_USER_ID_ERROR' });
        });

        it('answers EMAIL_ALREADY_EXISTS_ERROR for a taken email, in any case, and stores nothing', async () => {

            await signUp(core.uri, 'taken@example.com');
            const before_ = await countUsers(core.uri);
            const res = await post(core.uri, '/public/recipe/signup', { email: 'TAKEN@example.com ', password: 'another password' });
            expect(res.json).to.equal({ status: 'EMAIL_ALREADY_EXISTS_ERROR' });
            expect(await countUsers(core.uri)).to.equal(before_);
        });
    });

    describe('GET /users', () => {

        it('answers 400 for a limit that is not an integer, too large or below 1', async () => {

            expect400(await get(core.uri, '/public/users?limit=abc'), 'Field name \'limit\' must be an int in the GET request\n');
            expect400(await get(core.uri, '/public/users?limit=1.5'), 'Field name \'limit\' must be an int in the GET request\n');
            expect400(await get(core.uri, '/public/users?limit=501'), 'max limit allowed is 500\n');
            expect400(await get(core.uri, '/public/users?limit=0'), 'limit must a positive integer with min value 1\n');
            expect400(await get(core.uri, '/public/users?limit=-3'), 'limit must a positive integer with min value 1\n');
        });

        it('answers 400 for a timeJoinedOrder other than ASC or DESC', async () => {

            for (const order of ['asc', 'NEWEST', '']) {
                expect400(await get(core.uri, `/public/users?timeJoinedOrder=${order}`), 'timeJoinedOrder can be either ASC OR DESC\n', order);
            }
        });

        it('answers 400 `invalid pagination token` for a token it did not make', async () => {

            const malformed = [
                'not-a-token',
                Buffer.from('no-separator').toString('base64'),
                Buffer.from('user;not-a-number').toString('base64'),
                Buffer.from('user;').toString('base64'),
                Buffer.from('user; 1234').toString('base64'),
                Buffer.from('user;0x10').toString('base64'),
                Buffer.from('user;1e3').toString('base64'),
                Buffer.from(';1234').toString('base64'),
                Buffer.from('user;1234;extra').toString('base64'),
                Buffer.from('user;99999999999999999999').toString('base64')          // digits, but past 2^53
            ];

            for (const token of malformed) {
                expect400(await get(core.uri, `/public/users?paginationToken=${encodeURIComponent(token)}`), 'invalid pagination token\n', token);
            }
        });

        it('answers 400 for an unknown recipe id', async () => {

            expect400(await get(core.uri, '/public/users?includeRecipeIds=emailpassword,magic'));
        });

        it('pages with a token of base64 "<userId>;<timeJoined>" of the next page\'s first user', async () => {

            await signUp(core.uri, 'page1@example.com');
            await signUp(core.uri, 'page2@example.com');
            const all = (await get(core.uri, '/public/users?limit=500')).json.users;
            expect(all.length as number).to.be.at.least(3);

            const first = await get(core.uri, '/public/users?limit=2');
            expect(first.json.users).to.equal(all.slice(0, 2));
            const next = all[2];
            expect(first.json.nextPaginationToken).to.equal(Buffer.from(`${next.id};${next.timeJoined}`).toString('base64'));

            const second = await get(core.uri, `/public/users?limit=500&paginationToken=${encodeURIComponent(first.json.nextPaginationToken)}`);
            expect(second.json.users).to.equal(all.slice(2));
            expect(second.json.nextPaginationToken).to.not.exist();
        });
    });

    describe('GET /users/by-accountinfo', () => {

        it('answers 400 without doUnionOfAccountInfo, or with a value other than true or false', async () => {

            expect400(await get(core.uri, '/public/users/by-accountinfo?email=a@example.com'), 'Field name \'doUnionOfAccountInfo\' is missing in GET request\n');
            expect400(await get(core.uri, '/public/users/by-accountinfo?email=a@example.com&doUnionOfAccountInfo=yes'));
        });

        it('answers 400 for a thirdPartyId without a thirdPartyUserId, and the reverse', async () => {

            expect400(await get(core.uri, '/public/users/by-accountinfo?thirdPartyId=google&doUnionOfAccountInfo=true'));
            expect400(await get(core.uri, '/public/users/by-accountinfo?thirdPartyUserId=123&doUnionOfAccountInfo=true'));
        });

        it('intersects email and provider account: only the user with both, never an email-password user of that email', async () => {

            const email = 'shared.inbox@example.com';
            const password = await signUp(core.uri, email);
            const github = (await post(core.uri, '/public/recipe/signinup', { thirdPartyId: 'github', thirdPartyUserId: 'gh-shared', email: { id: email, isVerified: true } })).json.user;
            const ids = async (query: string) => (await get(core.uri, `/public/users/by-accountinfo?${query}`)).json.users.map((user: { id: string }) => user.id);

            expect(await ids(`email=${email}&doUnionOfAccountInfo=false`)).to.equal([password.id, github.id]);
            expect(await ids(`email=${email}&thirdPartyId=github&thirdPartyUserId=gh-shared&doUnionOfAccountInfo=false`)).to.equal([github.id]);
            expect(await ids('thirdPartyId=github&thirdPartyUserId=gh-shared&doUnionOfAccountInfo=false')).to.equal([github.id]);
            expect(await ids(`email=${email}&thirdPartyId=github&thirdPartyUserId=gh-other&doUnionOfAccountInfo=false`)).to.equal([]);

            // A provider account of another email matches the union, not the intersection.
            const elsewhere = (await post(core.uri, '/public/recipe/signinup', { thirdPartyId: 'github', thirdPartyUserId: 'gh-elsewhere', email: { id: 'elsewhere@example.com', isVerified: true } })).json.user;
            const both = `email=${email}&thirdPartyId=github&thirdPartyUserId=gh-elsewhere`;
            expect(await ids(`${both}&doUnionOfAccountInfo=true`)).to.equal([password.id, github.id, elsewhere.id]);
            expect(await ids(`${both}&doUnionOfAccountInfo=false`)).to.equal([]);
        });
    });

    describe('a third-party user in the email-password endpoints', () => {

        let userId: string;

        before(async () => {

            const res = await post(core.uri, '/public/recipe/signinup', { thirdPartyId: 'google', thirdPartyUserId: 'g-ep', email: { id: 'google.only@example.com', isVerified: true } });
            userId = res.json.user.id;
        });

        it('is an unknown user to PUT /recipe/user', async () => {

            expect((await put(core.uri, '/recipe/user', { recipeUserId: userId, password: 'new password 1' })).json).to.equal({ status: 'UNKNOWN_USER_ID_ERROR' });
            expect((await post(core.uri, '/public/recipe/signin', { email: 'google.only@example.com', password: 'new password 1' })).json).to.equal({ status: 'WRONG_CREDENTIALS_ERROR' });
        });

        it('gets a password reset token, as from the official core, which still gives it no password', async () => {

            const res = await post(core.uri, '/public/recipe/user/password/reset/token', { userId, email: 'google.only@example.com' });
            expect(res.json.status).to.equal('OK');

            const consumed = await post(core.uri, '/public/recipe/user/password/reset/token/consume', { method: 'TOKEN', token: res.json.token });
            expect(consumed.json).to.equal({ status: 'OK', userId, email: 'google.only@example.com' });
            expect((await put(core.uri, '/recipe/user', { recipeUserId: userId, password: 'new password 1' })).json).to.equal({ status: 'UNKNOWN_USER_ID_ERROR' });
        });
    });

    describe('PUT /recipe/user', () => {

        it('answers 400 with neither email nor password, and changes nothing', async () => {

            const user = await signUp(core.uri, 'neither@example.com', 'old password 1');
            expect400(await put(core.uri, '/recipe/user', { recipeUserId: user.id }));
            expect400(await put(core.uri, '/recipe/user', { recipeUserId: user.id, email: null, password: null }));

            const signIn = await post(core.uri, '/public/recipe/signin', { email: 'neither@example.com', password: 'old password 1' });
            expect(signIn.json.status).to.equal('OK');
        });

        it('answers 400 without a recipeUserId', async () => {

            expect400(await put(core.uri, '/recipe/user', { email: 'x@example.com' }), 'Field name \'recipeUserId\' is invalid in JSON input\n');
        });

        it('answers EMAIL_ALREADY_EXISTS_ERROR for another user\'s email, and keeps both the email and the password', async () => {

            await signUp(core.uri, 'owner@example.com', 'owner password');
            const user = await signUp(core.uri, 'mover@example.com', 'mover password');

            const res = await put(core.uri, '/recipe/user', { recipeUserId: user.id, email: 'Owner@example.com', password: 'new password' });
            expect(res.json).to.equal({ status: 'EMAIL_ALREADY_EXISTS_ERROR' });

            expect((await post(core.uri, '/public/recipe/signin', { email: 'mover@example.com', password: 'mover password' })).json.status).to.equal('OK');
            expect((await post(core.uri, '/public/recipe/signin', { email: 'owner@example.com', password: 'owner password' })).json.status).to.equal('OK');
        });

        it('answers UNKNOWN_USER_ID_ERROR for an unknown user', async () => {

            const res = await put(core.uri, '/recipe/user', { recipeUserId: '00000000-0000-4000-8000-000000000000', password: 'new password' });
            expect(res.json).to.equal({ status: 'UNKNOWN_USER_ID_ERROR' });
        });
    });
});
