import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import UserRoles from 'supertokens-node/recipe/userroles';

import { adminRole } from '../../../server/web/auth/roles';
import { auditEvents } from '../../helpers/core-api';
import { captureMailLog } from '../../helpers/outbox';
import { decodeJwt } from '../../helpers/session-tools';
import { startTestApp, type Browser, type TestApp } from '../../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const password = 'a long enough password';

const submit = async (browser: Browser, path: '/auth/signup' | '/auth/signin', email: string) => {

    const res = await browser.post(path, { formFields: [{ id: 'email', value: email }, { id: 'password', value: password }] });
    const body = JSON.parse(res.payload);
    expect(body.status).to.equal('OK');
    return body.user.id as string;
};

/** The roles in the session's access token, as the page guards see them. */
const rolesInSession = async (browser: Browser): Promise<string[]> => {

    expect(decodeJwt(browser.cookies.get('sAccessToken')!.value).payload['st-role'].v).to.be.an.array();
    return JSON.parse((await browser.get('/api/me')).payload).roles;
};


describe('ADMIN_EMAILS', () => {

    let app: TestApp;
    let restoreLog: () => void;

    before(async () => {

        restoreLog = captureMailLog().restore;
        app = await startTestApp({ ADMIN_EMAILS: ' Boss@Example.com , deputy@example.com' });
    });

    after(async () => {

        await app.destroy();
        restoreLog();
    });

    it('gives a listed email the admin role at sign-up, creating the role, in the first session', async () => {

        expect((await UserRoles.getAllRoles()).roles).to.not.include(adminRole);

        const browser = app.browser();
        const userId = await submit(browser, '/auth/signup', 'boss@EXAMPLE.com');
        expect(await rolesInSession(browser)).to.equal([adminRole]);
        expect((await UserRoles.getAllRoles()).roles).to.include(adminRole);
        expect((await UserRoles.getRolesForUser('public', userId)).roles).to.equal([adminRole]);
    });

    it('gives a listed email the admin role again at sign-in', async () => {

        const userId = await submit(app.browser(), '/auth/signup', 'deputy@example.com');
        await UserRoles.removeUserRole('public', userId, adminRole);

        const browser = app.browser();
        await submit(browser, '/auth/signin', 'Deputy@Example.com');
        expect(await rolesInSession(browser)).to.equal([adminRole]);
    });

    it('leaves an admin who already has the role alone, and grants nothing on a failed sign-in or sign-up', async () => {

        const adminId = await submit(app.browser(), '/auth/signin', 'boss@example.com');
        await submit(app.browser(), '/auth/signin', 'boss@example.com');
        expect(await auditEvents(app, adminId, 'role_granted')).to.have.length(1);

        await UserRoles.removeUserRole('public', adminId, adminRole);
        const wrong = await app.browser().post('/auth/signin', { formFields: [{ id: 'email', value: 'boss@example.com' }, { id: 'password', value: 'not the right password' }] });
        expect(JSON.parse(wrong.payload).status).to.equal('WRONG_CREDENTIALS_ERROR');
        const taken = await app.browser().post('/auth/signup', { formFields: [{ id: 'email', value: 'boss@example.com' }, { id: 'password', value: password }] });
        expect(JSON.parse(taken.payload).status).to.equal('FIELD_ERROR');
        expect((await UserRoles.getRolesForUser('public', adminId)).roles).to.equal([]);
    });

    it('gives other users no role', async () => {

        const signUp = app.browser();
        const userId = await submit(signUp, '/auth/signup', 'clerk@example.com');
        expect(await rolesInSession(signUp)).to.equal([]);

        const signIn = app.browser();
        await submit(signIn, '/auth/signin', 'clerk@example.com');
        expect(await rolesInSession(signIn)).to.equal([]);
        expect((await UserRoles.getRolesForUser('public', userId)).roles).to.equal([]);
    });
});
