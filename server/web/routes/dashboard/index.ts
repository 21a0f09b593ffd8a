/*
 * The signed-in user's own pages: the dashboard (who I am, this session, my other sessions), changing my password,
 * signing out my other sessions, and /api/me for page scripts.
 *
 * The pages check the session against the core (`checkDatabase`), so a session revoked elsewhere (another device's
 * "sign out other sessions", a password change) stops working here at once rather than when its access token
 * expires. The two POSTs are our own forms: crumb and the Origin check (plugins/csrf.ts) apply to them.
 */

import type { Server } from '@hapi/hapi';

import type { WebSettings } from '../../../config';
import type { CoreExtensions } from '../../core-extensions';
import { socialProviders } from '../../pages/providers';
import { me } from './me';
import { changePassword } from './password/change';
import { showPassword } from './password/show';
import type { MailMessage } from '../../auth/mail';
import { emailRoutes } from './email';
import { updateProfile } from './profile';
import { revokeSession } from './sessions/revoke';
import { revokeOtherSessions } from './sessions/revoke-others';
import { showDashboard } from './show';


/** One server.route() call each: each route has its own request types (ServerRoute<Refs> is invariant in them). */
export const registerDashboardRoutes = (server: Server, web: WebSettings, extensions: CoreExtensions, send: (message: MailMessage) => Promise<void>): void => {

    const providers = socialProviders(web);
    server.route(showDashboard(providers, extensions));
    server.route(showPassword(providers));
    server.route(changePassword(providers));
    server.route(revokeOtherSessions);
    server.route(revokeSession);
    server.route(updateProfile);
    for (const route of emailRoutes({ providers, send, websiteDomain: web.websiteDomain })) {
        server.route(route);
    }

    server.route(me);
};
