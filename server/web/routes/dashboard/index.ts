/*
 * The signed-in user's own pages: the dashboard (who I am, this session, my other sessions), changing my password,
 * signing out my other sessions, and /api/me for page scripts.
 *
 * The pages check the session against the core (`checkDatabase`), so a session revoked elsewhere (another device's
 * "sign out other sessions", a password change) stops working here at once rather than when its access token
 * expires. The two POSTs are our own forms: crumb and the Origin check (plugins/csrf.ts) apply to them.
 */

import type { ServerRoute } from '@hapi/hapi';

import type { WebSettings } from '../../../config';
import { socialProviders } from '../../pages/providers';
import { me } from './me';
import { changePassword } from './password/change';
import { showPassword } from './password/show';
import { revokeOtherSessions } from './sessions/revoke-others';
import { showDashboard } from './show';


export const dashboardRoutes = (web: WebSettings): ServerRoute[] => {

    const providers = socialProviders(web);
    return [showDashboard(providers), showPassword(providers), changePassword(providers), revokeOtherSessions, me];
};
