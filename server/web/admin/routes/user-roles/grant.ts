import Joi from 'joi';
import UserRoles from 'supertokens-node/recipe/userroles';

import { auditContext } from '../../../auth/audit-context';
import { adminErrors } from '../../error-codes';
import { redirectWithFlash } from '../../flash';
import { tenantId } from '../../services/users';
import { existingRole } from '../../validation';
import { userPage } from '../../views';
import { userAction } from '../user-action';


// POST /admin/users/{id}/roles/grant {role}: gives the user an existing role (takes effect on their next request).
export const grantRole = userAction<{ role: string }>({
    action: 'roles/grant',
    payload: Joi.object({ role: existingRole.required() }),
    rendersFormErrors: true,
    handler: async ({ request, h, user, access, back }) => {

        if (request.app.formErrors) {
            return (await userPage(request, h, user.id, { errors: { role: 'Choose a role' } })).code(400);
        }

        const { role } = request.payload;
        const result = await UserRoles.addRoleToUser(tenantId, user.id, role, auditContext(request, access.userId));
        if (result.status === 'UNKNOWN_ROLE_ERROR') {
            return (await userPage(request, h, user.id, { errors: { role: adminErrors.UNKNOWN_ROLE } })).code(400);
        }

        return redirectWithFlash(h, back, result.didUserAlreadyHaveRole ? 'role-already-held' : 'role-granted');
    }
});
