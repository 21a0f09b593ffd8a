import * as Boom from '@hapi/boom';
import Joi from 'joi';
import UserRoles from 'supertokens-node/recipe/userroles';

import { auditContext } from '../../../auth/audit-context';
import { adminRole } from '../../../auth/roles';
import type { AdminRoute } from '../../context';
import { redirectWithFlash } from '../../flash';
import { rolePath } from '../../paths';
import { adminPre, deferInvalidInput } from '../../pre';
import { emptyPayload, existingRole } from '../../validation';
import { errorFlash, rolePage } from '../../views';


// POST /admin/roles/{role}/delete: deletes the role (and takes it from everyone). Never the admin role.
export const deleteRole: AdminRoute<{ Params: { role: string } }> = {
    method: 'POST',
    path: '/admin/roles/{role}/delete',
    options: {
        pre: adminPre({ returnTo: (request) => rolePath(String(request.params.role)) }),
        validate: { params: Joi.object({ role: existingRole.required() }), payload: emptyPayload, failAction: deferInvalidInput },
        handler: async (request, h) => {

            const role = request.params.role;
            if (role === adminRole) {
                return (await rolePage(request, h, role, { flash: errorFlash('CANNOT_DELETE_ADMIN_ROLE') })).code(400);
            }

            const { didRoleExist } = await UserRoles.deleteRole(role, auditContext(request, request.pre.access.userId));
            if (!didRoleExist) {
                throw Boom.notFound('No such role');
            }

            return redirectWithFlash(h, '/admin/roles', 'role-deleted');
        }
    }
};
