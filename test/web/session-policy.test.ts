/*
 * The session policy through the web app (npm start's defaults: 12 hours idle, 168 hours at most, 30 days when
 * kept signed in): the sign-in page's choice reaches the core, and the dashboard and the admin user page show when
 * each session ends. The core's enforcement with an injected clock is in test/core/sdk/session-policy.test.ts.
 */

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import Session from 'supertokens-node/recipe/session';

import { adminEmail, startAdminApp, userPage, verifyEmailOf } from '../helpers/admin';
import { coreRequest } from '../helpers/core-api';
import { attributeOf, handleOf, password, signUp, textOf } from '../helpers/pages';
import type { Browser, TestApp } from '../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const hour = 3_600_000;
const day = 24 * hour;

const signInFields = (email: string) => ({ formFields: [{ id: 'email', value: email }, { id: 'password', value: password }] });

const iso = (ms: number) => new Date(ms).toISOString();


describe('Session policy in the web app', () => {

    let app: TestApp;
    let admin: Browser;

    before(async () => {

        app = await startAdminApp();
        admin = app.browser();
        await verifyEmailOf(await signUp(admin, adminEmail), adminEmail, admin);      // ADMIN_EMAILS grants once verified
    });

    after(async () => {

        await app.destroy();
    });

    const endsOf = async (userId: string) => (await coreRequest(app, 'GET', `/staffgate/sessions/ends?userId=${userId}`)).sessions as { sessionHandle: string; expiry: number; absoluteEnd: number | null; idleLimit: number }[];

    it('uses npm start\'s defaults: 12 hours idle, 168 hours at most, 30 days kept signed in', () => {

        expect(app.config.core.refreshTokenValidity).to.equal(720);
        expect(app.config.core.sessionMaxHours).to.equal(168);
        expect(app.config.core.sessionRememberDays).to.equal(30);
    });

    it('offers "Keep me signed in on this device" on the sign-in page', async () => {

        const res = await app.browser().get('/auth');
        expect(res.statusCode).to.equal(200);
        expect(attributeOf(res.payload, 'type', 'remember-me')).to.equal('checkbox');
        expect(res.payload).to.contain('Keep me signed in on this device');
    });

    it('gives an ordinary sign-in 12 hours idle and 168 hours at most', async () => {

        const browser = app.browser();
        const userId = await signUp(browser, 'ordinary@example.com');
        const handle = await handleOf(browser);
        const info = (await Session.getSessionInformation(handle))!;
        expect(info.sessionDataInDatabase.staffgateRememberMe).to.be.undefined();
        expect(info.expiry).to.equal(info.timeCreated + 12 * hour);
        expect(await endsOf(userId)).to.equal([{ sessionHandle: handle, expiry: info.expiry, absoluteEnd: info.timeCreated + 168 * hour, idleLimit: 12 * hour }]);
    });

    it('makes a sign-in that asks to stay signed in a 30-day session, and only with the header\'s value 1', async () => {

        await signUp(app.browser(), 'kept@example.com');

        const kept = app.browser();
        const res = await kept.post('/auth/signin', signInFields('kept@example.com'), { 'x-staffgate-remember-me': '1' });
        expect(JSON.parse(res.payload).status).to.equal('OK');
        const info = (await Session.getSessionInformation(await handleOf(kept)))!;
        expect(info.sessionDataInDatabase.staffgateRememberMe).to.equal(true);
        expect(info.expiry).to.equal(info.timeCreated + 30 * day);

        const notKept = app.browser();
        await notKept.post('/auth/signin', signInFields('kept@example.com'), { 'x-staffgate-remember-me': 'true' });
        const other = (await Session.getSessionInformation(await handleOf(notKept)))!;
        expect(other.sessionDataInDatabase.staffgateRememberMe).to.be.undefined();
        expect(other.expiry).to.equal(other.timeCreated + 12 * hour);
    });

    it('shows on the dashboard when this session and the others end', async () => {

        const ordinary = app.browser();
        await signUp(ordinary, 'dashboard@example.com');
        const kept = app.browser();
        await kept.post('/auth/signin', signInFields('dashboard@example.com'), { 'x-staffgate-remember-me': '1' });
        const keptInfo = (await Session.getSessionInformation(await handleOf(kept)))!;
        const ordinaryInfo = (await Session.getSessionInformation(await handleOf(ordinary)))!;

        const page = await kept.get('/dashboard');
        expect(page.statusCode).to.equal(200);
        expect(page.payload).to.match(new RegExp(`id="session-idle-end"><time datetime="${iso(keptInfo.expiry)}"`));
        expect(page.payload).to.match(new RegExp(`id="session-absolute-end"><time datetime="${iso(keptInfo.timeCreated + 30 * day)}"`));
        expect(textOf(page.payload, 'session-remembered')).to.equal('Yes');

        // The other (ordinary) session, in the list: its idle end and its absolute end.
        expect(page.payload).to.contain(`class="session-expires" datetime="${iso(ordinaryInfo.expiry)}"`);
        expect(page.payload).to.contain(`class="session-absolute-end" datetime="${iso(ordinaryInfo.timeCreated + 168 * hour)}"`);

        const own = await ordinary.get('/dashboard');
        expect(textOf(own.payload, 'session-remembered')).to.equal('No');
        expect(own.payload).to.match(new RegExp(`id="session-absolute-end"><time datetime="${iso(ordinaryInfo.timeCreated + 168 * hour)}"`));
    });

    it('shows on the admin user page when each session ends, and which are kept signed in', async () => {

        const browser = app.browser();
        const userId = await signUp(browser, 'watched@example.com');
        const kept = app.browser();
        await kept.post('/auth/signin', signInFields('watched@example.com'), { 'x-staffgate-remember-me': '1' });
        const keptHandle = await handleOf(kept);
        const ordinaryHandle = await handleOf(browser);

        const page = await admin.get(userPage(userId));
        expect(page.statusCode).to.equal(200);
        const rowOf = (handle: string) => new RegExp(`<tr class="session-row" data-session-handle="${handle}">([\\s\\S]*?)</tr>`).exec(page.payload)![1]!;

        const keptInfo = (await Session.getSessionInformation(keptHandle))!;
        const keptRow = rowOf(keptHandle);
        expect(keptRow).to.contain(`<td class="session-expires" data-label="Ends if unused"><time class="nowrap" datetime="${iso(keptInfo.expiry)}"`);
        expect(keptRow).to.contain(`<td class="session-absolute-end" data-label="Ends at the latest"><time class="nowrap" datetime="${iso(keptInfo.timeCreated + 30 * day)}"`);
        expect(keptRow).to.contain('kept signed in');

        const ordinaryInfo = (await Session.getSessionInformation(ordinaryHandle))!;
        const ordinaryRow = rowOf(ordinaryHandle);
        expect(ordinaryRow).to.contain(`<td class="session-absolute-end" data-label="Ends at the latest"><time class="nowrap" datetime="${iso(ordinaryInfo.timeCreated + 168 * hour)}"`);
        expect(ordinaryRow).to.not.contain('kept signed in');
    });
});
