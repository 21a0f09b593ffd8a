/*
 * The shape every action on a user shares: POST /admin/users/{id}/<action> from a form on the user's page (crumb
 * and the Origin check apply, plugins/csrf.ts), the admin guards with the user page as the place to come back to,
 * and the user loaded (the 404 page when there is none). The handler answers with a redirect and a flash message,
 * or re-renders the user page with the error.
 */

import * as Boom from '@hapi/boom';
import type { Lifecycle } from '@hapi/hapi';
import type { ObjectSchema } from 'joi';
import SuperTokens, { type User } from 'supertokens-node';

import type { CoreExtensions } from '../../core-extensions';
import { adminContext, type AdminAccess, type AdminRequest, type AdminRoute, type AdminToolkit } from '../context';
import { userPath } from '../paths';
import { adminPre, deferInvalidInput } from '../pre';
import { emptyPayload, userIdParams } from '../validation';
import { errorFlash, userPage } from '../views';


/** What a user action's request carries once validated: the user id, and the payload its schema lets through. */
export type UserActionRefs<Payload> = { Params: { id: string }; Payload: Payload };

export interface UserActionInput<Payload> {
    readonly request: AdminRequest<UserActionRefs<Payload>>;
    readonly h: AdminToolkit<UserActionRefs<Payload>>;
    readonly user: User;
    readonly access: AdminAccess;
    /** The user's page, where the answer goes back to. */
    readonly back: string;
}

export interface UserActionOptions<Payload> {
    /** The path after /admin/users/{id}/. */
    readonly action: string;
    /** What the form sends; its output must be `Payload`. Default: nothing but the crumb. */
    readonly payload?: ObjectSchema<NoInfer<Payload>>;
    /** The handler re-renders the page with `request.app.formErrors`. */
    readonly rendersFormErrors?: boolean;
    readonly handler: (input: UserActionInput<NoInfer<Payload>>) => Promise<Lifecycle.ReturnValue<UserActionRefs<Payload>>>;
}

export const userAction = <Payload = null>(options: UserActionOptions<Payload>): AdminRoute<UserActionRefs<Payload>> => ({
    method: 'POST',
    path: `/admin/users/{id}/${options.action}`,
    options: {
        pre: adminPre<UserActionRefs<Payload>>({ returnTo: (request) => userPath(request.params.id), rendersFormErrors: options.rendersFormErrors }),
        validate: { params: userIdParams, payload: options.payload ?? emptyPayload, failAction: deferInvalidInput },
        handler: async (request, h) => {

            const user = await SuperTokens.getUser(request.params.id);
            if (!user) {
                throw Boom.notFound('No such user');
            }

            return await options.handler({ request, h, user, access: request.pre.access, back: userPath(user.id) });
        }
    }
});

/** Runs `act` with the core's extension endpoints; on an official core (none), the user page says the action needs the Staffgate core (501). */
export const withExtensions = async <Payload>(input: UserActionInput<Payload>, act: (extensions: CoreExtensions) => Promise<Lifecycle.ReturnValue<UserActionRefs<Payload>>>) => {

    const { extensions } = adminContext(input.request);
    if (!await extensions.available()) {
        return (await userPage(input.request, input.h, input.user.id, { flash: errorFlash('NEEDS_STAFFGATE_CORE') })).code(501);
    }

    return await act(extensions);
};
