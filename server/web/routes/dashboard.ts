/*
 * The signed-in user's own pages: the dashboard (who I am, this session, my other sessions), changing my password,
 * signing out my other sessions, and /api/me for page scripts.
 *
 * The pages check the session against the core (`checkDatabase`), so a session revoked elsewhere (another device's
 * "sign out other sessions", a password change) stops working here at once rather than when its access token
 * expires. The two POSTs are our own forms: crumb and the Origin check (plugins/csrf.ts) apply to them.
 */

import * as Boom from '@hapi/boom';
import type { Request, ResponseToolkit, RouteOptionsPreObject, ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import Session, { type SessionContainer } from 'supertokens-node/recipe/session';
import type { SessionRequest } from 'supertokens-node/framework/hapi';

import type { WebSettings } from '../../config';
import { canSeeAdmin, isEmailVerified, loadAccount, otherSessions, revokeOtherSessions, rolesOf, type Account } from '../pages/account';
import { describeTime } from '../pages/dates';
import { describeRevoked, setFlash, takeFlash } from '../pages/flash';
import { deferFormErrors, hasErrors, type FieldErrors } from '../pages/forms';
import { socialProviders } from '../pages/providers';
import { apiSession, pageSession } from '../pre/session';


/** The session a guard put on the request. */
export const sessionOf = (request: Request): SessionContainer => {

    const session = (request as SessionRequest).session;
    if (!session) {
        throw Boom.badImplementation('Route has no session guard');
    }

    return session;
};

const password = Joi.string().allow('').max(1024).default('');

const passwordPayload = Joi.object({
    currentPassword: password,
    newPassword: password,
    confirmPassword: password
});

interface PasswordPayload {
    readonly currentPassword: string;
    readonly newPassword: string;
    readonly confirmPassword: string;
}

export const dashboardRoutes = (web: WebSettings): ServerRoute[] => {

    const providers = socialProviders(web);

    // After the session guard: the user's account as `request.pre.account`. When the user is gone (deleted with a
    // live session), the session ends and the browser starts again at sign-in.
    const accountPre = (returnTo: string): RouteOptionsPreObject => ({
        assign: 'account',
        method: async (request, h) => {

            const session = sessionOf(request);
            const account = await loadAccount(session, providers);
            if (account) {
                return account;
            }

            await session.revokeSession();
            return h.redirect(`/auth?redirectToPath=${encodeURIComponent(returnTo)}`).takeover();
        }
    });

    const passwordView = (h: ResponseToolkit, account: Account, context: { errors?: FieldErrors; flash?: { type: string; message: string } } = {}) => {

        return h.view('dashboard/password', {
            title: 'Change password',
            script: 'password',
            signedIn: true,
            email: account.email,
            method: account.method,
            hasPassword: account.passwordEmail !== undefined,
            errors: context.errors ?? {},
            flash: context.flash
        });
    };

    return [
        {
            method: 'GET',
            path: '/dashboard',
            options: {
                pre: [{ method: pageSession({ checkDatabase: true }) }, accountPre('/dashboard')],
                plugins: { crumb: true },
                handler: async (request, h) => {

                    const session = sessionOf(request);
                    const account = request.pre.account as Account;
                    const payload = session.getAccessTokenPayload();
                    const [verified, others, info] = await Promise.all([
                        isEmailVerified(session, account.email),
                        otherSessions(session),
                        Session.getSessionInformation(session.getHandle())
                    ]);

                    return h.view('dashboard/index', {
                        title: 'Dashboard',
                        script: 'local-times',
                        wide: true,
                        signedIn: true,
                        flash: takeFlash(request, h),
                        account,
                        roles: rolesOf(session),
                        showAdmin: canSeeAdmin(rolesOf(session)),
                        emailVerified: verified,
                        session: {
                            handle: session.getHandle(),
                            created: info ? describeTime(info.timeCreated) : undefined,
                            accessTokenExpiry: describeTime(payload.exp * 1000)
                        },
                        otherSessions: others
                    });
                }
            }
        },
        {
            method: 'GET',
            path: '/dashboard/password',
            options: {
                pre: [{ method: pageSession({ checkDatabase: true }) }, accountPre('/dashboard/password')],
                plugins: { crumb: true },
                handler: (request, h) => passwordView(h, request.pre.account as Account)
            }
        },
        {
            method: 'POST',
            path: '/dashboard/password',
            options: {
                pre: [{ method: pageSession({ checkDatabase: true }, { returnTo: '/dashboard/password' }) }, accountPre('/dashboard/password')],
                validate: { payload: passwordPayload, failAction: deferFormErrors },
                handler: async (request, h) => {

                    const session = sessionOf(request);
                    const account = request.pre.account as Account;

                    const email = account.passwordEmail;
                    if (email === undefined) {
                        return passwordView(h, account).code(400);
                    }

                    if (request.app.formErrors) {
                        return passwordView(h, account, { errors: request.app.formErrors }).code(400);
                    }

                    const input = request.payload as PasswordPayload;
                    const errors: FieldErrors = {};
                    if (!input.currentPassword) {
                        errors.currentPassword = 'Enter your current password';
                    }

                    if (input.newPassword !== input.confirmPassword) {
                        errors.confirmPassword = 'The two new passwords are not the same';
                    }

                    if (hasErrors(errors)) {
                        return passwordView(h, account, { errors }).code(400);
                    }

                    const check = await EmailPassword.verifyCredentials(session.getTenantId(), email, input.currentPassword);
                    if (check.status !== 'OK') {
                        return passwordView(h, account, { errors: { currentPassword: 'That is not your current password' } }).code(400);
                    }

                    // The SDK applies the password policy (the sign-up validator) and answers with its message.
                    const update = await EmailPassword.updateEmailOrPassword({
                        recipeUserId: session.getRecipeUserId(),
                        password: input.newPassword,
                        tenantIdForPasswordPolicy: session.getTenantId()
                    });

                    if (update.status === 'PASSWORD_POLICY_VIOLATED_ERROR') {
                        return passwordView(h, account, { errors: { newPassword: update.failureReason } }).code(400);
                    }

                    if (update.status !== 'OK') {
                        throw Boom.internal(`Password update failed: ${update.status}`);
                    }

                    const revoked = await revokeOtherSessions(session);
                    return passwordView(h, account, { flash: { type: 'success', message: `Your password has been changed. ${describeRevoked(revoked)}` } });
                }
            }
        },
        {
            method: 'POST',
            path: '/dashboard/sessions/revoke-others',
            options: {
                pre: [{ method: pageSession({ checkDatabase: true }, { returnTo: '/dashboard' }) }],
                validate: { payload: Joi.object({}).allow(null) },
                handler: async (request, h) => {

                    const revoked = await revokeOtherSessions(sessionOf(request));
                    return setFlash(h.redirect('/dashboard'), 'sessions-revoked', revoked);
                }
            }
        },
        {
            // Answered from the verified session alone: no core call. With /health/live, the pair that measures the guard.
            method: 'GET',
            path: '/api/me',
            options: {
                pre: [{ method: apiSession() }],
                handler: (request) => {

                    const session = sessionOf(request);
                    return {
                        userId: session.getUserId(),
                        sessionHandle: session.getHandle(),
                        roles: rolesOf(session),
                        accessTokenExpiry: session.getAccessTokenPayload().exp * 1000
                    };
                }
            }
        }
    ];
};
