import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import UserRoles from 'supertokens-node/recipe/userroles';

import { auditContext } from '../../../auth/audit-context';
import { adminErrors } from '../../error-codes';
import { redirectWithFlash } from '../../flash';
import { rolePath } from '../../paths';
import { accessOf, adminPre, deferInvalidInput } from '../../pre';
import { newRoleName, permissionList } from '../../validation';
import { rolesPage } from '../../views';


const payload = Joi.object({ name: newRoleName.required(), permissions: permissionList });

// POST /admin/roles {name, permissions}: a new role (permissions one a line).
export const createRole: ServerRoute = {
    method: 'POST',
    path: '/admin/roles',
    options: {
        pre: adminPre({ returnTo: () => '/admin/roles', rendersFormErrors: true }),
        validate: { payload, failAction: deferInvalidInput },
        handler: async (request, h) => {

            const raw = request.payload as Record<string, unknown>;
            const values = { name: String(raw.name ?? ''), permissions: String(raw.permissions ?? '') };
            if (request.app.formErrors) {
                const errors = {
                    ...(request.app.formErrors.name ? { name: 'Use letters, digits and . _ : - (at most 64), starting with a letter or digit' } : {}),
                    ...(request.app.formErrors.permissions ? { permissions: 'At most 200 permissions of at most 128 characters each' } : {}),
                    ...(request.app.formErrors.form ? { form: request.app.formErrors.form } : {})
                };
                return (await rolesPage(request, h, { errors, values })).code(400);
            }

            const { name, permissions } = request.payload as { name: string; permissions: string[] };
            const { roles } = await UserRoles.getAllRoles();
            if (roles.includes(name)) {
                return (await rolesPage(request, h, { errors: { name: adminErrors.ROLE_EXISTS }, values })).code(400);
            }

            await UserRoles.createNewRoleOrAddPermissions(name, permissions, auditContext(request, accessOf(request).userId));
            return redirectWithFlash(h, rolePath(name), 'role-created');
        }
    }
};
