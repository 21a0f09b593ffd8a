import Joi from 'joi';
import UserRoles from 'supertokens-node/recipe/userroles';

import { auditContext } from '../../../auth/audit-context';
import { adminRole } from '../../../auth/roles';
import { redirectWithFlash } from '../../flash';
import { tenantId } from '../../services/users';
import { existingRole } from '../../validation';
import { errorFlash, userPage } from '../../views';
import { userAction } from '../user-action';


// POST /admin/users/{id}/roles/remove {role}: takes a role away; an admin cannot take away their own admin role.
export const removeRole = userAction<{ role: string }>({
    action: 'roles/remove',
    payload: Joi.object({ role: existingRole.required() }),
    handler: async ({ request, h, user, access, back }) => {

        const { role } = request.payload;
        if (user.id === access.userId && role === adminRole) {
            return (await userPage(request, h, user.id, { flash: errorFlash('CANNOT_DEMOTE_YOURSELF') })).code(400);
        }

        const result = await UserRoles.removeUserRole(tenantId, user.id, role, auditContext(request, access.userId));
        if (result.status === 'UNKNOWN_ROLE_ERROR') {
            return (await userPage(request, h, user.id, { flash: errorFlash('UNKNOWN_ROLE') })).code(400);
        }

        return redirectWithFlash(h, back, result.didUserHaveRole ? 'role-removed' : 'role-not-held');
    }
});
