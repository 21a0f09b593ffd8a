import type { ServerRoute } from '@hapi/hapi';

import { listAudit } from './audit/list';
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
import { listUsersRoute } from './users/list';
import { markEmailUnverified } from './users/mark-unverified';
import { markEmailVerified } from './users/mark-verified';
import { sendPasswordReset } from './users/send-password-reset';
import { showUser } from './users/show';
import { unbanUser } from './users/unban';


/** Every admin route: the pages (GET), then the actions (POST). */
export const adminRoutes: ServerRoute[] = [
    showOverview, listUsersRoute, showUser, listRolesRoute, showRole, listAudit,
    revokeSession, revokeAllSessions, grantRole, removeRole, banUser, unbanUser, clearLockout, sendPasswordReset,
    markEmailVerified, markEmailUnverified, editMetadata, deleteUser, createRole, updatePermissions, deleteRole
];
