import * as Code from '@hapi/code';
import type * as Hapi from '@hapi/hapi';
import * as Lab from '@hapi/lab';
import Joi from 'joi';
import SuperTokens from 'supertokens-node';
import EmailVerification from 'supertokens-node/recipe/emailverification';
import Session from 'supertokens-node/recipe/session';
import UserRoles from 'supertokens-node/recipe/userroles';

import { fieldErrorsOf } from '../../../server/web/pages/forms';
import { pageSession, safeRedirectPath, sessionOf } from '../../../server/web/pre/session';
import { refreshTarget } from '../../../server/web/routes/auth/refresh';
import { isHidden, signIn, signUp } from '../../helpers/pages';
import { startTestApp, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('redirect targets', () => {

    it('keeps same-origin paths with their query and fragment', () => {

        for (const path of ['/', '/dashboard', '/dashboard/password?x=1#top', '/a/b\\c', '/%2F%2Fevil.com']) {
            expect(safeRedirectPath(path), path).to.equal(path);
        }
    });

    it('replaces anything that could leave the site, or is not a path, with the fallback', () => {

        for (const value of ['//evil.com', '/\\evil.com', '\\\\evil.com', 'https://evil.com', 'javascript:alert(1)', 'dashboard', '', '/\t/evil.com', '/\r\n/evil.com', '/\u0000', `/${'a'.repeat(2048)}`, undefined, 42, ['/a']]) {
            expect(safeRedirectPath(value), String(value)).to.equal('/dashboard');
        }

        expect(safeRedirectPath('//evil.com', '/auth')).to.equal('/auth');
    });

    it('never sends the refresh step back to itself', () => {

        expect(refreshTarget('/auth/refresh')).to.equal('/dashboard');
        expect(refreshTarget('/auth/refresh/')).to.equal('/dashboard');
        expect(refreshTarget('/auth/refresh?redirectToPath=%2Fx')).to.equal('/dashboard');
        expect(refreshTarget('/auth/refresh#x')).to.equal('/dashboard');
        expect(refreshTarget('/auth/refreshed')).to.equal('/auth/refreshed');
        expect(refreshTarget('/dashboard?x=1')).to.equal('/dashboard?x=1');
    });
});


describe('form errors', () => {

    it('puts problems that belong to no field under form', () => {

        const { error } = Joi.object({ a: Joi.string() }).validate(null);
        expect(fieldErrorsOf(error!)).to.equal({ form: 'The form was not as expected: reload the page and try again' });
    });

    it('keeps the first problem of each field', () => {

        const { error } = Joi.object({ a: Joi.string().max(2), b: Joi.string() }).validate({ a: 'long', b: 5 }, { abortEarly: false });
        expect(fieldErrorsOf(error!)).to.equal({ a: 'This is too long', b: 'Enter text here' });
    });

    it('has a general message for other problems', () => {

        const { error } = Joi.object({ a: Joi.string().valid('x') }).validate({ a: 'y' });
        expect(fieldErrorsOf(error!)).to.equal({ a: 'This value is not valid' });
    });
});


describe('page guards', () => {

    let app: TestApp;

    before(async () => {

        app = await startTestApp({ EMAIL_VERIFICATION: 'required' });
        app.web.route({
            method: 'GET',
            path: '/test/auditors-only',
            options: {
                pre: [{ method: pageSession({ overrideGlobalClaimValidators: (validators) => [...validators, UserRoles.UserRoleClaim.validators.includes('auditor')] }) }],
                handler: () => 'secret'
            }
        });
    });

    after(async () => {

        await app.destroy();
    });

    it('sends an unverified user to the verify-email page when verification is required', async () => {

        const browser = app.browser();
        await signUp(browser, 'must-verify@example.com');
        for (const [path, back] of [['/dashboard', '%2Fdashboard'], ['/dashboard/password', '%2Fdashboard%2Fpassword']]) {
            const res = await browser.get(path!);
            expect(res.statusCode, path).to.equal(302);
            expect(res.headers.location, path).to.equal(`/auth/verify-email?redirectToPath=${back}`);
        }

        const verify = await browser.get('/auth/verify-email?redirectToPath=%2Fdashboard');
        expect(verify.statusCode).to.equal(200);
        expect(isHidden(verify.payload, 'verify-send')).to.be.false();
    });

    it('lets a user who verified through a link opened elsewhere continue from the verify-email page', async () => {

        const browser = app.browser();
        const userId = await signUp(browser, 'verified-elsewhere@example.com');
        expect((await browser.get('/dashboard')).headers.location).to.equal('/auth/verify-email?redirectToPath=%2Fdashboard');

        // The link is opened in another browser: this session's access token still says unverified.
        const token = await EmailVerification.createEmailVerificationToken('public', SuperTokens.convertToRecipeUserId(userId));
        await EmailVerification.verifyEmailUsingToken('public', (token as { token: string }).token);

        const verify = await browser.get('/auth/verify-email?redirectToPath=%2Fdashboard');
        expect(verify.payload).to.contain('id="verify-already"');
        expect((await browser.get('/dashboard')).statusCode).to.equal(200);
    });

    it('answers a failed role claim with the 403 page', async () => {

        const userId = await signUp(app.browser(), 'no-role@example.com');
        const token = await EmailVerification.createEmailVerificationToken('public', SuperTokens.convertToRecipeUserId(userId));
        await EmailVerification.verifyEmailUsingToken('public', (token as { token: string }).token);

        // A verified user's new session passes st-ev and fails only the role.
        const browser = app.browser();
        expect(JSON.parse((await signIn(browser, 'no-role@example.com')).payload).status).to.equal('OK');
        expect((await browser.get('/dashboard')).statusCode).to.equal(200);
        const res = await browser.get('/test/auditors-only');
        expect(res.statusCode).to.equal(403);
        expect(res.headers['content-type']).to.contain('text/html');
        expect(res.payload).to.contain('data-status="403"');
        expect(res.payload).to.not.contain('secret');
    });

    it('needs a guard before it reads a session', () => {

        expect(() => sessionOf({} as Hapi.Request)).to.throw('Route has no session guard');
    });

    it('answers a failure of the page guard that is not a session error with the 500 page, not a redirect', async () => {

        const getSession = Session.getSession;
        for (const failure of [new Error('core exploded'), new TypeError('a bug exploded')]) {
            Session.getSession = (async () => {

                throw failure;
            }) as typeof Session.getSession;

            try {
                const res = await app.browser().get('/dashboard');
                expect(res.statusCode, failure.name).to.equal(500);
                expect(res.payload).to.contain('data-status="500"');
                expect(res.payload).to.not.contain('exploded');
            }
            finally {
                Session.getSession = getSession;
            }
        }
    });

    it('answers a failure of the optional session check with the 500 page', async () => {

        const getSession = Session.getSession;
        Session.getSession = (async () => {

            throw new Error('core exploded');
        }) as typeof Session.getSession;

        try {
            const res = await app.browser().get('/auth');
            expect(res.statusCode).to.equal(500);
            expect(res.payload).to.contain('data-status="500"');
            expect(res.payload).to.not.contain('exploded');
        }
        finally {
            Session.getSession = getSession;
        }
    });
});
