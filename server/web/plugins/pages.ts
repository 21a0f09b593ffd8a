import type { Plugin } from '@hapi/hapi';

import type { WebSettings } from '../../config';
import { assetRoutes } from '../routes/assets';
import { dashboardRoutes } from '../routes/dashboard';
import { signInRoutes } from '../routes/auth';


/* The pages staff see: sign-in and the other auth pages, the dashboard, and what they load. */
export const pages: Plugin<{ web: WebSettings }> = {
    name: 'staffgate/pages',
    dependencies: ['@hapi/vision', '@hapi/inert', 'supertokens-hapi-middleware'],
    register: (server, { web }) => {

        server.route([...assetRoutes(), ...signInRoutes(web), ...dashboardRoutes()]);
        server.route({ method: 'GET', path: '/', handler: (_request, h) => h.redirect('/dashboard') });
    }
};
