import type { ServerRoute } from '@hapi/hapi';

import type { CoreExtensions } from '../../../core-extensions';
import { pageSession, sessionOf } from '../../../pre/session';
import { securityView } from './view';


export const securityPath = '/dashboard/security';

// GET /dashboard/security: authenticators (add, rename, remove) and recovery codes (make a new set).
export const showSecurity = (extensions: CoreExtensions): ServerRoute => ({
    method: 'GET',
    path: securityPath,
    options: {
        pre: [{ method: pageSession({ checkDatabase: true }) }],
        plugins: { crumb: true },
        handler: async (request, h) => await securityView(h, extensions, sessionOf(request).getUserId())
    }
});
