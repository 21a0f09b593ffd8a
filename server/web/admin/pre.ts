/*
 * The admin area's guards, as route `pre` handlers, in this order:
 *
 * 1. the page session, checked against the core (`checkDatabase`), so a revoked session or a ban loses access at
 *    once: signed out → 302 /auth?redirectToPath=…, expired access token → the refresh step (pre/session.ts);
 * 2. requireRole: the user's roles read fresh from the core on every request (not from the access token's claim,
 *    which is only as new as the session), so taking a role away takes effect on the next request. `admin` may do
 *    everything; `viewer` may read (GET) and nothing else; anyone else gets the 403 page;
 * 3. input checks: query, params and payload are validated before the pre handlers run, so their failAction
 *    (deferInvalidInput) only notes the problem and this step answers 400 after the guards. A stranger is
 *    redirected or refused before any input is judged, and the handler never sees unvalidated input.
 */

import * as Boom from '@hapi/boom';
import type { Lifecycle, ReqRef, Request, ResponseToolkit, RouteOptionsPreArray } from '@hapi/hapi';
import type { ValidationError } from 'joi';
import UserRoles from 'supertokens-node/recipe/userroles';

import { adminRole, viewerRole } from '../auth/roles';
import { fieldErrorsOf } from '../pages/forms';
import { pageSession, sessionOf } from '../pre/session';
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
            throw Boom.forbidden(`The ${role} role is required`);
        }

        return { userId: session.getUserId(), roles, canWrite } satisfies AdminAccess;
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

/** The guards of an admin route: session (checked against the core), role, then the input. */
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
        { method: checkInput }
    ];
};
