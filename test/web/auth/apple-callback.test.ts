import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { isWellFormedState } from '../../../server/web/auth/apple-callback';
import { startTestApp, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const stateFor = (frontendRedirectURI: string) => Buffer.from(JSON.stringify({ state: 'abc123', frontendRedirectURI })).toString('base64');


describe('Apple form_post callback (POST /auth/callback/apple)', () => {

    let app: TestApp;

    before(async () => {

        app = await startTestApp();
    });

    after(async () => {

        await app.destroy();
    });

    const post = (path: string, payload: string, headers: Record<string, string> = {}) => {

        return app.browser().request({
            method: 'POST',
            url: path,
            payload,
            headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://appleid.apple.com', ...headers }
        });
    };

    it('redirects only to our own callback page, whatever the state names, keeping the fields Apple sent', async () => {

        const callbackPage = `${app.config.web.websiteDomain}/auth/callback/apple`;
        for (const target of ['https://evil.example/steal', '//evil.example', `${app.config.web.websiteDomain}/elsewhere`, 'javascript:alert(1)']) {
            for (const path of ['/auth/callback/apple', '/auth/public/callback/apple']) {
                const state = stateFor(target);
                const res = await post(path, `state=${encodeURIComponent(state)}&code=the-code`);
                expect(res.statusCode, `${path} ${target}`).to.equal(303);

                const location = new URL(res.headers.location as string);
                expect(`${location.origin}${location.pathname}`, target).to.equal(callbackPage);
                expect(location.searchParams.get('state')).to.equal(state);
                expect(location.searchParams.get('code')).to.equal('the-code');
            }
        }
    });

    it('answers 400, not 500, for a missing or malformed state, and redirects nowhere', async () => {

        const malformed = ['', 'state=', 'state=not%20base64!', `state=${Buffer.from('not json').toString('base64')}`, `state=${Buffer.from('[1,2]').toString('base64')}`, `state=${Buffer.from('"text"').toString('base64')}`, 'code=only-a-code'];
        for (const payload of malformed) {
            const res = await post('/auth/callback/apple', payload, { accept: 'text/html' });
            expect(res.statusCode, payload).to.equal(400);
            expect(res.headers.location, payload).to.not.exist();
        }
    });

    it('recognises the state formats', () => {

        expect(isWellFormedState(stateFor('https://staff.example.com/auth/callback/apple'))).to.be.true();
        expect(isWellFormedState(Buffer.from('{"state":"x"}').toString('base64url'))).to.be.true();
        expect(isWellFormedState(undefined)).to.be.false();
        expect(isWellFormedState('x'.repeat(5000))).to.be.false();
        expect(isWellFormedState(Buffer.from('null').toString('base64'))).to.be.false();
    });
});
