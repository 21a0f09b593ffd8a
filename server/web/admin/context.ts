/*
 * What the admin routes share, and their types at the hapi boundary. The plugin binds the context to its routes
 * (`server.bind`), so it is in each route's settings; requireRole puts who is acting in `request.pre.access`.
 * Routes are typed with AdminRoute<{ Query, Params, Payload }>, so what their Joi schemas let through comes out
 * typed, with no cast in a handler.
 */

import * as Hoek from '@hapi/hoek';
import type { ReqRef, Request, ResponseToolkit, ServerRoute } from '@hapi/hapi';

import type { MailDelivery } from '../auth/mail';
import type { CoreExtensions } from '../core-extensions';
import type { InvitationSender } from '../invitations/send';
import type { SocialProvider } from '../pages/providers';
import type { TtlCache } from '../ttl-cache';
import type { OverviewPage } from './services/overview';


export interface AdminContext {
    /** The core's /staffgate endpoints (audit, lockout, bans, session count); `available()` is false on an official core. */
    readonly extensions: CoreExtensions;
    /** The sign-in providers, to name a user's sign-in methods and to search by provider. */
    readonly providers: readonly SocialProvider[];
    /** Invites and resends with the email (the invitations page). */
    readonly invitations: InvitationSender;
    /** Notices to users about what an admin did to their account (the same channel as the SDK's emails). */
    readonly mail: MailDelivery;
    /** The overview's data, shared for ADMIN_COUNTS_MAX_AGE seconds (services/overview.ts). */
    readonly overviewPage: TtlCache<OverviewPage>;
}

/** Who is using the admin area, set by requireRole as `request.pre.access`. */
export interface AdminAccess {
    readonly userId: string;
    readonly roles: readonly string[];
    /** True for `admin`; false for a viewer. */
    readonly canWrite: boolean;
}

/** What every admin route has: the bound context and the `access` pre. */
export interface AdminRefs {
    Bind: AdminContext;
    Pres: { readonly access: AdminAccess };
}

/** An admin route, with what its validation lets through (`Query`, `Params`, `Payload`). */
export type AdminRoute<Refs extends ReqRef = {}> = ServerRoute<AdminRefs & Refs>;

/** A request to an admin route (helpers are generic in Refs: hapi's Request<Refs> is invariant). */
export type AdminRequest<Refs extends ReqRef = {}> = Request<AdminRefs & Refs>;

export type AdminToolkit<Refs extends ReqRef = {}> = ResponseToolkit<AdminRefs & Refs>;

/** The context the admin plugin bound to the route. */
export const adminContext = <Refs extends ReqRef>(request: AdminRequest<Refs>): AdminContext => {

    const context = request.route.settings.bind;
    Hoek.assert(context, 'Admin route registered outside the staffgate/admin plugin');
    return context;
};
