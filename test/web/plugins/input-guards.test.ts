import * as Http from 'http';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { signUp } from '../../helpers/pages';
import { startTestApp, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const password = 'a long enough password';
const signUpBody = (email: string) => JSON.stringify({ formFields: [{ id: 'email', value: email }, { id: 'password', value: password }] });


describe('input guards', () => {

    let app: TestApp;

    before(async () => {

        app = await startTestApp();
    });

    after(() => app.destroy());

    const post = (url: string, payload: string | Buffer, contentType = 'application/json') => app.web.inject({ method: 'POST', url, payload, headers: { rid: 'emailpassword', 'content-type': contentType } });

    it('refuses a body that is not valid UTF-8 with a 400, before the SDK creates anything', async () => {

        const valid = Buffer.from(signUpBody('latin1.user@example.com'));
        const broken = Buffer.from(valid.toString().replace('latin1', 'l\u00e4tin1'), 'latin1');    // ä as one byte 0xE4
        const res = await post('/auth/signup', broken);
        expect(res.statusCode).to.equal(400);
        expect(JSON.parse(res.payload).message).to.equal('The body is not valid UTF-8');

        const signIn = await post('/auth/signin', broken);
        expect(signIn.statusCode).to.equal(400);
    });

    it('checks a chunked body as well (no Content-Length), and lets a request without a body through', async () => {

        const valid = Buffer.from(signUpBody('chunked.user@example.com'));
        const broken = Buffer.from(valid.toString().replace('chunked', 'ch\u00fcnked'), 'latin1');
        // server.inject always sends a Content-Length: a real socket, in two chunks.
        await app.web.start();
        const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {

            const req = Http.request(`${app.web.info.uri}/auth/signup`, { method: 'POST', headers: { rid: 'emailpassword', 'content-type': 'application/json' } }, (res) => {

                const parts: Buffer[] = [];
                res.on('data', (part: Buffer) => parts.push(part));
                res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(parts).toString() }));
            });
            req.on('error', reject);
            req.write(broken.subarray(0, 10));
            req.end(broken.subarray(10));
            expect(req.getHeader('content-length')).to.not.exist();
        });

        expect(chunked.status).to.equal(400);
        expect(JSON.parse(chunked.body).message).to.equal('The body is not valid UTF-8');

        const empty = await app.web.inject({ method: 'POST', url: '/auth/signup', headers: { rid: 'emailpassword', 'content-type': 'application/json', 'content-length': '0' } });
        expect(empty.statusCode).to.equal(400);                                             // the SDK's answer to no body, not ours
        expect(JSON.parse(empty.payload).message).to.not.equal('The body is not valid UTF-8');
    });

    it('refuses a charset other than UTF-8 with a 400, and accepts UTF-8 spelled any way', async () => {

        const body = signUpBody('charset.user@example.com');
        for (const charset of ['iso-8859-1', 'windows-1252', 'utf-16']) {
            const res = await post('/auth/signin', body, `application/json; charset=${charset}`);
            expect(res.statusCode, charset).to.equal(400);
            expect(String(JSON.parse(res.payload).message), charset).to.startWith('Unsupported charset');
        }

        await signUp(app.browser(), 'charset.user@example.com');
        for (const charset of ['utf-8', 'UTF-8', '"utf-8"', 'utf8']) {
            const res = await post('/auth/signin', body, `application/json; charset=${charset}`);
            expect(JSON.parse(res.payload).status, charset).to.equal('OK');
        }
    });

    it('lets valid non-ASCII UTF-8 through', async () => {

        const res = await post('/auth/signup', signUpBody('j\u00fcrgen.m\u00fcller@example.com'));
        expect(res.statusCode).to.equal(200);
        expect(JSON.parse(res.payload).status).to.not.equal('GENERAL_ERROR');
    });
});
