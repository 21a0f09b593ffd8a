/*
 * Helpers for the admin area's tests: an app whose ADMIN_EMAILS makes the first admin, browsers signed in as an
 * admin, a viewer or anyone, and reading the admin pages' forms.
 */

import type * as Lab from '@hapi/lab';

import { RecipeUserId } from 'supertokens-node';
import EmailVerification from 'supertokens-node/recipe/emailverification';
import ThirdParty from 'supertokens-node/recipe/thirdparty';
import UserRoles from 'supertokens-node/recipe/userroles';

import { crumbIn, postForm, signUp } from './pages';
import { startTestApp, type Browser, type TestApp, type TestAppOptions } from './web';
import { mailLog } from '../../server/web/auth/mail';
import { lateBound } from './late-bound';


export const adminEmail = 'root.admin@example.com';

/** The whole app, with `adminEmail` made admin once its email is verified (`verifyEmailOf`). */
export const startAdminApp = (env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> => startTestApp({ ADMIN_EMAILS: adminEmail, ...env }, options);

export interface SignedIn {
    readonly browser: Browser;
    readonly userId: string;
    readonly email: string;
}

/** A new user signed up in a new browser, with `roles` granted (created when missing). */
export const signedInUser = async (app: TestApp, email: string, roles: string[] = []): Promise<SignedIn> => {

    const browser = app.browser();
    const userId = await signUp(browser, email);
    for (const role of roles) {
        await UserRoles.createNewRoleOrAddPermissions(role, []);
        await UserRoles.addRoleToUser('public', userId, role);
    }

    return { browser, userId, email };
};

/**
 * Verifies a user's email as its link would (the SDK's recipe function, so ADMIN_EMAILS applies); in `browser`,
 * through the API, so that browser's session gets the roles the verification gave.
 */
export const verifyEmailOf = async (userId: string, email: string, browser?: Browser): Promise<void> => {

    const created = await EmailVerification.createEmailVerificationToken('public', new RecipeUserId(userId), email);
    if (created.status !== 'OK') {
        throw new Error(`Could not make a verification token: ${created.status}`);
    }

    const verified = browser ?
        JSON.parse((await browser.post('/auth/user/email/verify', { method: 'token', token: created.token })).payload) :
        await EmailVerification.verifyEmailUsingToken('public', created.token);
    if (verified.status !== 'OK') {
        throw new Error(`Could not verify ${email}: ${verified.status}`);
    }
};

/** `adminEmail` signed up and verified in a new browser: an admin through ADMIN_EMAILS. */
export const signedInAdmin = async (app: TestApp): Promise<SignedIn> => {

    const admin = await signedInUser(app, adminEmail);
    await verifyEmailOf(admin.userId, adminEmail, admin.browser);
    return admin;
};

/** GETs `page` as `browser` and POSTs the form `fields` to `action` with the crumb the page rendered. */
export const adminPost = async (browser: Browser, page: string, action: string, fields: Record<string, string> = {}) => {

    const res = await browser.get(page);
    if (res.statusCode !== 200) {
        throw new Error(`GET ${page} answered ${res.statusCode}`);
    }

    return await postForm(browser, action, { crumb: crumbIn(res.payload), ...fields });
};

/** The user page's address. */
export const userPage = (userId: string): string => `/admin/users/${encodeURIComponent(userId)}`;

/** A third-party user made through the SDK (no provider needed); providers may send emails our forms would refuse. */
export const thirdPartyUser = async (thirdPartyId: string, thirdPartyUserId: string, email: string): Promise<string> => {

    const created = await ThirdParty.manuallyCreateOrUpdateUser('public', thirdPartyId, thirdPartyUserId, email, false);
    if (created.status !== 'OK') {
        throw new Error(`Could not create the third-party user: ${created.status}`);
    }

    return created.user.id;
};

/** The ids of the user rows on a user list page, in order. */
export const userRowIds = (html: string): string[] => [...html.matchAll(/<tr class="user-row" data-user-id="([^"]+)"/g)].map((match) => match[1]!);

/** The href of the element with this id, unescaped. */
export const linkOf = (html: string, id: string): string | undefined => {

    const tag = new RegExp(`<a[^>]*\\sid="${id}"[^>]*>`).exec(html)?.[0];
    return tag === undefined ? undefined : /\shref="([^"]*)"/.exec(tag)?.[1]!.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
};


/**
 * The hooks of an admin test block, registered in the calling describe: an app with an admin (through
 * ADMIN_EMAILS) who is signed in, destroyed at the end. `quietMail` silences the dev outbox's log lines meanwhile.
 */
export const useAdminApp = (lab: Lab.script.Script, options: { quietMail?: boolean } = {}): { app: TestApp; admin: SignedIn } => {

    let app: TestApp | undefined;
    let admin: SignedIn | undefined;
    const mailSink = mailLog.sink;
    lab.before(async () => {

        if (options.quietMail) {
            mailLog.sink = () => { };
        }

        app = await startAdminApp();
        admin = await signedInAdmin(app);
    });

    lab.after(async () => {

        mailLog.sink = mailSink;
        await app?.destroy();
    });

    return { app: lateBound(() => app), admin: lateBound(() => admin) };
};
