import type { Server } from '@hapi/hapi';

import { exportAudit } from './audit/export';
import { listAudit } from './audit/list';
import { createInvitations } from './invitations/create';
import { listInvitationsRoute } from './invitations/list';
import { resendInvitation } from './invitations/resend';
import { revokeInvitation } from './invitations/revoke';
import { showOverview } from './overview/show';
import { createRole } from './roles/create';
import { deleteRole } from './roles/delete';
import { listRolesRoute } from './roles/list';
import { showRole } from './roles/show';
import { updatePermissions } from './roles/update-permissions';
import { revokeSession } from './sessions/revoke';
import { revokeAllSessions } from './sessions/revoke-all';
import { grantRole } from './user-roles/grant';
import { removeRole } from './user-roles/remove';
import { banUser } from './users/ban';
import { clearLockout } from './users/clear-lockout';
import { deleteUser } from './users/delete';
import { editMetadata } from './users/edit-metadata';
import { exportUsers } from './users/export';
import { listUsersRoute } from './users/list';
import { markEmailUnverified } from './users/mark-unverified';
import { markEmailVerified } from './users/mark-verified';
import { resetUserTwoFactor } from './users/reset-two-factor';
import { sendPasswordReset } from './users/send-password-reset';
import { showUser } from './users/show';
import { unbanUser } from './users/unban';


/**
 * Every admin route: the pages (GET), then the actions (POST). One server.route() call each, because each route
 * has its own request types (hapi's ServerRoute<Refs> is invariant in them).
 */
export const registerAdminRoutes = (server: Server): void => {

    server.route(showOverview);
    server.route(listUsersRoute);
    server.route(exportUsers);
    server.route(showUser);
    server.route(listRolesRoute);
    server.route(showRole);
    server.route(listAudit);
    server.route(exportAudit);
    server.route(listInvitationsRoute);

    server.route(revokeSession);
    server.route(revokeAllSessions);
    server.route(grantRole);
    server.route(removeRole);
    server.route(banUser);
    server.route(unbanUser);
    server.route(clearLockout);
    server.route(sendPasswordReset);
    server.route(markEmailVerified);
    server.route(markEmailUnverified);
    server.route(editMetadata);
    server.route(deleteUser);
    server.route(resetUserTwoFactor);
    server.route(createRole);
    server.route(updatePermissions);
    server.route(deleteRole);
    server.route(createInvitations);
    server.route(resendInvitation);
    server.route(revokeInvitation);
};
