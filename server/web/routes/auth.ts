import type { ServerRoute } from '@hapi/hapi';

import type { WebSettings } from '../../config';
import { safeRedirectPath } from '../pre/session';


export const signInRoutes = (web: WebSettings): ServerRoute[] => [
    {
        method: 'GET',
        path: '/auth',
        handler: (request, h) => h.view('auth/sign-in', {
            title: 'Sign in',
            redirectToPath: safeRedirectPath(request.query.redirectToPath),
            oidc: web.oidc && { id: web.oidc.id, name: web.oidc.name }
        })
    },
    {
        method: 'GET',
        path: '/auth/refresh',
        handler: (request, h) => h.view('auth/refresh', { title: 'Signing you in', redirectToPath: safeRedirectPath(request.query.redirectToPath) })
    }
];
