import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestCore, type TestCore } from '../../helpers/core';
import { get, post, put, send, signUp } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('CDI optional fields and flags (HTTP)', () => {

    let core: TestCore;

    before(async () => {

        core = await startTestCore();
    });

    after(async () => {

        await core.destroy();
    });

    it('answers 400 Invalid Json Input for a POST without a body', async () => {

        const res = await send(core.uri, 'POST', '/recipe/signinup/code');
        expect(res.status).to.equal(400);
        expect(res.text).to.equal('Invalid Json Input\n');
    });

    it('takes a null optional boolean as absent, and refuses one of another type', async () => {

        const user = await signUp(core.uri, 'remove-null@example.com');
        const wrong = await post(core.uri, '/user/remove', { userId: user.id, removeAllLinkedAccounts: 'yes' });
        expect(wrong.status).to.equal(400);
        expect(wrong.text).to.equal('Field name \'removeAllLinkedAccounts\' is invalid in JSON input\n');
        expect((await get(core.uri, `/user/id?userId=${user.id}`)).json.status).to.equal('OK');

        expect((await post(core.uri, '/user/remove', { userId: user.id, removeAllLinkedAccounts: null })).json).to.equal({ status: 'OK' });
        expect((await get(core.uri, `/user/id?userId=${user.id}`)).json.status).to.equal('UNKNOWN_USER_ID_ERROR');
    });

    it('takes a null permissions list as none, and refuses a list with a non-string', async () => {

        expect((await put(core.uri, '/recipe/role', { role: 'nulls', permissions: null })).json).to.equal({ status: 'OK', createdNewRole: true });
        expect((await get(core.uri, '/recipe/role/permissions?role=nulls')).json).to.equal({ status: 'OK', permissions: [] });

        const wrong = await put(core.uri, '/recipe/role', { role: 'nulls', permissions: ['read', 1] });
        expect(wrong.status).to.equal(400);
        expect(wrong.text).to.equal('Field name \'permissions\' is invalid in JSON input\n');
    });

    it('answers 400 for a boolean query flag that is neither true nor false', async () => {

        const res = await get(core.uri, '/users/count?includeAllTenants=yes');
        expect(res.status).to.equal(400);
        expect(res.text).to.equal('Field name \'includeAllTenants\' is invalid in GET request\n');
        expect((await get(core.uri, '/users/count?includeAllTenants=true')).json.status).to.equal('OK');
        expect((await get(core.uri, '/users/count?includeAllTenants=false')).json.status).to.equal('OK');
    });

    it('refuses a refresh token too short to hold a sealed session, as a token it did not issue', async () => {

        const res = await post(core.uri, '/recipe/session/refresh', { refreshToken: 'c2hvcnQ.sg1', enableAntiCsrf: false, useDynamicSigningKey: true });
        expect(res.json).to.equal({ status: 'UNAUTHORISED', message: 'Token info not found' });
    });
});
