/*
 * The admin area's guards, as route `pre` handlers, in this order:
 *
 * 1. the page session, checked against the core (`checkDatabase`), so a revoked session or a ban loses access at
 *    once: signed out → 302 /auth?redirectToPath=…, expired access token → the refresh step (pre/session.ts);
 * 2. requireRole: the user's roles read fresh from the core on every request (not from the access token's claim,
 *    which is only as new as the session), so taking a role away takes effect on the next request. `admin` may do
 *    everything; `viewer` may read (GET) and nothing else; anyone else gets the 403 page;
 * 3. the second factor: with `MFA` set to `admins` or `all`, the session must have completed TOTP (read from its MFA
 *    claim, whatever the requirement computed at sign-in said), else the challenge or enrolment page (pages) or a
 *    403 (actions). An unknown policy counts as `admins`: the guard fails closed;
 * 4. input checks: query, params and payload are validated before the pre handlers run, so their failAction
 *    (deferInvalidInput) only notes the problem and this step answers 400 after the guards. A stranger is
 *    redirected or refused before any input is judged, and the handler never sees unvalidated input.
 */

import * as Boom from '@hapi/boom';
import type { Lifecycle, ReqRef, Request, ResponseToolkit, RouteOptionsPreArray } from '@hapi/hapi';
import type { ValidationError } from 'joi';
import UserRoles from 'supertokens-node/recipe/userroles';

import { hasCompletedTotp, type MfaPolicy } from '../auth/mfa';
import { adminRole, viewerRole } from '../auth/roles';
import { fieldErrorsOf } from '../pages/forms';
import { lacksAccess } from '../plugins/errors';
import { secondFactorDetour } from '../pre/second-factor';
import { currentPath, pageSession, sessionOf } from '../pre/session';
import type { AdminAccess, AdminRefs, AdminRequest } from './context';


const readMethods = new Set(['get', 'head']);

/**
 * Allows `role` everything and `readOnlyRole` only GET (and HEAD); the 403 page for anyone else. Roles come from
 * the core on every request. Needs a session guard before it.
 */
export const requireRole = (role: string = adminRole, readOnlyRole: string = viewerRole) => {

    return async (request: Pick<Request, 'session' | 'method' | 'path' | 'log'>): Promise<AdminAccess> => {

        const session = sessionOf(request);
        const { roles } = await UserRoles.getRolesForUser(session.getTenantId(), session.getUserId());
        const canWrite = roles.includes(role);
        if (!canWrite && !(roles.includes(readOnlyRole) && readMethods.has(request.method))) {
            request.log(['admin', 'forbidden'], `user ${session.getUserId()} lacks the ${role} role for ${request.method.toUpperCase()} ${request.path}`);
            throw lacksAccess(`The ${role} role is required`);
        }

        return { userId: session.getUserId(), roles, canWrite } satisfies AdminAccess;
    };
};

declare module '@hapi/hapi' {
    interface ServerApplicationState {
        /** The `MFA` setting, set by the web plugin. */
        mfaPolicy?: MfaPolicy;
    }
}

/** Admin access needs a completed TOTP unless `MFA=off` (a user with a device was asked for it at sign-in). */
export const requireSecondFactor = () => {

    return async (request: Pick<Request, 'session' | 'method' | 'path' | 'url' | 'log' | 'server'>, h: Pick<ResponseToolkit, 'redirect' | 'continue'>) => {

        const session = sessionOf(request);
        if (request.server.app.mfaPolicy === 'off' || hasCompletedTotp(session)) {
            return h.continue;
        }

        request.log(['admin', 'forbidden'], `user ${session.getUserId()} has not completed the second factor for ${request.method.toUpperCase()} ${request.path}`);
        return await secondFactorDetour(request, h, session.getUserId(), currentPath(request));
    };
};

declare module '@hapi/hapi' {
    interface RequestApplicationState {
        /** Query or params (or a payload the route does not render errors for) failed validation. */
        invalidInput?: boolean;
    }
}

/**
 * failAction for every admin route: notes the problem for the pre handlers (and, for a payload, the field errors
 * as pages/forms.ts does) instead of answering before the guards.
 */
export const deferInvalidInput: Lifecycle.FailAction = (request, h, err) => {

    const source = ((err as Boom.Boom).output?.payload as { validation?: { source?: string } } | undefined)?.validation?.source;
    if (source === 'payload') {
        request.app.formErrors = fieldErrorsOf(err as ValidationError);
    }
    else {
        request.app.invalidInput = true;
    }

    return h.continue;
};

export interface AdminPreOptions<Refs extends ReqRef = {}> {
    /** For form POSTs: the page holding the form, where signing in or refreshing comes back to. */
    readonly returnTo?: (request: AdminRequest<Refs>) => string;
    /** The handler re-renders its form with `request.app.formErrors`; otherwise a bad payload is a 400 page. */
    readonly rendersFormErrors?: boolean;
}

/** The guards of an admin route: session (checked against the core), role, second factor, then the input. */
export const adminPre = <Refs extends ReqRef = {}>(options: AdminPreOptions<Refs> = {}): RouteOptionsPreArray<AdminRefs & Refs> => {

    const session = pageSession<AdminRefs & Refs>({ checkDatabase: true });
    const returnTo = options.returnTo;
    const guard = (request: AdminRequest<Refs>, h: ResponseToolkit<AdminRefs & Refs>) => {

        return returnTo ? pageSession<AdminRefs & Refs>({ checkDatabase: true }, { returnTo: returnTo(request) })(request, h) : session(request, h);
    };

    const checkInput = (request: AdminRequest<Refs>, h: ResponseToolkit<AdminRefs & Refs>) => {

        if (request.app.invalidInput || (request.app.formErrors && !options.rendersFormErrors)) {
            throw Boom.badRequest('Invalid request input');
        }

        return h.continue;
    };

    return [
        { method: guard },
        { method: requireRole(), assign: 'access' },
        { method: requireSecondFactor() },
        { method: checkInput }
    ];
};
