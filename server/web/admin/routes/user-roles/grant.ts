import Joi from 'joi';
import UserRoles from 'supertokens-node/recipe/userroles';

import { auditContext } from '../../../auth/audit-context';
import { adminRole } from '../../../auth/roles';
import type { FieldErrors } from '../../../pages/forms';
import { confirmsUser } from '../../confirm';
import { adminErrors } from '../../error-codes';
import { redirectWithFlash } from '../../flash';
import { tenantId } from '../../services/users';
import { existingRole } from '../../validation';
import { userPage } from '../../views';
import { userAction } from '../user-action';


/*
 * POST /admin/users/{id}/roles/grant {role, confirmEmail?}: gives the user an existing role (takes effect on their
 * next request). `admin` gives everything, including making more admins: the page first asks the admin to type the
 * user's email (confirm.ts), as for deleting a user.
 */
export const grantRole = userAction<{ role: string; confirmEmail?: string }>({
    action: 'roles/grant',
    payload: Joi.object({ role: existingRole.required(), confirmEmail: Joi.string().allow('').max(1024) }),
    rendersFormErrors: true,
    handler: async ({ request, h, user, access, back }) => {

        if (request.app.formErrors) {
            return (await userPage(request, h, user.id, { errors: { role: 'Choose a role' } })).code(400);
        }

        const { role, confirmEmail } = request.payload;
        if (role === adminRole && !confirmsUser(user, confirmEmail ?? '')) {
            const errors: FieldErrors = confirmEmail === undefined ? {} : { confirmEmail: 'Type their email address exactly to confirm' };
            return (await userPage(request, h, user.id, { confirmGrant: role, errors })).code(confirmEmail === undefined ? 200 : 400);
        }

        const result = await UserRoles.addRoleToUser(tenantId, user.id, role, auditContext(request, access.userId));
        if (result.status === 'UNKNOWN_ROLE_ERROR') {
            return (await userPage(request, h, user.id, { errors: { role: adminErrors.UNKNOWN_ROLE } })).code(400);
        }

        return redirectWithFlash(h, back, result.didUserAlreadyHaveRole ? 'role-already-held' : 'role-granted');
    }
});
