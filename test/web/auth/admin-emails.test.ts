import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import { RecipeUserId } from 'supertokens-node';
import EmailVerification from 'supertokens-node/recipe/emailverification';
import UserMetadata from 'supertokens-node/recipe/usermetadata';
import UserRoles from 'supertokens-node/recipe/userroles';

import { adminGrantKey } from '../../../server/web/auth/admin-emails';
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

    /** Follows the verification link, as the verify-email page does, in this browser's session. */
    const verify = async (browser: Browser, userId: string, email: string) => {

        const created = await EmailVerification.createEmailVerificationToken('public', new RecipeUserId(userId), email);
        expect(created.status).to.equal('OK');
        const res = await browser.post('/auth/user/email/verify', { method: 'token', token: (created as { token: string }).token });
        expect(JSON.parse(res.payload).status).to.equal('OK');
    };

    it('gives a listed email no role before it is verified, then the admin role (creating it) in the same session', async () => {

        expect((await UserRoles.getAllRoles()).roles).to.not.include(adminRole);

        const browser = app.browser();
        const userId = await submit(browser, '/auth/signup', 'boss@EXAMPLE.com');
        expect(await rolesInSession(browser)).to.equal([]);
        await submit(app.browser(), '/auth/signin', 'boss@example.com');
        expect((await UserRoles.getRolesForUser('public', userId)).roles).to.equal([]);

        await verify(browser, userId, 'boss@example.com');
        expect(await rolesInSession(browser)).to.equal([adminRole]);
        expect((await UserRoles.getAllRoles()).roles).to.include(adminRole);
        expect((await UserMetadata.getUserMetadata(userId)).metadata[adminGrantKey]).to.include({ email: 'boss@example.com' });
    });

    it('grants once: a removed role stays removed at the next sign-in and verification', async () => {

        const browser = app.browser();
        const userId = await submit(browser, '/auth/signup', 'deputy@example.com');
        await verify(browser, userId, 'deputy@example.com');
        expect((await UserRoles.getRolesForUser('public', userId)).roles).to.equal([adminRole]);
        expect(await auditEvents(app, userId, 'role_granted')).to.have.length(1);

        await UserRoles.removeUserRole('public', userId, adminRole);
        const again = app.browser();
        await submit(again, '/auth/signin', 'Deputy@Example.com');
        expect(await rolesInSession(again)).to.equal([]);
        await EmailVerification.unverifyEmail(new RecipeUserId(userId), 'deputy@example.com');
        await verify(again, userId, 'deputy@example.com');
        expect((await UserRoles.getRolesForUser('public', userId)).roles).to.equal([]);
        expect(await auditEvents(app, userId, 'role_granted')).to.have.length(1);
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
