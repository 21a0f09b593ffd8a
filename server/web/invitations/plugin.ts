/*
 * The invitee's side of invitations, `staffgate/invitations`: the /auth/invite page (server-rendered, checked when
 * it opens), its password form, and the step before a provider sign-in (provider.ts has the callback's side).
 * The admin's side is in admin/routes/invitations/.
 */

import type { Plugin } from '@hapi/hapi';
import Joi from 'joi';

import type { WebSettings } from '../../config';
import { apiBasePath } from '../auth/paths';
import { CoreExtensions } from '../core-extensions';
import { socialProviders } from '../pages/providers';
import type { InvitePageContext } from './context';
import { invitePageCookieName, invitePath } from './messages';
import { invitationCookieName, invitationCookieSeconds } from './provider';
import { acceptInvitation } from './routes/accept';
import { showInvitation } from './routes/show';
import { startProviderAcceptance } from './routes/start-provider';


export interface InvitationsOptions {
    readonly web: WebSettings;
    readonly extensions: CoreExtensions;
}

const schema = Joi.object<InvitationsOptions>({
    web: Joi.object().required(),
    extensions: Joi.object().instance(CoreExtensions).required()
});

export const invitations: Plugin<InvitationsOptions> = {
    name: 'staffgate/invitations',
    version: '1.0.0',
    dependencies: ['@hapi/vision', '@hapi/crumb', 'supertokens-hapi-middleware', 'staffgate/csrf', 'staffgate/errors'],
    register: (server, options) => {

        const { web, extensions } = Joi.attempt(options, schema, 'Invalid staffgate/invitations options');
        server.state(invitationCookieName, {
            ttl: invitationCookieSeconds * 1000,
            isSecure: web.secure,
            isHttpOnly: true,
            isSameSite: 'Lax',
            path: apiBasePath,
            encoding: 'none',
            ignoreErrors: true,
            clearInvalid: true
        });

        // The link's token while the invitee is on the page: an hour is plenty to choose a password.
        server.state(invitePageCookieName, {
            ttl: 3600_000,
            isSecure: web.secure,
            isHttpOnly: true,
            isSameSite: 'Lax',
            path: invitePath,
            encoding: 'none',
            ignoreErrors: true,
            clearInvalid: true
        });

        server.bind({ extensions, providers: socialProviders(web), password: web.signInMethods.includes('password') } satisfies InvitePageContext);
        server.route(showInvitation);
        server.route(acceptInvitation);
        server.route(startProviderAcceptance);
    }
};
