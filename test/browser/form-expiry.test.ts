/*
 * Issue 14.1: no form post is lost to an expired access token. For every form of the dashboard and the admin area:
 * open the page, let the access token expire, send the form, and check that it was applied once with its success
 * message. Two ways each form can meet the expiry:
 *
 * - `front token`: the browser knows the token expired (the front token says so): fresh-forms.js refreshes first;
 * - `server`: the browser thinks it is still good (a device clock behind): the server's guard carries the fields
 *   through the refresh page, which sends them again (server/web/pre/form-replay.ts).
 *
 * The expiry is made, not waited for (as in session-expiry.test.ts): a refresh with the core's clock set back gives
 * the browser an access token that is already expired for the web server, while its refresh token stays live.
 */

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import type { BrowserContext, Page } from 'playwright-core';
import SuperTokens from 'supertokens-node';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import Session from 'supertokens-node/recipe/session';
import UserRoles from 'supertokens-node/recipe/userroles';

import { verifyEmailOf } from '../helpers/admin';
import { browserSuite, hasChromium, problems, startBrowserApp, submitSignIn, useBrowserApp, type TestPage } from '../helpers/browser';
import { testClock } from '../helpers/core';
import { totpCode } from '../helpers/totp';
import { enrolTotp, twoFactorOf } from '../helpers/two-factor';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


const adminEmail = 'ada.expiry@example.com';
const password = 'a long enough password';
const newPassword = 'another long enough password';

type Mode = 'front token' | 'server';

interface Target {
    readonly userId: string;
    readonly email: string;
}

interface FormCase {
    readonly name: string;
    /** Who sends the form: the target user themselves, or the admin about the target user. */
    readonly as: 'user' | 'admin';
    /** The page with the form. */
    readonly path: (target: Target) => string;
    /** Fills the form (what the user typed, which must not be lost). */
    readonly fill?: (page: Page) => Promise<unknown>;
    readonly submit: string;
    /** The success message shown afterwards. */
    readonly message: RegExp;
    /** Checks the effect happened, once. */
    readonly effect: (target: Target) => Promise<unknown>;
    /** Done before the page is opened. */
    readonly prepare?: (target: Target) => Promise<void>;
    /** The user has an authenticator app (and so signs in with a code as well). */
    readonly twoFactor?: true;
}

let counter = 0;

