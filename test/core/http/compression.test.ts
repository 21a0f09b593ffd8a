import * as Http from 'http';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestCore, type TestCore } from '../../helpers/core';
import { createSession } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


/** A POST over a raw socket, so that nothing decompresses the answer before we look at its headers. */
const rawPost = (uri: string, path: string, body: object) => {

    return new Promise<{ headers: Http.IncomingHttpHeaders; body: string }>((resolve, reject) => {

        const req = Http.request(`${uri}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'cdi-version': '5.4', 'accept-encoding': 'gzip, deflate, br' } }, (res) => {

            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        });

        req.on('error', reject);
        req.end(JSON.stringify(body));
    });
};


describe('core answers', () => {

    let core: TestCore;

    before(async () => {

        core = await startTestCore();
    });

    after(async () => {

        await core.destroy();
    });

    it('are not compressed, even when the caller accepts gzip (the SDK is on loopback or a LAN)', async () => {

        const session = await createSession(core.uri, 'user-a');
        const res = await rawPost(core.uri, '/recipe/session/refresh', { refreshToken: session.refreshToken.token, enableAntiCsrf: false, useDynamicSigningKey: true });
        expect(res.headers['content-encoding']).to.not.exist();
        expect(res.body.length).to.be.above(1024);            // over hapi's default threshold for compression
        expect(JSON.parse(res.body).status).to.equal('OK');
    });
});
