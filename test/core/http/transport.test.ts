import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestCore, testApiKey, type TestCore } from '../../helpers/core';
import { countUsers, get, post, send } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const textHtml = 'text/html; charset=UTF-8';
const json = 'application/json; charset=utf-8';


describe('CDI transport', () => {

    describe('path prefixes and routing', () => {

        let core: TestCore;
        let n = 0;
        const credentials = () => ({ email: `prefix${++n}@example.com`, password: 'correct horse 1' });

        before(async () => {

            core = await startTestCore();
        });

        after(async () => {

            await core.destroy();
        });

        it('serves a tenant API under /public, /appid-public/public, /appid-public and bare', async () => {

            for (const path of ['/public/recipe/signup', '/appid-public/public/recipe/signup', '/appid-public/recipe/signup', '/recipe/signup']) {
                const res = await post(core.uri, path, credentials());
                expect(res.status, path).to.equal(200);
                expect(res.json.status, path).to.equal('OK');
            }
        });

        it('accepts a trailing slash', async () => {

            const res = await post(core.uri, '/public/recipe/signup/', credentials());
            expect(res.status).to.equal(200);
            expect(res.json.status).to.equal('OK');
        });

        it('serves an app API with or without /appid-public', async () => {

            const user = (await post(core.uri, '/recipe/signup', credentials())).json.user;
            for (const path of [`/user/id?userId=${user.id}`, `/appid-public/user/id?userId=${user.id}`]) {
                const res = await get(core.uri, path);
                expect(res.status, path).to.equal(200);
                expect(res.json.user.id, path).to.equal(user.id);
            }
        });

        it('answers 400 with a text body for another app, and stores nothing', async () => {

            const before_ = await countUsers(core.uri);
            for (const path of ['/appid-other/public/recipe/signup', '/appid-other/recipe/signup']) {
                const res = await post(core.uri, path, credentials());
                expect(res.status, path).to.equal(400);
                expect(res.contentType, path).to.equal(textHtml);
                expect(res.text, path).to.startWith('AppId or tenantId not found');
                expect(res.text, path).to.endWith('\n');
            }

            expect(await countUsers(core.uri)).to.equal(before_);
        });

        it('answers 400 with a text body for another tenant, and stores nothing', async () => {

            const before_ = await countUsers(core.uri);
            for (const path of ['/othertenant/recipe/signup', '/appid-public/othertenant/recipe/signup']) {
                const res = await post(core.uri, path, credentials());
                expect(res.status, path).to.equal(400);
                expect(res.contentType, path).to.equal(textHtml);
                expect(res.text, path).to.startWith('AppId or tenantId not found');
                expect(res.text, path).to.endWith('\n');
            }

            const count = await get(core.uri, '/othertenant/users/count');
            expect(count.status).to.equal(400);
            expect(await countUsers(core.uri)).to.equal(before_);
        });

        it('answers 404 `Not found` for unknown paths', async () => {

            for (const path of ['/nope', '/public/nope', '/recipe/nope', '/public/recipe/signup/extra']) {
                const res = await post(core.uri, path, {});
                expect(res.status, path).to.equal(404);
                expect(res.contentType, path).to.equal(textHtml);
                expect(res.text, path).to.equal('Not found\n');
            }
        });

        it('answers 405 `Method not supported` for another method on a known path', async () => {

            for (const [method, path] of [['GET', '/public/recipe/signup'], ['DELETE', '/recipe/signup'], ['PUT', '/recipe/session/verify'], ['POST', '/user/id'], ['PATCH', '/hello']]) {
                const res = await send(core.uri, method!, path!);
                expect(res.status, `${method} ${path}`).to.equal(405);
                expect(res.contentType, `${method} ${path}`).to.equal(textHtml);
                expect(res.text, `${method} ${path}`).to.equal('Method not supported\n');
            }
        });

        it('answers Hello at /, /hello and /public', async () => {

            for (const path of ['/', '/hello', '/public', '/appid-public/hello']) {
                const res = await get(core.uri, path);
                expect(res.status, path).to.equal(200);
                expect(res.text, path).to.equal('Hello\n');
            }
        });
    });

    describe('API key', () => {

        const secondKey = 'second-key-0123456789ABCDEF';
        let core: TestCore;

        before(async () => {

            core = await startTestCore({ env: { CORE_API_KEYS: `${testApiKey},${secondKey}` } });
        });

        after(async () => {

            await core.destroy();
        });

        const expectRejected = (res: Awaited<ReturnType<typeof get>>) => {

            expect(res.status).to.equal(401);
            expect(res.contentType).to.equal(textHtml);
            expect(res.text).to.equal('Invalid API key\n');
        };

        it('accepts the key in the api-key header', async () => {

            const res = await get(core.uri, '/apiversion', { 'api-key': testApiKey });
            expect(res.status).to.equal(200);
            expect(res.json).to.equal({ versions: ['5.4'] });
        });

        it('accepts every configured key', async () => {

            expect((await get(core.uri, '/apiversion', { 'api-key': secondKey })).status).to.equal(200);
        });

        it('accepts the key as `Authorization: Bearer <key>`, in any case, and as a bare Authorization value', async () => {

            for (const authorization of [`Bearer ${testApiKey}`, `bearer ${testApiKey}`, `BEARER ${testApiKey}`, testApiKey]) {
                const res = await get(core.uri, '/apiversion', { authorization });
                expect(res.status, authorization).to.equal(200);
            }
        });

        it('trims the presented key', async () => {

            expect((await get(core.uri, '/apiversion', { 'api-key': `  ${testApiKey}  ` })).status).to.equal(200);
        });

        it('answers 401 `Invalid API key` as text/html without a key', async () => {

            expectRejected(await get(core.uri, '/apiversion'));
            expectRejected(await get(core.uri, '/public/users/count'));
        });

        it('answers 401 without the key whatever the path: another app or tenant, an unknown path, another method', async () => {

            for (const [method, path] of [['POST', '/othertenant/recipe/signup'], ['POST', '/appid-other/recipe/signup'], ['GET', '/appid-other/public/users/count'], ['GET', '/nope'], ['POST', '/recipe/nope'], ['DELETE', '/recipe/signup']]) {
                expectRejected(await send(core.uri, method!, path!));
            }

            const withKey = { headers: { 'api-key': testApiKey } };
            expect((await send(core.uri, 'POST', '/othertenant/recipe/signup', withKey)).status).to.equal(400);
            expect((await send(core.uri, 'GET', '/nope', withKey)).status).to.equal(404);
            expect((await send(core.uri, 'DELETE', '/recipe/signup', withKey)).status).to.equal(405);
        });

        it('answers 401 for a wrong key, a prefix of the key or the key with more characters', async () => {

            for (const key of ['wrong-key-0123456789abcdefgh', testApiKey.slice(0, -1), `${testApiKey}x`, testApiKey.toUpperCase(), '']) {
                expectRejected(await get(core.uri, '/apiversion', { 'api-key': key }));
            }

            expectRejected(await get(core.uri, '/apiversion', { authorization: 'Bearer wrong-key-0123456789abcdefgh' }));
            expectRejected(await get(core.uri, '/apiversion', { authorization: `Basic ${testApiKey}` }));
        });

        it('reads the api-key header first: a wrong one is not saved by a right Authorization header', async () => {

            expectRejected(await get(core.uri, '/apiversion', { 'api-key': 'wrong-key-0123456789abcdefgh', authorization: `Bearer ${testApiKey}` }));
        });

        it('does not check the key on /hello and the JWKS, but does on /apiversion', async () => {

            expect((await get(core.uri, '/hello')).status).to.equal(200);
            expect((await send(core.uri, 'POST', '/hello')).status).to.equal(200);

            const jwks = await get(core.uri, '/.well-known/jwks.json');
            expect(jwks.status).to.equal(200);
            expect(jwks.json.keys).to.not.be.empty();

            expectRejected(await get(core.uri, '/apiversion'));
        });

        it('stores nothing for a request with a wrong key', async () => {

            const headers = { 'api-key': testApiKey };
            const before_ = await countUsers(core.uri, headers);
            expectRejected(await post(core.uri, '/public/recipe/signup', { email: 'nokey@example.com', password: 'correct horse 1' }));
            expectRejected(await post(core.uri, '/public/recipe/signup', { email: 'nokey@example.com', password: 'correct horse 1' }, { 'api-key': 'wrong-key-0123456789abcdefgh' }));
            expect(await countUsers(core.uri, headers)).to.equal(before_);

            const res = await post(core.uri, '/public/recipe/signup', { email: 'nokey@example.com', password: 'correct horse 1' }, headers);
            expect(res.json.status).to.equal('OK');
            expect(await countUsers(core.uri, headers)).to.equal(before_ + 1);
        });
    });

    describe('cdi-version', () => {

        let core: TestCore;

        before(async () => {

            core = await startTestCore();
        });

        after(async () => {

            await core.destroy();
        });

        it('accepts 5.4 and a missing header', async () => {

            expect((await get(core.uri, '/public/users/count', { 'cdi-version': '5.4' })).status).to.equal(200);
            expect((await get(core.uri, '/public/users/count')).status).to.equal(200);
        });

        it('answers 400 `cdi-version X not supported` for another version, and stores nothing', async () => {

            const before_ = await countUsers(core.uri);
            for (const version of ['1.0', '4.0', '5.5', 'abc']) {
                const res = await post(core.uri, '/public/recipe/signup', { email: `v${version}@example.com`, password: 'correct horse 1' }, { 'cdi-version': version });
                expect(res.status, version).to.equal(400);
                expect(res.contentType, version).to.equal(textHtml);
                expect(res.text, version).to.equal(`cdi-version ${version} not supported\n`);
            }

            expect(await countUsers(core.uri)).to.equal(before_);
        });

        it('is not checked on /apiversion, /hello and the JWKS', async () => {

            const headers = { 'cdi-version': '1.0' };
            expect((await get(core.uri, '/apiversion', headers)).status).to.equal(200);
            expect((await get(core.uri, '/hello', headers)).status).to.equal(200);
            expect((await get(core.uri, '/.well-known/jwks.json', headers)).status).to.equal(200);
        });
    });

    describe('content types', () => {

        let core: TestCore;

        before(async () => {

            core = await startTestCore();
        });

        after(async () => {

            await core.destroy();
        });

        it('sends OK responses as application/json', async () => {

            const signUp = await post(core.uri, '/public/recipe/signup', { email: 'json@example.com', password: 'correct horse 1' });
            expect(signUp.contentType).to.equal(json);

            for (const path of ['/apiversion', `/user/id?userId=${signUp.json.user.id}`, '/public/users', '/public/users/count', '/.well-known/jwks.json', '/public/recipe/multitenancy/tenant/v2']) {
                const res = await get(core.uri, path);
                expect(res.status, path).to.equal(200);
                expect(res.contentType, path).to.equal(json);
            }
        });

        it('sends business errors as HTTP 200 JSON with a status', async () => {

            const res = await post(core.uri, '/public/recipe/signin', { email: 'nobody@example.com', password: 'whatever' });
            expect(res.status).to.equal(200);
            expect(res.contentType).to.equal(json);
            expect(res.json).to.equal({ status: 'WRONG_CREDENTIALS_ERROR' });
        });

        it('reads the body as JSON whatever its content-type says', async () => {

            for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
                const res = await send(core.uri, 'POST', '/public/recipe/signup', {
                    raw: JSON.stringify({ email: `ct-${contentType.length}@example.com`, password: 'correct horse 1' }),
                    headers: { 'content-type': contentType }
                });

                expect(res.status, contentType).to.equal(200);
                expect(res.json.status, contentType).to.equal('OK');
            }
        });
    });
});
