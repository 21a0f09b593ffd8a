/*
 * The admin area (/admin): users, sessions, roles, bans, lockouts and the audit trail, rendered on the server.
 *
 * Every route is guarded by pre handlers (pre.ts): the session checked against the core, then the role read fresh
 * from the core (`admin` may do everything, `viewer` may read). Actions are form POSTs with a crumb and the Origin
 * check (plugins/csrf.ts) that redirect back with a flash message; each is recorded in the core's audit trail with
 * the acting admin (auth/audit-context.ts). Against an official SuperTokens core the extension endpoints are absent:
 * the pages that need them say so and the rest works.
 */

import type { Plugin } from '@hapi/hapi';
import Joi from 'joi';

import type { WebSettings } from '../../config';
import { createMailDelivery, type MailDelivery } from '../auth/mail';
import { CoreExtensions } from '../core-extensions';
import { socialProviders } from '../pages/providers';
import { TtlCache } from '../ttl-cache';
import type { AdminContext } from './context';
import { registerAdminFlash } from './flash';
import { registerAdminRoutes } from './routes';
import { loadOverviewPage } from './services/overview';


export interface AdminOptions {
    readonly web: WebSettings;
    readonly extensions: CoreExtensions;
    /** The server's mail delivery (made here when absent). */
    readonly mail?: MailDelivery;
}

const schema = Joi.object<AdminOptions>({
    web: Joi.object().required(),
    extensions: Joi.object().instance(CoreExtensions).required(),
    mail: Joi.object()
});

export const admin: Plugin<AdminOptions> = {
    name: 'staffgate/admin',
    version: '1.0.0',
    dependencies: ['@hapi/vision', '@hapi/crumb', 'supertokens-hapi-middleware', 'staffgate/csrf', 'staffgate/errors'],
    register: (server, options) => {

        const { web, extensions } = Joi.attempt(options, schema, 'Invalid staffgate/admin options');
        registerAdminFlash(server, web.secure);
        const mail = options.mail ?? createMailDelivery(web, extensions);
        const invitations = { extensions, send: mail.send, websiteDomain: web.websiteDomain, lifetimeHours: web.invitationLifetimeHours };
        const overviewPage = new TtlCache(() => loadOverviewPage(extensions), { maxAgeMs: web.adminCountsMaxAge * 1000 });
        server.bind({ extensions, providers: socialProviders(web), invitations, mail, overviewPage } satisfies AdminContext);
        registerAdminRoutes(server);
    }
};
