import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestCore, type TestCore } from '../../helpers/core';
import { get, post } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('CDI POST /recipe/jwt and GET /recipe/jwt/jwks (HTTP)', () => {

    let core: TestCore;
    const request = { payload: { sub: 'someone' }, validity: 60, algorithm: 'rs256', jwksDomain: 'https://auth.example.com' };

    const headerOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString());

    before(async () => {

        core = await startTestCore();
    });

    after(async () => {

        await core.destroy();
    });

    it('signs with the static key by default and with a dynamic one when asked; both are in the JWKS', async () => {

        const staticJwt = (await post(core.uri, '/recipe/jwt', request)).json;
        const dynamicJwt = (await post(core.uri, '/recipe/jwt', { ...request, useStaticSigningKey: false })).json;
        expect(staticJwt.status).to.equal('OK');
        expect(dynamicJwt.status).to.equal('OK');

        const staticKid = headerOf(staticJwt.jwt).kid;
        const dynamicKid = headerOf(dynamicJwt.jwt).kid;
        expect(staticKid).to.not.equal(dynamicKid);

        const { json } = await get(core.uri, '/recipe/jwt/jwks');
        expect(json.status).to.equal('OK');
        expect(json.keys.map((key: { kid: string }) => key.kid)).to.include([staticKid, dynamicKid]);
        expect(json.keys).to.equal((await get(core.uri, '/.well-known/jwks.json')).json.keys);
    });

    it('answers 400 for a validity that is not a positive integer or a useStaticSigningKey that is not a boolean', async () => {

        for (const validity of [0, -1, 1.5, '60']) {
            expect((await post(core.uri, '/recipe/jwt', { ...request, validity })).status).to.equal(400);
        }

        const notBoolean = await post(core.uri, '/recipe/jwt', { ...request, useStaticSigningKey: 'no' });
        expect(notBoolean.status).to.equal(400);
        expect(notBoolean.text).to.equal('Field name \'useStaticSigningKey\' is invalid in JSON input\n');
    });

    it('answers UNSUPPORTED_ALGORITHM_ERROR for anything but RS256', async () => {

        expect((await post(core.uri, '/recipe/jwt', { ...request, algorithm: 'HS256' })).json).to.equal({ status: 'UNSUPPORTED_ALGORITHM_ERROR' });
    });
});
