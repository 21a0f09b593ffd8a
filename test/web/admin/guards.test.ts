import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import SuperTokens from 'supertokens-node';
import EmailVerification from 'supertokens-node/recipe/emailverification';
import Session from 'supertokens-node/recipe/session';
import UserMetadata from 'supertokens-node/recipe/usermetadata';
import UserRoles from 'supertokens-node/recipe/userroles';


import { testClock } from '../../helpers/core';
import { coreRequest } from '../../helpers/core-api';
import { adminEmail, adminPost, signedInAdmin, signedInUser, startAdminApp, userPage, type SignedIn, useAdminApp } from '../../helpers/admin';
import { crumbIn, handleOf, postForm, signIn } from '../../helpers/pages';
import { enrolTotp } from '../../helpers/two-factor';
import type { Browser, TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


interface Target {
    readonly user: SignedIn;
    readonly role: string;
    readonly handle: string;
    /** A pending invitation. */
    readonly invitationId: string;
}

interface AdminRoute {
    readonly method: 'GET' | 'POST';
    readonly path: (target: Target) => string;
    /** POST: the page that holds the form (where sign-in comes back to). */
    readonly formPage?: (target: Target) => string;
    readonly fields?: (target: Target) => Record<string, string>;
    /** POST: where an admin's successful submission goes. */
    readonly done?: (target: Target) => string;
    /** POST: answers with the form's page (200) rather than a redirect. */
    readonly renders?: boolean;
    /** POST: what must be true for the form page to show this form. */
    readonly prepare?: (app: TestApp, target: Target) => Promise<void>;
}

const onUser = (action: string, fields?: (target: Target) => Record<string, string>): AdminRoute => ({
    method: 'POST',
    path: (target) => `${userPage(target.user.userId)}/${action}`,
    formPage: (target) => userPage(target.user.userId),
    fields,
    done: (target) => userPage(target.user.userId)
});

const pages: AdminRoute[] = [
    { method: 'GET', path: () => '/admin' },
    { method: 'GET', path: () => '/admin/users' },
    { method: 'GET', path: (target) => userPage(target.user.userId) },
    { method: 'GET', path: () => '/admin/roles' },
    { method: 'GET', path: (target) => `/admin/roles/${target.role}` },
    { method: 'GET', path: () => '/admin/audit' },
    { method: 'GET', path: () => '/admin/invitations' }
];

/** Exports: GETs that answer a file, not a page. */
const downloads: AdminRoute[] = [
    { method: 'GET', path: () => '/admin/users.csv' },
    { method: 'GET', path: () => '/admin/audit.csv' }
];

const actions: AdminRoute[] = [
    onUser('sessions/revoke', (target) => ({ handle: target.handle })),
    onUser('sessions/revoke-all'),
    onUser('roles/grant', (target) => ({ role: target.role })),
    onUser('roles/remove', () => ({ role: 'guard-held' })),
    onUser('ban', () => ({ reason: 'left the company' })),
    { ...onUser('unban'), prepare: async (app, target) => void await coreRequest(app, 'POST', '/staffgate/ban', { userId: target.user.userId }) },
    { ...onUser('lockout/clear'), prepare: async (app, target) => void await signIn(app.browser(), target.user.email, 'a wrong password') },
    onUser('password-reset'),
    onUser('email/verify'),
    {
        ...onUser('email/unverify'),
        prepare: async (app, target) => {

            const token = await EmailVerification.createEmailVerificationToken('public', SuperTokens.convertToRecipeUserId(target.user.userId));
            await EmailVerification.verifyEmailUsingToken('public', (token as { token: string }).token);
        }
    },
    onUser('metadata', () => ({ metadata: '{"team":"ops"}' })),
    { ...onUser('delete', (target) => ({ confirmEmail: target.user.email })), done: () => '/admin/users' },
    { ...onUser('two-factor/reset', (target) => ({ confirmReset: target.user.email })), prepare: async (app, target) => void await enrolTotp(app, target.user.userId) },
    { method: 'POST', path: () => '/admin/roles', formPage: () => '/admin/roles', fields: (target) => ({ name: `${target.role}-new`, permissions: 'reports:read' }), done: (target) => `/admin/roles/${target.role}-new` },
    { method: 'POST', path: (target) => `/admin/roles/${target.role}/permissions`, formPage: (target) => `/admin/roles/${target.role}`, fields: () => ({ permissions: 'a\nb' }), done: (target) => `/admin/roles/${target.role}` },
    { method: 'POST', path: (target) => `/admin/roles/${target.role}/delete`, formPage: (target) => `/admin/roles/${target.role}`, done: () => '/admin/roles' },
    { method: 'POST', path: () => '/admin/invitations', formPage: () => '/admin/invitations', fields: (target) => ({ emails: `new-${target.role}@example.com` }), renders: true },
    { method: 'POST', path: (target) => `/admin/invitations/${target.invitationId}/resend`, formPage: () => '/admin/invitations', done: () => '/admin/invitations' },
    { method: 'POST', path: (target) => `/admin/invitations/${target.invitationId}/revoke`, formPage: () => '/admin/invitations', done: () => '/admin/invitations' }
];

const routes = [...pages, ...downloads, ...actions];

const describeRoute = (route: AdminRoute, target: Target) => `${route.method} ${route.path(target)}`;

const expectForbiddenPage = (res: { statusCode: number; payload: string }, what: string, reason: 'access' | 'form' = 'access') => {

    expect(res.statusCode, what).to.equal(403);
    expect(res.payload, what).to.contain('data-status="403"');
    expect(res.payload, what).to.not.contain('id="admin-nav"');
    if (reason === 'access') {
        // Told they lack access (not that a form expired), with the nav's Sign out still there.
        expect(res.payload, what).to.contain('data-reason="access"');
        expect(res.payload, what).to.contain('does not have access to this page');
        expect(res.payload, what).to.not.contain('may have expired');
        expect(res.payload, what).to.contain('id="sign-out"');
    }
    else {
        expect(res.payload, what).to.contain('may have expired');
    }
};


describe('Admin guards', () => {

    const { app, admin } = useAdminApp(lab, { quietMail: true });
    let counter = 0;

    /** A fresh user with a live session, a role of their own and a role to lose. */
    const newTarget = async (): Promise<Target> => {

        counter += 1;
        const user = await signedInUser(app, `guard-target-${counter}@example.com`, ['guard-held']);
        const role = `guard-role-${counter}`;
        await UserRoles.createNewRoleOrAddPermissions(role, ['x']);
        const { invitation } = await coreRequest(app, 'POST', '/staffgate/invitations', { email: `guard-invitee-${counter}@example.com`, lifetimeHours: 1 });
        return { user, role, handle: await handleOf(user.browser), invitationId: invitation.invitationId };
    };

    /** Submits `route` from `browser` with the crumb of a page it may read, or a matching made-up crumb. */
    const submit = async (browser: Browser, route: AdminRoute, target: Target) => {

        if (route.method === 'GET') {
            return await browser.get(route.path(target));
        }

        if (!browser.cookies.has('crumb')) {
            browser.cookies.set('crumb', { value: 'c'.repeat(43), path: '/' });
        }

        return await postForm(browser, route.path(target), { crumb: browser.cookies.get('crumb')!.value, ...route.fields?.(target) });
    };


    it('has a test for every admin route', () => {

        const table = app.web.table().filter((route) => route.path.startsWith('/admin')).map((route) => `${route.method.toUpperCase()} ${route.path}`).sort();
        expect(table).to.have.length(routes.length);
        const target = { user: { userId: '{id}' }, role: '{role}', invitationId: '{id}' } as Target;
        expect(routes.map((route) => `${route.method} ${route.path(target).replace('%7Bid%7D', '{id}')}`).sort()).to.equal(table);
    });

    it('sends a signed-out visitor to sign in, coming back to the page (or the form\'s page)', async () => {

        const target = await newTarget();
        const browser = app.browser();
        for (const route of routes) {
            const res = await submit(browser, route, target);
            const back = route.formPage?.(target) ?? route.path(target);
            expect(res.statusCode, describeRoute(route, target)).to.equal(302);
            expect(res.headers.location, describeRoute(route, target)).to.equal(`/auth?redirectToPath=${encodeURIComponent(back)}`);
        }
    });

    it('shows a signed-in user without an admin role the 403 page everywhere', async () => {

        const target = await newTarget();
        const staff = await signedInUser(app, 'staff@example.com', ['guard-held']);
        await staff.browser.get('/dashboard');                     // the dashboard's crumb cookie, as a real browser would have
        for (const route of routes) {
            expectForbiddenPage(await submit(staff.browser, route, target), describeRoute(route, target));
        }

        expect(await SuperTokens.getUser(target.user.userId)).to.exist();
    });

    it('lets a viewer read every page, without forms, and change nothing', async () => {

        const target = await newTarget();
        const viewer = await signedInUser(app, 'viewer@example.com', ['viewer']);
        for (const route of pages) {
            const res = await submit(viewer.browser, route, target);
            expect(res.statusCode, describeRoute(route, target)).to.equal(200);
            expect(res.payload).to.contain('id="admin-read-only"');
            expect(res.payload).to.not.contain('method="post"');
        }

        for (const route of downloads) {
            const res = await submit(viewer.browser, route, target);
            expect(res.statusCode, describeRoute(route, target)).to.equal(200);
            expect(res.headers['content-type'], describeRoute(route, target)).to.equal('text/csv; charset=utf-8');
            expect(String(res.headers['content-disposition']), describeRoute(route, target)).to.startWith('attachment');
        }

        // A crumb from a real page, so that only the role refuses.
        crumbIn((await viewer.browser.get('/dashboard')).payload);
        for (const route of actions) {
            expectForbiddenPage(await submit(viewer.browser, route, target), describeRoute(route, target));
        }

        expect(await SuperTokens.getUser(target.user.userId)).to.exist();
        expect(await Session.getSessionInformation(target.handle)).to.exist();
        expect((await UserRoles.getRolesForUser('public', target.user.userId)).roles).to.equal(['guard-held']);
        expect((await UserRoles.getAllRoles()).roles).to.include(target.role);
        expect((await coreRequest(app, 'GET', `/staffgate/ban?userId=${target.user.userId}`)).banned).to.be.false();
    });

    it('lets an admin read every page and use every form', async () => {

        const target = await newTarget();
        for (const route of pages) {
            const res = await submit(admin.browser, route, target);
            expect(res.statusCode, describeRoute(route, target)).to.equal(200);
            expect(res.payload).to.contain('id="admin-nav"');
            expect(res.payload).to.not.contain('id="admin-read-only"');
        }

        for (const route of downloads) {
            expect((await submit(admin.browser, route, target)).statusCode, describeRoute(route, target)).to.equal(200);
        }

        for (const route of actions) {
            const fresh = await newTarget();
            await route.prepare?.(app, fresh);
            const form = await admin.browser.get(route.formPage!(fresh));
            expect(form.payload, describeRoute(route, fresh)).to.contain(`action="${route.path(fresh)}"`);
            const res = await postForm(admin.browser, route.path(fresh), { crumb: crumbIn(form.payload), ...route.fields?.(fresh) });
            expect(res.statusCode, describeRoute(route, fresh)).to.equal(route.renders ? 200 : 302);
            expect(res.headers.location, describeRoute(route, fresh)).to.equal(route.done?.(fresh));
        }
    });

    it('takes effect on the next request when the admin role is removed', async () => {

        const second = await signedInUser(app, 'second-admin@example.com', ['admin']);
        expect((await second.browser.get('/admin/users')).statusCode).to.equal(200);

        await UserRoles.removeUserRole('public', second.userId, 'admin');
        expectForbiddenPage(await second.browser.get('/admin/users'), 'after removal');

        // Through the admin area too.
        const third = await signedInUser(app, 'third-admin@example.com', ['admin']);
        expect((await third.browser.get('/admin')).statusCode).to.equal(200);
        const removed = await adminPost(admin.browser, userPage(third.userId), `${userPage(third.userId)}/roles/remove`, { role: 'admin' });
        expect(removed.statusCode).to.equal(302);
        expectForbiddenPage(await third.browser.get('/admin'), 'after removal in the admin area');
    });

    it('turns a viewer into an admin on the next request', async () => {

        const promoted = await signedInUser(app, 'promoted@example.com', ['viewer']);
        crumbIn((await promoted.browser.get('/dashboard')).payload);
        const refused = await submit(promoted.browser, actions[1]!, { user: promoted, role: 'viewer', handle: '', invitationId: '' });
        expectForbiddenPage(refused, 'as a viewer');

        await UserRoles.addRoleToUser('public', promoted.userId, 'admin');
        const page = await promoted.browser.get(userPage(promoted.userId));
        expect(page.payload).to.contain('id="revoke-all-form"');
    });

    it('signs out an admin whose session was revoked, at once', async () => {

        const other = await signedInUser(app, 'revoked-admin@example.com', ['admin']);
        expect((await other.browser.get('/admin')).statusCode).to.equal(200);
        await Session.revokeSession(await handleOf(other.browser));
        const res = await other.browser.get('/admin');
        expect(res.statusCode).to.equal(302);
        expect(res.headers.location).to.equal('/auth?redirectToPath=%2Fadmin&signedOut=device');
    });

    it('answers an unknown user or role with the 404 page, and a malformed id with the 400 page', async () => {

        const missing = await admin.browser.get('/admin/users/00000000-0000-0000-0000-000000000000');
        expect(missing.statusCode).to.equal(404);
        expect(missing.payload).to.contain('data-status="404"');
        expect((await admin.browser.get('/admin/roles/no-such-role')).statusCode).to.equal(404);

        const junk = await admin.browser.get('/admin/users/a%01b');
        expect(junk.statusCode).to.equal(400);
        expect(junk.payload).to.contain('data-status="400"');

        const action = await adminPost(admin.browser, '/admin/roles', '/admin/users/00000000-0000-0000-0000-000000000000/ban');
        expect(action.statusCode).to.equal(404);
    });

    describe('CSRF', () => {

        it('refuses an admin form posted without the crumb, with a wrong one, or from another origin', async () => {

            const target = await newTarget();
            const ban = `${userPage(target.user.userId)}/ban`;
            const page = await admin.browser.get(userPage(target.user.userId));
            const crumb = crumbIn(page.payload);

            expectForbiddenPage(await postForm(admin.browser, ban, {}), 'no crumb', 'form');
            expectForbiddenPage(await postForm(admin.browser, ban, { crumb: 'x'.repeat(43) }), 'wrong crumb', 'form');
            expectForbiddenPage(await postForm(admin.browser, ban, { crumb }, { origin: 'https://evil.example' }), 'other origin', 'form');

            // Another browser's crumb (its own cookie, the admin's field) is refused too.
            const attacker = app.browser();
            attacker.cookies.set('sAccessToken', admin.browser.cookies.get('sAccessToken')!);
            expectForbiddenPage(await postForm(attacker, ban, { crumb }), 'crumb without its cookie', 'form');

            expect((await coreRequest(app, 'GET', `/staffgate/ban?userId=${target.user.userId}`)).banned).to.be.false();
            expect(await Session.getSessionInformation(target.handle)).to.exist();

            // The same form with its crumb goes through.
            const res = await postForm(admin.browser, ban, { crumb }, { origin: app.config.web.websiteDomain });
            expect(res.statusCode).to.equal(302);
            expect((await coreRequest(app, 'GET', `/staffgate/ban?userId=${target.user.userId}`)).banned).to.be.true();
        });

        it('never changes anything on GET', async () => {

            const target = await newTarget();
            for (const action of ['ban', 'delete', 'sessions/revoke-all', 'roles/remove?role=guard-held']) {
                const res = await admin.browser.get(`${userPage(target.user.userId)}/${action}`);
                expect(res.statusCode, action).to.equal(404);
            }

            expect(await Session.getSessionInformation(target.handle)).to.exist();
            expect((await UserRoles.getRolesForUser('public', target.user.userId)).roles).to.equal(['guard-held']);
        });
    });
});


describe('Admin guards with an expired access token', () => {

    // The web server checks `exp` against its own clock; the core's clock is ours. A refresh made with the core's
    // clock set back by more than the validity gives the browser an access token that is already expired for the
    // web server, while its (rotated) refresh token stays live.
    const validitySeconds = 60;
    const clock = testClock();
    let app: TestApp;

    before(async () => {

        app = await startAdminApp({ CORE_ACCESS_TOKEN_VALIDITY: String(validitySeconds) }, { coreClock: clock.now });
    });

    after(async () => {

        await app.destroy();
    });

    it('sends a page to the refresh step and a form post to the refresh step for its page', async () => {

        // A fresh session, for an admin made by a verification first.
        const { userId } = await signedInAdmin(app);
        const admin = { userId, browser: app.browser() };
        await signIn(admin.browser, adminEmail);
        const crumb = crumbIn((await admin.browser.get(userPage(admin.userId))).payload);

        clock.advance(-2 * validitySeconds * 1000);
        const refresh = await admin.browser.post('/auth/session/refresh');
        clock.advance(2 * validitySeconds * 1000);
        expect(refresh.statusCode).to.equal(200);

        const page = await admin.browser.get('/admin/users?q=a');
        expect(page.statusCode).to.equal(302);
        expect(page.headers.location).to.equal(`/auth/refresh?redirectToPath=${encodeURIComponent('/admin/users?q=a')}`);

        // A form's POST gets the refresh page holding its fields, to send again once refreshed (form-replay.ts).
        const action = `${userPage(admin.userId)}/metadata`;
        const post = await postForm(admin.browser, action, { crumb, metadata: '{"team":"<ops>"}' });
        expect(post.statusCode).to.equal(200);
        expect(post.payload).to.contain(`<form method="post" action="${action}" id="replay-form" data-history-path="/auth/refresh?redirectToPath&#x3D;${encodeURIComponent(userPage(admin.userId))}" hidden>`);
        expect(post.payload).to.contain(`<input type="hidden" name="crumb" value="${crumb}">`);
        expect(post.payload).to.contain('<input type="hidden" name="metadata" value="{&quot;team&quot;:&quot;&lt;ops&gt;&quot;}">');
        const nonce = /name="staffgateReplay" value="([^"]+)"/.exec(post.payload)![1]!;
        expect(admin.browser.cookies.get('sgReplay')?.value).to.equal(nonce);

        // The refresh token is live: the refresh step renews the session, and the page opens again.
        expect((await admin.browser.post('/auth/session/refresh')).statusCode).to.equal(200);
        expect((await admin.browser.get('/admin/users?q=a')).statusCode).to.equal(200);

        // The replay is applied once; the same replay again is the 409 page, and nothing is done twice.
        const replay = await postForm(admin.browser, action, { crumb, staffgateReplay: nonce, metadata: '{"team":"<ops>"}' });
        expect(replay.statusCode).to.equal(302);
        expect((await UserMetadata.getUserMetadata(admin.userId)).metadata).to.equal({ team: '<ops>' });
        expect(admin.browser.cookies.has('sgReplay')).to.be.false();
        await UserMetadata.updateUserMetadata(admin.userId, { team: 'changed since' });

        const again = await postForm(admin.browser, action, { crumb, staffgateReplay: nonce, metadata: '{"team":"<ops>"}' });
        expect(again.statusCode).to.equal(409);
        expect(again.payload).to.contain('This form was already sent once');
        expect((await UserMetadata.getUserMetadata(admin.userId)).metadata).to.equal({ team: 'changed since' });
        expect((await postForm(admin.browser, action, { crumb, staffgateReplay: 'not-a-nonce', metadata: '{}' })).statusCode).to.equal(409);
    });

    it('keeps several replays pending at once, each usable once', async () => {

        const [user] = await SuperTokens.listUsersByAccountInfo('public', { email: adminEmail });
        const admin = { userId: user!.id, browser: app.browser() };
        await signIn(admin.browser, adminEmail);
        const crumb = crumbIn((await admin.browser.get(userPage(admin.userId))).payload);

        clock.advance(-2 * validitySeconds * 1000);
        expect((await admin.browser.post('/auth/session/refresh')).statusCode).to.equal(200);
        clock.advance(2 * validitySeconds * 1000);

        const action = `${userPage(admin.userId)}/metadata`;
        const nonces: string[] = [];
        for (let i = 0; i < 7; ++i) {
            const post = await postForm(admin.browser, action, { crumb, metadata: `{"n":${i}}` });
            nonces.push(/name="staffgateReplay" value="([^"]+)"/.exec(post.payload)![1]!);
        }

        expect(admin.browser.cookies.get('sgReplay')!.value.split('.')).to.equal(nonces.slice(-5));
        expect((await admin.browser.post('/auth/session/refresh')).statusCode).to.equal(200);
        expect((await postForm(admin.browser, action, { crumb, staffgateReplay: nonces[0]!, metadata: '{}' })).statusCode).to.equal(409);
        expect((await postForm(admin.browser, action, { crumb, staffgateReplay: nonces[6]!, metadata: '{"n":6}' })).statusCode).to.equal(302);
        expect(admin.browser.cookies.get('sgReplay')!.value.split('.')).to.equal(nonces.slice(2, 6));
        expect((await postForm(admin.browser, action, { crumb, staffgateReplay: nonces[5]!, metadata: '{"n":5}' })).statusCode).to.equal(302);
        expect((await UserMetadata.getUserMetadata(admin.userId)).metadata).to.equal({ n: 5 });
    });
});
