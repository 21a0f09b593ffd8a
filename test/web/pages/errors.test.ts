import * as Boom from '@hapi/boom';
import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { errorPage } from '../../../server/web/plugins/errors';
import { signUp } from '../../helpers/pages';
import { startTestApp, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('error pages and security headers', () => {

    let app: TestApp;

    before(async () => {

        app = await startTestApp();

        // Routes that fail on purpose, to see what a browser gets.
        app.web.route([
            { method: 'GET', path: '/test/crash', handler: () => {

                throw new Error('secret detail from the database layer');
            } },
            { method: 'GET', path: '/test/teapot', handler: () => {

                throw Boom.entityTooLarge('internal size note');
            } },
            { method: 'GET', path: '/auth/test/api-thing', handler: () => {

                throw Boom.badRequest('api says no');
            } }
        ]);
    });

    after(async () => {

        await app.destroy();
    });

    it('renders the 404 page for an unknown path', async () => {

        const res = await app.browser().get('/no/such/page', { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
        expect(res.statusCode).to.equal(404);
        expect(res.headers['content-type']).to.contain('text/html');
        expect(res.payload).to.contain('<title>Page not found · Staffgate</title>');
        expect(res.payload).to.contain('id="error-home"');
    });

    it('renders the 500 page without the error, its message or a stack', async () => {

        const res = await app.browser().get('/test/crash');
        expect(res.statusCode).to.equal(500);
        expect(res.headers['content-type']).to.contain('text/html');
        expect(res.payload).to.contain('data-status="500"');
        expect(res.payload).to.contain('Something went wrong');
        expect(res.payload).to.not.contain('secret detail');
        expect(res.payload).to.not.contain('at ');
        expect(res.payload).to.not.contain('.ts:');
    });

    it('renders other client errors on the 400 page with their own status and no message', async () => {

        const res = await app.browser().get('/test/teapot');
        expect(res.statusCode).to.equal(413);
        expect(res.payload).to.contain('data-status="413"');
        expect(res.payload).to.not.contain('internal size note');
        expect(errorPage(429).template).to.equal('400');
        expect(errorPage(503).template).to.equal('500');
    });

    it('leaves API, health and static-file errors as JSON', async () => {

        const browser = app.browser();
        for (const path of ['/api/nothing', '/health/nothing', '/public/nothing.css', '/vendor/nothing']) {
            const res = await browser.get(path);
            expect(res.statusCode, path).to.equal(404);
            expect(res.headers['content-type'], path).to.contain('application/json');
        }
    });

    it('leaves errors of API routes under /auth as JSON, while the auth pages get error pages', async () => {

        const api = await app.browser().get('/auth/test/api-thing');
        expect(api.statusCode).to.equal(400);
        expect(JSON.parse(api.payload).message).to.equal('api says no');

        const page = await app.browser().get('/auth/reset-password?token=a&token=b');
        expect(page.statusCode).to.equal(400);
        expect(page.payload).to.contain('data-status="400"');
    });

    it('answers JSON to a client that asks for JSON only', async () => {

        const res = await app.browser().get('/no/such/page', { accept: 'application/json' });
        expect(res.statusCode).to.equal(404);
        expect(JSON.parse(res.payload).statusCode).to.equal(404);
    });

    it('sends the security headers on pages, redirects and error pages', async () => {

        const browser = app.browser();
        await signUp(browser, 'headers@example.com');
        for (const path of ['/auth/reset-password', '/dashboard', '/no/such/page', '/test/crash', '/auth/callback/nope']) {
            const res = await browser.get(path);
            const csp = res.headers['content-security-policy'] as string;
            expect(csp, path).to.contain('script-src \'self\'');
            expect(csp, path).to.contain('style-src \'self\'');
            expect(csp, path).to.not.contain('unsafe-inline');
            expect(res.headers['x-frame-options'], path).to.equal('DENY');
            expect(res.headers['x-content-type-options'], path).to.equal('nosniff');
            expect(res.headers['referrer-policy'], path).to.equal('strict-origin-when-cross-origin');
        }

        const redirect = await app.browser().get('/dashboard');
        expect(redirect.statusCode).to.equal(302);
        expect(redirect.headers['content-security-policy']).to.exist();
    });

    it('keeps every page free of inline scripts, inline styles and other origins', async () => {

        const browser = app.browser();
        await signUp(browser, 'inline@example.com');
        for (const path of ['/auth/reset-password', '/auth/reset-password?token=t', '/auth/verify-email', '/auth/refresh', '/auth/callback/google', '/dashboard', '/dashboard/password', '/no/such/page']) {
            const html = (await browser.get(path)).payload;
            expect(html, path).to.not.match(/<script(?![^>]*\ssrc="\/)[^>]*>/);
            expect(html, path).to.not.match(/<style|\sstyle=|\son[a-z]+=/);
            expect(html, path).to.not.match(/(?:src|href)="(?:https?:)?\/\//);
        }
    });
});
