import type { Plugin } from '@hapi/hapi';

import type { WebSettings } from '../../config';
import { factorNotifier } from '../auth/factor-notices';
import { createMailDelivery, type MailDelivery } from '../auth/mail';
import type { CoreExtensions } from '../core-extensions';
import { registerFlash } from '../pages/flash';
import { assetRoutes } from '../routes/assets';
import { registerAuthRoutes } from '../routes/auth';
import { registerDashboardRoutes } from '../routes/dashboard';
import { registerSecurityRoutes } from '../routes/dashboard/security';
import { registerMfaRoutes } from '../routes/mfa';
import { passwordStrengthRoute } from '../routes/password-strength';


/* The pages staff see: sign-in and the other auth pages, the dashboard, and what they load. */
export const pages: Plugin<{ web: WebSettings; extensions: CoreExtensions; mail?: MailDelivery }> = {
    name: 'staffgate/pages',
    dependencies: ['@hapi/vision', '@hapi/inert', '@hapi/crumb', 'supertokens-hapi-middleware', 'staffgate/csrf', 'staffgate/errors'],
    register: (server, { web, extensions, mail }) => {

        registerFlash(server, web.secure);
        server.route(assetRoutes());
        registerAuthRoutes(server, web, extensions);
        const delivery = mail ?? createMailDelivery(web, extensions);
        registerDashboardRoutes(server, web, extensions, delivery.send);
        const mfaDeps = { extensions, notify: factorNotifier(delivery.send, web.websiteDomain) };
        registerMfaRoutes(server, mfaDeps);
        registerSecurityRoutes(server, mfaDeps);
        server.route(passwordStrengthRoute);
        server.route({ method: 'GET', path: '/', handler: (_request, h) => h.redirect('/dashboard') });
    }
};