describe(browserSuite('forms sent after the access token expired, in Chromium'), { skip: !hasChromium }, () => {

    const validitySeconds = 60;
    const clock = testClock();
    const app = useBrowserApp(lab, async () => {

        const started = await startBrowserApp({ CORE_ACCESS_TOKEN_VALIDITY: String(validitySeconds), ADMIN_EMAILS: adminEmail }, { coreClock: clock.now });
        const created = await EmailPassword.signUp('public', adminEmail, password);
        if (created.status !== 'OK') {
            throw new Error(created.status);
        }

        await verifyEmailOf(created.user.id, adminEmail);
        return started;
    });

    /** Gives the context an expired access token; with `frontToken`, the browser's front token says so too. */
    const expireAccessToken = async (context: BrowserContext, frontToken: boolean): Promise<void> => {

        const setBackMs = 2 * validitySeconds * 1000;
        clock.advance(-setBackMs);
        try {
            const res = await context.request.post(`${app.origin}/auth/session/refresh`, { headers: { rid: 'anti-csrf' } });
            expect(res.status()).to.equal(200);
            if (frontToken) {
                await context.addCookies([{ name: 'sFrontToken', value: res.headers()['front-token']!, url: app.origin }]);
            }
        }
        finally {
            clock.advance(setBackMs);
        }
    };

    /** Signs in with the password, and with `totpSecret` a code of the authenticator app too. */
    const signedIn = async (email: string, totpSecret?: string): Promise<TestPage> => {

        const opened = await app.newPage();
        await opened.page.goto(`${app.origin}/auth`);
        await submitSignIn(opened.page, email, password);
        if (totpSecret !== undefined) {
            await opened.page.waitForURL((url) => url.pathname === '/auth/mfa');
            await opened.page.fill('#mfa-code', totpCode(totpSecret, Date.now() + 30_000));     // the enrolment spent this window's
            await opened.page.click('#mfa-submit');
        }

        await opened.page.waitForURL(`${app.origin}/dashboard`);
        return opened;
    };

    const newTarget = async (): Promise<Target> => {

        const email = `form.expiry.${++counter}@example.com`;
        const created = await EmailPassword.signUp('public', email, password);
        if (created.status !== 'OK') {
            throw new Error(created.status);
        }

        return { userId: created.user.id, email };
    };

    /** A second session of the target, made without a browser. */
    const otherSession = async (target: Target) => {

        await Session.createNewSessionWithoutRequestResponse('public', SuperTokens.convertToRecipeUserId(target.userId));
    };

    const sessionCount = async (target: Target) => (await Session.getAllSessionHandlesForUser(target.userId)).length;

    const userPath = (target: Target) => `/admin/users/${encodeURIComponent(target.userId)}`;

    const cases: FormCase[] = [
        {
            name: 'change my password',
            as: 'user',
            path: () => '/dashboard/password',
            fill: async (page) => {

                await page.fill('#current-password', password);
                await page.fill('#new-password', newPassword);
                await page.fill('#confirm-password', newPassword);
            },
            submit: '#password-submit',
            message: /Your password has been changed/,
            effect: async (target) => {

                expect((await EmailPassword.verifyCredentials('public', target.email, password)).status).to.equal('WRONG_CREDENTIALS_ERROR');
                expect((await EmailPassword.verifyCredentials('public', target.email, newPassword)).status).to.equal('OK');
            }
        },
        {
            name: 'sign out my other sessions',
            as: 'user',
            prepare: otherSession,
            path: () => '/dashboard',
            submit: '#revoke-others-submit',
            message: /Signed out 1 other session/,
            effect: async (target) => expect(await sessionCount(target)).to.equal(1)
        },
        {
            name: 'sign out one of my devices',
            as: 'user',
            prepare: otherSession,
            path: () => '/dashboard',
            submit: '#other-sessions .revoke-session-submit',
            message: /That device was signed out/,
            effect: async (target) => expect(await sessionCount(target)).to.equal(1)
        },
        {
            name: 'rename my authenticator app',
            as: 'user',
            twoFactor: true,
            path: () => '/dashboard/security',
            fill: (page) => page.fill('.device form[action$="/rename"] input[name=newName]', 'Work phone'),
            submit: '.device form[action$="/rename"] button',
            message: /Renamed to "Work phone"/,
            effect: async (target) => {

                const { devices } = await twoFactorOf(app.deployment.core!, target.userId);
                expect(devices.map((device: { name: string }) => device.name)).to.equal(['Work phone']);
            }
        },
        {
            name: 'make new recovery codes',
            as: 'user',
            twoFactor: true,
            path: () => '/dashboard/security',
            submit: '#regenerate',
            message: /New recovery codes made/,
            effect: async (target) => expect((await twoFactorOf(app.deployment.core!, target.userId)).recoveryCodes).to.include({ total: 10, remaining: 10 })
        },
        {
            name: 'ban and sign out',
            as: 'admin',
            prepare: otherSession,
            path: userPath,
            fill: (page) => page.fill('#ban-reason', 'left the company'),
            submit: '#ban-submit',
            message: /The user is banned and cannot sign in\. 1 session was signed out/,
            effect: async (target) => {

                expect(await sessionCount(target)).to.equal(0);
                expect((await EmailPassword.signIn('public', target.email, password)).status).to.not.equal('OK');
            }
        },
        {
            name: 'grant a role',
            as: 'admin',
            prepare: async () => {

                await UserRoles.createNewRoleOrAddPermissions('editor', []);
            },
            path: userPath,
            fill: async (page) => {

                await page.selectOption('#grant-role-select', 'editor');
            },
            submit: '#grant-role-submit',
            message: /The role was granted/,
            effect: async (target) => expect((await UserRoles.getRolesForUser('public', target.userId)).roles).to.include('editor')
        },
        {
            name: 'sign out everywhere',
            as: 'admin',
            prepare: otherSession,
            path: userPath,
            submit: '#revoke-all-submit',
            message: /Signed out 1 session/,
            effect: async (target) => expect(await sessionCount(target)).to.equal(0)
        },
        {
            name: 'save metadata',
            as: 'admin',
            path: userPath,
            fill: (page) => page.fill('#metadata-input', '{ "team": "blue" }'),
            submit: '#metadata-submit',
            message: /The metadata was saved/,
            effect: async (target) => {

                const { default: UserMetadata } = await import('supertokens-node/recipe/usermetadata');
                expect((await UserMetadata.getUserMetadata(target.userId)).metadata).to.equal({ team: 'blue' });
            }
        },
        {
            name: 'mark the email verified',
            as: 'admin',
            path: userPath,
            submit: '#mark-verified-form button',
            message: /marked as verified/,
            effect: async (target) => {

                const { default: EmailVerification } = await import('supertokens-node/recipe/emailverification');
                expect(await EmailVerification.isEmailVerified(SuperTokens.convertToRecipeUserId(target.userId), target.email)).to.be.true();
            }
        },
        {
            name: 'create a role',
            as: 'admin',
            path: () => '/admin/roles',
            fill: (page) => page.fill('#role-name', `team-${counter}`),
            submit: '#create-role-submit',
            message: /The role was created/,
            effect: async () => expect((await UserRoles.getAllRoles()).roles).to.include(`team-${counter}`)
        }
    ];

    for (const mode of ['front token', 'server'] as Mode[]) {
        for (const form of cases) {
            it(`${form.name}: applied once, with its message (expiry known to the ${mode === 'server' ? 'server only' : 'browser'})`, async () => {

                const target = await newTarget();
                await form.prepare?.(target);
                const totpSecret = form.twoFactor ? await enrolTotp(app.deployment.core!, target.userId) : undefined;
                const opened = await signedIn(form.as === 'admin' ? adminEmail : target.email, totpSecret);
                const { page, context, record } = opened;
                const res = await page.goto(`${app.origin}${form.path(target)}`, { waitUntil: 'networkidle' });
                expect(res!.status()).to.equal(200);
                await form.fill?.(page);

                await expireAccessToken(context, mode === 'front token');
                const posts = () => record.responses.filter((line) => / POST /.test(line) && !/\/(?:auth|api)\//.test(line));
                const before = posts().length;
                await page.click(form.submit);
                await page.locator('#flash').waitFor();
                expect(await page.textContent('#flash')).to.match(form.message);
                await form.effect(target);

                // The form was posted once; in server mode, once more by the refresh page (the first met the expiry).
                expect(posts().slice(before)).to.have.length(mode === 'server' ? 2 : 1);
                const refreshes = record.responses.filter((line) => line.includes('/auth/session/refresh'));
                expect(refreshes.length).to.be.at.least(1);
                expect(problems(record)).to.equal([]);
            });
        }
    }

    it('does not apply a replayed form twice when its answer is reloaded', async () => {

        const target = await newTarget();
        await otherSession(target);
        await otherSession(target);
        const { page, context } = await signedIn(adminEmail);
        await page.goto(`${app.origin}${userPath(target)}`, { waitUntil: 'networkidle' });
        await expireAccessToken(context, false);
        await page.click('#revoke-all-submit');
        await page.locator('#flash').waitFor();
        expect(await page.textContent('#flash')).to.match(/Signed out 2 sessions/);

        // The admin's own page answered the replay with a redirect: the reload is a GET, nothing is sent again.
        await otherSession(target);
        await page.reload();
        expect(await sessionCount(target)).to.equal(1);

        // Back goes to the refresh step as a GET (never the form's POST again), which comes back to the user page.
        await page.goBack();
        await page.waitForLoadState('networkidle');
        expect(await sessionCount(target)).to.equal(1);
    });
});
