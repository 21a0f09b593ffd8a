import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { crumbIn, signUp } from '../../helpers/pages';
import { startTestApp, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


// Cookies another app on the same site could set: a space in a value, a stray quote, a pair without '='.
const foreignJunk = ['theme=dark mode', 'tracker="a"b"', 'orphan', 'other=\\x'];


describe('cookie parsing', () => {

    let app: TestApp;
    const logged: string[] = [];

    before(async () => {

        app = await startTestApp();
        app.web.events.on({ name: 'request', channels: 'app' }, (_request, event, tags) => {

            if (tags.cookie) {
                logged.push(String(event.data));
            }
        });
    });

    after(() => app.destroy());

    it('ignores a malformed cookie that is not ours on a page, and logs its name, not its value', async () => {

        for (const junk of foreignJunk) {
            const res = await app.web.inject({ url: '/auth', headers: { cookie: `${junk}; fine=1` } });
            expect(res.statusCode, junk).to.equal(200);
        }

        expect(logged.join('\n')).to.include('"theme"');
        expect(logged.join('\n')).to.not.include('dark mode');
    });

    it('keeps a signed-in user signed in, and their forms working, next to a malformed foreign cookie', async () => {

        const browser = app.browser();
        await signUp(browser, 'cookie.owner@example.com');
        const headers = { cookie: `${browser.cookieHeader('/dashboard')}; theme=dark mode` };
        const page = await app.web.inject({ url: '/dashboard', headers });
        expect(page.statusCode).to.equal(200);

        const api = await app.web.inject({ url: '/api/me', headers });
        expect(api.statusCode).to.equal(200);

        const form = await browser.get('/dashboard/password');
        const crumb = crumbIn(form.payload);
        const post = await app.web.inject({
            method: 'POST',
            url: '/dashboard/password',
            headers: { cookie: `${browser.cookieHeader('/dashboard/password')}; theme=dark mode`, origin: app.config.web.websiteDomain },
            payload: { crumb, currentPassword: 'wrong password here', newPassword: 'another long password', confirmPassword: 'another long password' }
        });
        expect(post.statusCode).to.not.equal(403);
        expect(post.statusCode).to.be.below(500);
    });

    it('refuses a malformed cookie of ours with a 400 that clears it', async () => {

        for (const [name, path] of [['crumb', '/'], ['sAccessToken', '/'], ['sRefreshToken', '/auth/session/refresh']] as const) {
            const res = await app.web.inject({ url: '/auth', headers: { cookie: `${name}=not valid` } });
            expect(res.statusCode, name).to.equal(400);
            const cleared = [res.headers['set-cookie'] ?? []].flat().find((line) => line.startsWith(`${name}=;`));
            expect(cleared, name).to.exist();
            expect(cleared).to.include(`Path=${path}`);
        }
    });
});
