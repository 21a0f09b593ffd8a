import Joi from 'joi';
import UserRoles from 'supertokens-node/recipe/userroles';

import { auditContext } from '../../../auth/audit-context';
import type { AdminRoute } from '../../context';
import { adminErrors } from '../../error-codes';
import { redirectWithFlash } from '../../flash';
import { rolePath } from '../../paths';
import { adminPre, deferInvalidInput } from '../../pre';
import { newRoleName, permissionList } from '../../validation';
import { rolesPage } from '../../views';


const payload = Joi.object({ name: newRoleName.required(), permissions: permissionList });

// POST /admin/roles {name, permissions}: a new role (permissions one a line).
export const createRole: AdminRoute<{ Payload: { name: string; permissions: string[] } }> = {
    method: 'POST',
    path: '/admin/roles',
    options: {
        pre: adminPre({ returnTo: () => '/admin/roles', rendersFormErrors: true }),
        validate: { payload, failAction: deferInvalidInput },
        handler: async (request, h) => {

            const raw: Record<string, unknown> = request.payload;
            const values = { name: String(raw.name ?? ''), permissions: String(raw.permissions ?? '') };
            if (request.app.formErrors) {
                const errors = {
                    ...(request.app.formErrors.name ? { name: 'Use letters, digits and . _ : - (at most 64), starting with a letter or digit' } : {}),
                    ...(request.app.formErrors.permissions ? { permissions: 'At most 200 permissions of at most 128 characters each' } : {}),
                    ...(request.app.formErrors.form ? { form: request.app.formErrors.form } : {})
                };
                return (await rolesPage(request, h, { errors, values })).code(400);
            }

            const { name, permissions } = request.payload;
            const { roles } = await UserRoles.getAllRoles();
            if (roles.includes(name)) {
                return (await rolesPage(request, h, { errors: { name: adminErrors.ROLE_EXISTS }, values })).code(400);
            }

            await UserRoles.createNewRoleOrAddPermissions(name, permissions, auditContext(request, request.pre.access.userId));
            return redirectWithFlash(h, rolePath(name), 'role-created');
        }
    }
};
