import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestCore, testAdapters, type TestCore } from '../../helpers/core';
import { createSession, get, post, put, send, signUp } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const textHtml = 'text/html; charset=UTF-8';

const invalid = (field: string) => `Field name '${field}' is invalid in JSON input\n`;

const missing = (field: string) => `Field name '${field}' is missing in GET request\n`;


describe('Bad input to the recipe (verification, roles, metadata, tenants, search) and Staffgate endpoints: 400 as text, nothing changed', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            let core: TestCore;
            let userId: string;
            let email: string;
            let bannedId: string;
            const role = 'editor';

            before(async () => {

                core = await startTestCore({ adapter });
                email = `input-${Crypto.randomUUID()}@example.com`;
                userId = (await signUp(core.uri, email)).id;
                bannedId = (await signUp(core.uri, `banned-${Crypto.randomUUID()}@example.com`)).id;

                // Some of everything, so that a change would show in the snapshot.
                const { json: token } = await post(core.uri, '/public/recipe/user/email/verify/token', { userId, email });
                expect((await post(core.uri, '/public/recipe/user/email/verify', { method: 'token', token: token.token })).json.status).to.equal('OK');
                await put(core.uri, '/recipe/role', { role, permissions: ['read', 'write'] });
                await put(core.uri, '/public/recipe/user/role', { userId, role });
                await put(core.uri, '/recipe/user/metadata', { userId, metadataUpdate: { first_name: 'Input' } });
                await put(core.uri, '/public/recipe/multitenancy/config/thirdparty', { config: { thirdPartyId: 'github', name: 'GitHub', clients: [{ clientId: 'id' }] } });
                await post(core.uri, '/public/recipe/signin', { email, password: 'wrong horse 1' });
                await createSession(core.uri, userId);
                await post(core.uri, '/staffgate/ban', { userId: bannedId, reason: 'test' });
            });

            after(async () => {

                await core.destroy();
            });

            /** Everything the bad requests could touch, as the core reports it. */
            const snapshot = async () => {

                const read = async (path: string) => (await get(core.uri, path)).json;
                return {
                    users: await read('/public/users?limit=500'),
                    verified: await read(`/recipe/user/email/verify?userId=${userId}&email=${encodeURIComponent(email)}`),
                    roles: await read('/recipe/roles'),
                    permissions: await read(`/recipe/role/permissions?role=${role}`),
                    userRoles: await read(`/public/recipe/user/roles?userId=${userId}`),
                    roleUsers: await read(`/public/recipe/role/users?role=${role}`),
                    metadata: await read(`/recipe/user/metadata?userId=${userId}`),
                    tenant: await read('/public/recipe/multitenancy/tenant/v2'),
                    lockout: await read(`/staffgate/lockout?userId=${userId}`),
                    ban: await read(`/staffgate/ban?userId=${userId}`),
                    banned: await read(`/staffgate/ban?userId=${bannedId}`),
                    sessions: await read(`/recipe/session/user?userId=${userId}`),
                    audit: await read('/staffgate/audit/count')
                };
            };

            /** Sends each bad request, expects its 400 text, and checks that nothing changed. */
            const expectRejected = async (method: string, path: string, cases: readonly [unknown, string][]) => {

                const before_ = await snapshot();
                for (const [body, text] of cases) {
                    const label = `${method} ${path} ${JSON.stringify(body)}`;
                    const res = method === 'GET' ? await get(core.uri, `${path}${body as string}`) : await send(core.uri, method, path, { body });
                    expect(res.status, label).to.equal(400);
                    expect(res.contentType, label).to.equal(textHtml);
                    expect(res.text, label).to.equal(text);
                }

                expect(await snapshot()).to.equal(before_);
            };

            it('answers 400 for missing or mistyped input to POST /public/recipe/signinup and changes nothing', async () => {

                await expectRejected('POST', '/public/recipe/signinup', [
                    [{ thirdPartyId: 'github', thirdPartyUserId: 'u1' }, invalid('email')],
                    [{ thirdPartyId: 'github', thirdPartyUserId: 'u1', email: 'a@example.com' }, invalid('email')],
                    [{ thirdPartyUserId: 'u1', email: { id: 'a@example.com', isVerified: false } }, invalid('thirdPartyId')],
                    [{ thirdPartyId: 'github', thirdPartyUserId: 1, email: { id: 'a@example.com', isVerified: false } }, invalid('thirdPartyUserId')],
                    [{ thirdPartyId: 'github', thirdPartyUserId: 'u1', email: { isVerified: false } }, invalid('id')],
                    [{ thirdPartyId: 'github', thirdPartyUserId: 'u1', email: { id: 'a@example.com' } }, invalid('isVerified')],
                    [{ thirdPartyId: 'github', thirdPartyUserId: 'u1', email: { id: 'a@example.com', isVerified: 'true' } }, invalid('isVerified')]
                ]);
            });

            it('answers 400 for missing or mistyped input to POST /public/recipe/user/email/verify/token and changes nothing', async () => {

                await expectRejected('POST', '/public/recipe/user/email/verify/token', [
                    [{ userId }, invalid('email')],
                    [{ email }, invalid('userId')],
                    [{ userId, email: ['a@example.com'] }, invalid('email')]
                ]);
            });

            it('answers 400 for missing or mistyped input to POST /public/recipe/user/email/verify and changes nothing, and leaves the token usable', async () => {

                const other = `other-${Crypto.randomUUID()}@example.com`;
                const { json } = await post(core.uri, '/public/recipe/user/email/verify/token', { userId, email: other });

                await expectRejected('POST', '/public/recipe/user/email/verify', [
                    [{ method: 'token' }, invalid('token')],
                    [{ method: 'token', token: 42 }, invalid('token')],
                    [{ token: json.token }, invalid('method')],
                    [{ method: 'otp', token: json.token }, 'Unsupported method for email verification\n']
                ]);

                expect((await post(core.uri, '/public/recipe/user/email/verify', { method: 'token', token: json.token })).json).to.equal({ status: 'OK', userId, email: other });
                await post(core.uri, '/recipe/user/email/verify/remove', { userId, email: other });
            });

            it('answers 400 for missing or mistyped input to GET /recipe/user/email/verify and changes nothing', async () => {

                await expectRejected('GET', '/recipe/user/email/verify', [
                    [`?userId=${userId}`, missing('email')],
                    [`?email=${encodeURIComponent(email)}`, missing('userId')]
                ]);
            });

            it('answers 400 for missing or mistyped input to POST /recipe/user/email/verify/remove and changes nothing', async () => {

                await expectRejected('POST', '/recipe/user/email/verify/remove', [
                    [{ userId }, invalid('email')],
                    [{ email }, invalid('userId')],
                    [{ userId: [userId], email }, invalid('userId')]
                ]);
            });

            it('answers 400 for missing or mistyped input to POST /public/recipe/user/email/verify/token/remove and changes nothing, and leaves the token usable', async () => {

                const other = `other-${Crypto.randomUUID()}@example.com`;
                const { json } = await post(core.uri, '/public/recipe/user/email/verify/token', { userId, email: other });

                await expectRejected('POST', '/public/recipe/user/email/verify/token/remove', [
                    [{ userId }, invalid('email')],
                    [{ email: other }, invalid('userId')],
                    [{ userId, email: 7 }, invalid('email')]
                ]);

                expect((await post(core.uri, '/public/recipe/user/email/verify', { method: 'token', token: json.token })).json.status).to.equal('OK');
                await post(core.uri, '/recipe/user/email/verify/remove', { userId, email: other });
            });

            it('answers 400 for missing or mistyped input to PUT /recipe/role and changes nothing', async () => {

                await expectRejected('PUT', '/recipe/role', [
                    [{}, invalid('role')],
                    [{ role: 5 }, invalid('role')],
                    [{ role: 'viewer', permissions: 'read' }, invalid('permissions')],
                    [{ role: 'viewer', permissions: ['read', 1] }, invalid('permissions')],
                    [{ role, permissions: [null] }, invalid('permissions')]
                ]);
            });

            it('answers 400 for missing or mistyped input to GET /recipe/role/permissions and changes nothing', async () => {

                await expectRejected('GET', '/recipe/role/permissions', [['', missing('role')]]);
            });

            it('answers 400 for missing or mistyped input to POST /recipe/role/permissions/remove and changes nothing', async () => {

                await expectRejected('POST', '/recipe/role/permissions/remove', [
                    [{ permissions: ['read'] }, invalid('role')],
                    [{ role, permissions: 'read' }, invalid('permissions')],
                    [{ role, permissions: [{ name: 'read' }] }, invalid('permissions')]
                ]);
            });

            it('answers 400 for missing or mistyped input to GET /recipe/permission/roles and changes nothing', async () => {

                await expectRejected('GET', '/recipe/permission/roles', [['', missing('permission')], ['?role=editor', missing('permission')]]);
            });

            it('answers 400 for missing or mistyped input to POST /recipe/role/remove and changes nothing', async () => {

                await expectRejected('POST', '/recipe/role/remove', [
                    [{}, invalid('role')],
                    [{ role: [role] }, invalid('role')]
                ]);
            });

            it('answers 400 for missing or mistyped input to PUT /public/recipe/user/role and changes nothing', async () => {

                await expectRejected('PUT', '/public/recipe/user/role', [
                    [{ userId }, invalid('role')],
                    [{ role }, invalid('userId')],
                    [{ userId: 12, role }, invalid('userId')]
                ]);
            });

            it('answers 400 for missing or mistyped input to POST /public/recipe/user/role/remove and changes nothing', async () => {

                await expectRejected('POST', '/public/recipe/user/role/remove', [
                    [{ role }, invalid('userId')],
                    [{ userId, role: true }, invalid('role')]
                ]);
            });

            it('answers 400 for missing or mistyped input to GET /public/recipe/user/roles and GET /public/recipe/role/users and changes nothing', async () => {

                await expectRejected('GET', '/public/recipe/user/roles', [['', missing('userId')]]);
                await expectRejected('GET', '/public/recipe/role/users', [['', missing('role')]]);
            });

            it('answers 400 for missing or mistyped input to GET /recipe/user/metadata and changes nothing', async () => {

                await expectRejected('GET', '/recipe/user/metadata', [['', missing('userId')]]);
            });

            it('answers 400 for missing or mistyped input to PUT /recipe/user/metadata and changes nothing', async () => {

                await expectRejected('PUT', '/recipe/user/metadata', [
                    [{ userId }, invalid('metadataUpdate')],
                    [{ userId, metadataUpdate: [{ first_name: 'X' }] }, invalid('metadataUpdate')],
                    [{ userId, metadataUpdate: 'first_name=X' }, invalid('metadataUpdate')],
                    [{ userId, metadataUpdate: null }, invalid('metadataUpdate')],
                    [{ metadataUpdate: { first_name: 'X' } }, invalid('userId')],
                    [{ userId: { id: userId }, metadataUpdate: { first_name: 'X' } }, invalid('userId')]
                ]);
            });

            it('answers 400 for missing or mistyped input to POST /recipe/user/metadata/remove and changes nothing', async () => {

                await expectRejected('POST', '/recipe/user/metadata/remove', [
                    [{}, invalid('userId')],
                    [{ userId: null }, invalid('userId')]
                ]);
            });

            it('answers 400 for missing or mistyped input to PUT /public/recipe/multitenancy/config/thirdparty and POST …/config/thirdparty/remove and changes nothing', async () => {

                await expectRejected('PUT', '/public/recipe/multitenancy/config/thirdparty', [
                    [{}, invalid('config')],
                    [{ config: [] }, invalid('config')],
                    [{ config: {} }, invalid('thirdPartyId')],
                    [{ config: { thirdPartyId: 3 } }, invalid('thirdPartyId')],
                    [{ config: { thirdPartyId: 'google' }, skipValidation: 'yes' }, invalid('skipValidation')]
                ]);

                await expectRejected('POST', '/public/recipe/multitenancy/config/thirdparty/remove', [
                    [{}, invalid('thirdPartyId')],
                    [{ thirdPartyId: ['github'] }, invalid('thirdPartyId')]
                ]);
            });

            it('answers 400 for missing or mistyped input to GET /public/users in search mode and changes nothing', async () => {

                await expectRejected('GET', '/public/users', [
                    ['?email=input&limit=abc', 'Field name \'limit\' must be an int in the GET request\n'],
                    ['?provider=git&provider=google', 'Field name \'provider\' is invalid in GET request\n'],
                    ['?phone=1&phone=2', 'Field name \'phone\' is invalid in GET request\n']
                ]);
            });

            it('answers 400 for missing or mistyped input to GET /staffgate/lockout and POST /staffgate/lockout/reset and changes nothing', async () => {

                await expectRejected('GET', '/staffgate/lockout', [['', missing('userId')]]);
                await expectRejected('POST', '/staffgate/lockout/reset', [
                    [{}, invalid('userId')],
                    [{ userId: 1 }, invalid('userId')],
                    [{ user: userId }, invalid('userId')]
                ]);
            });

            it('answers 400 for missing or mistyped input to GET /staffgate/ban, POST /staffgate/ban and POST /staffgate/unban and changes nothing', async () => {

                await expectRejected('GET', '/staffgate/ban', [['', missing('userId')]]);
                await expectRejected('POST', '/staffgate/ban', [
                    [{}, invalid('userId')],
                    [{ userId: [userId] }, invalid('userId')],
                    [{ userId, reason: 5 }, invalid('reason')],
                    [{ userId, reason: { text: 'x' } }, invalid('reason')]
                ]);
                await expectRejected('POST', '/staffgate/unban', [
                    [{}, invalid('userId')],
                    [{ userId: 5 }, invalid('userId')]
                ]);
            });

            it('answers 400 for missing or mistyped input to POST /staffgate/account-state and changes nothing', async () => {

                await expectRejected('POST', '/staffgate/account-state', [
                    [{}, invalid('email')],
                    [{ email: 'a@example.com' }, invalid('password')],
                    [{ email: ['a@example.com'], password: 'x' }, invalid('email')],
                    [{ email: 'a@example.com', password: 5 }, invalid('password')]
                ]);
            });

            it('answers 400 (never a 500) for an empty object, an array or broken JSON on every POST and PUT endpoint', async () => {

                const apis: [string, string][] = [
                    ['POST', '/public/recipe/signinup'],
                    ['POST', '/public/recipe/user/email/verify/token'],
                    ['POST', '/public/recipe/user/email/verify'],
                    ['POST', '/recipe/user/email/verify/remove'],
                    ['POST', '/public/recipe/user/email/verify/token/remove'],
                    ['PUT', '/recipe/role'],
                    ['POST', '/recipe/role/permissions/remove'],
                    ['POST', '/recipe/role/remove'],
                    ['PUT', '/public/recipe/user/role'],
                    ['POST', '/public/recipe/user/role/remove'],
                    ['PUT', '/recipe/user/metadata'],
                    ['POST', '/recipe/user/metadata/remove'],
                    ['PUT', '/public/recipe/multitenancy/config/thirdparty'],
                    ['POST', '/public/recipe/multitenancy/config/thirdparty/remove'],
                    ['POST', '/staffgate/audit'],
                    ['POST', '/staffgate/lockout/reset'],
                    ['POST', '/staffgate/ban'],
                    ['POST', '/staffgate/unban'],
                    ['POST', '/staffgate/account-state']
                ];

                const before_ = await snapshot();
                for (const [method, path] of apis) {
                    for (const raw of ['{}', '[]', '{', 'null', '{"userId":{"$ne":null}}']) {
                        const res = await send(core.uri, method, path, { raw });
                        expect(res.status, `${method} ${path} ${raw}`).to.equal(400);
                        expect(res.contentType, `${method} ${path} ${raw}`).to.equal(textHtml);
                    }
                }

                expect(await snapshot()).to.equal(before_);
            });

            it('stores, lists and removes a third-party provider config (the state the cases above keep)', async () => {

                const config = { thirdPartyId: 'gitlab', name: 'GitLab', clients: [{ clientId: 'gl' }] };
                expect((await put(core.uri, '/public/recipe/multitenancy/config/thirdparty', { config })).json).to.equal({ status: 'OK', createdNew: true });
                expect((await put(core.uri, '/public/recipe/multitenancy/config/thirdparty', { config, skipValidation: true })).json).to.equal({ status: 'OK', createdNew: false });

                const { json } = await get(core.uri, '/public/recipe/multitenancy/tenant/v2');
                expect(json.thirdParty.providers.map((provider: { thirdPartyId: string }) => provider.thirdPartyId).sort()).to.equal(['github', 'gitlab']);
                expect(json.thirdParty.providers).to.include(config);

                expect((await post(core.uri, '/public/recipe/multitenancy/config/thirdparty/remove', { thirdPartyId: 'gitlab' })).json).to.equal({ status: 'OK', didConfigExist: true });
                expect((await post(core.uri, '/public/recipe/multitenancy/config/thirdparty/remove', { thirdPartyId: 'gitlab' })).json).to.equal({ status: 'OK', didConfigExist: false });
                const after_ = await get(core.uri, '/public/recipe/multitenancy/tenant/v2');
                expect(after_.json.thirdParty.providers.map((provider: { thirdPartyId: string }) => provider.thirdPartyId)).to.equal(['github']);
            });
        });
    }
});
