import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { crumbIn, postForm, signIn, signUp } from '../../helpers/pages';
import { startTestApp, type Browser, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('CSRF protection of our forms', () => {

    let app: TestApp;
    let browser: Browser;
    let crumb: string;

    before(async () => {

        app = await startTestApp();
        browser = app.browser();
        await signUp(browser, 'csrf@example.com');
        crumb = crumbIn((await browser.get('/dashboard')).payload);
    });

    after(async () => {

        await app.destroy();
    });

    const expectForbiddenPage = (res: { statusCode: number; payload: string; headers: Record<string, unknown> }) => {

        expect(res.statusCode).to.equal(403);
        expect(res.headers['content-type']).to.contain('text/html');
        expect(res.payload).to.contain('data-status="403"');
        expect(res.payload).to.contain('Not allowed');
    };

    it('sets the crumb cookie HttpOnly, SameSite=Lax, for the whole site, on pages with a form', async () => {

        const fresh = app.browser();
        await signUp(fresh, 'cookie-flags@example.com');
        const res = await fresh.get('/dashboard');
        const header = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((line) => line.startsWith('crumb='));
        expect(header).to.exist();
        expect(header).to.contain('HttpOnly');
        expect(header).to.contain('SameSite=Lax');
        expect(header).to.contain('Path=/');
    });

    it('sets no crumb cookie on pages without one of our forms, nor on the API', async () => {

        const fresh = app.browser();
        await fresh.get('/auth');
        await fresh.get('/health/live');
        await signUp(fresh, 'no-crumb@example.com');
        await fresh.get('/api/me');
        expect(fresh.cookies.has('crumb')).to.be.false();
    });

    it('refuses a form post without the crumb field with the 403 page', async () => {

        expectForbiddenPage(await postForm(browser, '/dashboard/sessions/revoke-others', {}));
        expectForbiddenPage(await postForm(browser, '/dashboard/password', { currentPassword: 'x', newPassword: 'y', confirmPassword: 'y' }));
    });

    it('refuses a wrong or empty crumb', async () => {

        expectForbiddenPage(await postForm(browser, '/dashboard/sessions/revoke-others', { crumb: 'x'.repeat(43) }));
        expectForbiddenPage(await postForm(browser, '/dashboard/sessions/revoke-others', { crumb: '' }));
    });

    it('refuses a post with the field but no crumb cookie', async () => {

        const other = app.browser();
        await signIn(other, 'csrf@example.com');
        expectForbiddenPage(await postForm(other, '/dashboard/sessions/revoke-others', { crumb }));
    });

    it('refuses a post from another origin even with the right crumb', async () => {

        expectForbiddenPage(await postForm(browser, '/dashboard/sessions/revoke-others', { crumb }, { origin: 'https://evil.example' }));
        expectForbiddenPage(await postForm(browser, '/dashboard/sessions/revoke-others', { crumb }, { origin: 'null' }));
    });

    it('accepts the right crumb from the website origin, and from a client that sends no Origin', async () => {

        const sameOrigin = await postForm(browser, '/dashboard/sessions/revoke-others', { crumb }, { origin: app.config.web.websiteDomain });
        expect(sameOrigin.statusCode).to.equal(302);
        expect(sameOrigin.headers.location).to.equal('/dashboard');

        const noOrigin = await postForm(browser, '/dashboard/sessions/revoke-others', { crumb });
        expect(noOrigin.statusCode).to.equal(302);
    });

    it('leaves the SDK\'s API alone: no crumb needed, its own JSON answers', async () => {

        const fresh = app.browser();
        const res = await fresh.post('/auth/signin', { formFields: [{ id: 'email', value: 'csrf@example.com' }, { id: 'password', value: 'a long enough password' }] });
        expect(res.statusCode).to.equal(200);
        expect(JSON.parse(res.payload).status).to.equal('OK');

        const signOut = await fresh.post('/auth/signout', {});
        expect(signOut.statusCode).to.equal(200);
        expect(JSON.parse(signOut.payload)).to.equal({ status: 'OK' });
    });

    it('lets a route opt out of the crumb, but not of the Origin check', async () => {

        app.web.route({ method: 'POST', path: '/test/webhook', options: { plugins: { crumb: false }, handler: () => ({ received: true }) } });
        const res = await app.browser().post('/test/webhook', { event: 'x' });
        expect(res.statusCode).to.equal(200);
        expect(JSON.parse(res.payload)).to.equal({ received: true });

        const foreign = await app.browser().post('/test/webhook', { event: 'x' }, { origin: 'https://evil.example' });
        expect(foreign.statusCode).to.equal(403);
    });

    it('checks the Origin of other state-changing methods, which carry no crumb', async () => {

        app.web.route({ method: 'PUT', path: '/test/thing', handler: () => ({ stored: true }) });
        const res = await app.browser().request({ method: 'PUT', url: '/test/thing', payload: { a: 1 }, headers: { origin: app.config.web.websiteDomain } });
        expect(res.statusCode).to.equal(200);

        const foreign = await app.browser().request({ method: 'PUT', url: '/test/thing', payload: { a: 1 }, headers: { origin: 'https://evil.example' } });
        expect(foreign.statusCode).to.equal(403);
    });

    it('answers a post to an unknown path with 404, not 403', async () => {

        const res = await postForm(browser, '/dashboard/nothing-here', {});
        expect(res.statusCode).to.equal(404);
        expect(res.payload).to.contain('data-status="404"');
    });
});
