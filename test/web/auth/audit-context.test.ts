import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import type { Request } from '@hapi/hapi';

import { auditContext, auditHeaders, clientIp } from '../../../server/web/auth/audit-context';
import { auditEvents } from '../../helpers/core-api';
import { startTestApp, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const coreCall = { url: 'http://127.0.0.1:3567/recipe/signin', method: 'post' as const, headers: { 'api-key': 'key', 'cdi-version': '5.4' }, body: {} };

/** Just enough of a Hapi request for the helpers. */
const fakeRequest = (remoteAddress: string, userAgent?: string) => ({ info: { remoteAddress }, headers: userAgent === undefined ? {} : { 'user-agent': userAgent } }) as unknown as Request;


describe('Audit context on core calls', () => {

    describe('auditHeaders (networkInterceptor)', () => {

        it('adds the IP and user agent of the request the SDK is answering, keeping the other headers', () => {

            const userContext = { _default: { request: { original: fakeRequest('::ffff:198.51.100.7', 'Mozilla/5.0 (X11)') } } };
            const intercepted = auditHeaders(coreCall, userContext);
            expect(intercepted.headers).to.equal({ 'api-key': 'key', 'cdi-version': '5.4', 'x-staffgate-ip': '198.51.100.7', 'x-staffgate-user-agent': 'Mozilla/5.0 (X11)' });
            expect(intercepted.url).to.equal(coreCall.url);
            expect(coreCall.headers).to.not.include('x-staffgate-ip');
        });

        it('uses auditContext() from our own routes, with the acting admin', () => {

            const userContext = auditContext(fakeRequest('2001:db8::1', 'curl/8'), 'admin-user-id');
            expect(auditHeaders(coreCall, userContext).headers).to.include({ 'x-staffgate-ip': '2001:db8::1', 'x-staffgate-user-agent': 'curl/8', 'x-staffgate-actor': 'admin-user-id' });
            expect(auditHeaders(coreCall, auditContext(fakeRequest('127.0.0.1'))).headers).to.equal({ ...coreCall.headers, 'x-staffgate-ip': '127.0.0.1' });
        });

        it('adds nothing outside a request', () => {

            expect(auditHeaders(coreCall, undefined).headers).to.equal(coreCall.headers);
            expect(auditHeaders(coreCall, {}).headers).to.equal(coreCall.headers);
            expect(auditHeaders(coreCall, { _default: { request: undefined } }).headers).to.equal(coreCall.headers);
            expect(auditHeaders(coreCall, auditContext(fakeRequest('10.0.0.2', ' \t '))).headers).to.equal({ ...coreCall.headers, 'x-staffgate-ip': '10.0.0.2' });
        });

        it('keeps header values safe: no control characters, at most 512 characters', () => {

            const userContext = { _default: { request: { original: fakeRequest('10.0.0.1', `evil\r\nx-staffgate-actor: root ${'a'.repeat(600)}`) } } };
            const value = auditHeaders(coreCall, userContext).headers['x-staffgate-user-agent'] as string;
            expect(value).to.startWith('evil x-staffgate-actor: root aaa');
            expect(value).to.have.length(512);
            expect(auditHeaders(coreCall, userContext).headers['x-staffgate-actor']).to.not.exist();
        });

        it('shows IPv4-mapped addresses as IPv4', () => {

            expect(clientIp(fakeRequest('::ffff:10.1.2.3'))).to.equal('10.1.2.3');
            expect(clientIp(fakeRequest('::1'))).to.equal('::1');
        });
    });

    describe('through the app', () => {

        let app: TestApp;

        before(async () => {

            app = await startTestApp();
        });

        after(async () => {

            await app.destroy();
        });

        it('records sign-up and sign-in in the core\'s audit trail with the browser\'s IP and user agent', async () => {

            const formFields = [{ id: 'email', value: 'audrey@example.com' }, { id: 'password', value: 'a long enough password' }];
            const signUp = await app.browser().request({ method: 'POST', url: '/auth/signup', payload: { formFields }, headers: { rid: 'anti-csrf', 'user-agent': 'Firefox/140 (sign-up)' }, remoteAddress: '203.0.113.7' });
            const userId = JSON.parse(signUp.payload).user.id;

            const signIn = await app.browser().request({ method: 'POST', url: '/auth/signin', payload: { formFields }, headers: { rid: 'anti-csrf', 'user-agent': 'Safari/18 (sign-in)' }, remoteAddress: '198.51.100.23' });
            expect(JSON.parse(signIn.payload).status).to.equal('OK');

            const [signInEvent, ...others] = await auditEvents(app, userId, 'sign_in');
            expect(others).to.have.length(0);
            expect(signInEvent).to.include({ event: 'sign_in', userId, ip: '198.51.100.23', userAgent: 'Safari/18 (sign-in)' });
            expect(signInEvent!.actorId).to.not.exist();

            const [signUpEvent] = await auditEvents(app, userId, 'sign_up');
            expect(signUpEvent).to.include({ ip: '203.0.113.7', userAgent: 'Firefox/140 (sign-up)' });
        });
    });
});
