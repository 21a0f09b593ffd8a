/*
 * The shape every action on a user shares: POST /admin/users/{id}/<action> from a form on the user's page (crumb
 * and the Origin check apply, plugins/csrf.ts), the admin guards with the user page as the place to come back to,
 * and the user loaded (the 404 page when there is none). The handler answers with a redirect and a flash message,
 * or re-renders the user page with the error.
 */

import * as Boom from '@hapi/boom';
import type { Lifecycle, Request, ResponseToolkit, ServerRoute } from '@hapi/hapi';
import type { ObjectSchema } from 'joi';
import SuperTokens, { type User } from 'supertokens-node';

import { userPath } from '../paths';
import { accessOf, adminPre, deferInvalidInput, type AdminAccess } from '../pre';
import { emptyPayload, userIdParams } from '../validation';


export interface UserActionInput {
    readonly request: Request;
    readonly h: ResponseToolkit;
    readonly user: User;
    readonly access: AdminAccess;
    /** The user's page, where the answer goes back to. */
    readonly back: string;
}

export interface UserActionOptions {
    /** The path after /admin/users/{id}/. */
    readonly action: string;
    readonly payload?: ObjectSchema;
    /** The handler re-renders the page with `request.app.formErrors`. */
    readonly rendersFormErrors?: boolean;
    readonly handler: (input: UserActionInput) => Promise<Lifecycle.ReturnValue>;
}

export const userAction = (options: UserActionOptions): ServerRoute => ({
    method: 'POST',
    path: `/admin/users/{id}/${options.action}`,
    options: {
        pre: adminPre({ returnTo: (request) => userPath(String(request.params.id)), rendersFormErrors: options.rendersFormErrors }),
        validate: { params: userIdParams, payload: options.payload ?? emptyPayload, failAction: deferInvalidInput },
        handler: async (request, h) => {

            const user = await SuperTokens.getUser(request.params.id as string);
            if (!user) {
                throw Boom.notFound('No such user');
            }

            return await options.handler({ request, h, user, access: accessOf(request), back: userPath(user.id) });
        }
    }
});
