import * as Boom from '@hapi/boom';
import Joi from 'joi';
import UserRoles from 'supertokens-node/recipe/userroles';

import { actorContext, auditContext } from '../../../auth/audit-context';
import { adminContext, type AdminRoute } from '../../context';
import { redirectWithFlash } from '../../flash';
import { rolePath } from '../../paths';
import { adminPre, deferInvalidInput } from '../../pre';
import { existingRole, permissionList } from '../../validation';
import { rolePage } from '../../views';


// POST /admin/roles/{role}/permissions {permissions}: the role's permissions become exactly the ones listed.
export const updatePermissions: AdminRoute<{ Params: { role: string }; Payload: { permissions: string[] } }> = {
    method: 'POST',
    path: '/admin/roles/{role}/permissions',
    options: {
        pre: adminPre({ returnTo: (request) => rolePath(String(request.params.role)), rendersFormErrors: true }),
        validate: {
            params: Joi.object({ role: existingRole.required() }),
            payload: Joi.object({ permissions: permissionList }),
            failAction: deferInvalidInput
        },
        handler: async (request, h) => {

            const role = request.params.role;
            if (request.app.formErrors) {
                const typed: unknown = request.payload.permissions;          // as typed when invalid
                const permissions = request.app.formErrors.permissions ? 'At most 200 permissions of at most 128 characters each' : request.app.formErrors.form!;
                return (await rolePage(request, h, role, { errors: { permissions }, values: { permissions: typeof typed === 'string' ? typed : '' } })).code(400);
            }

            const current = await UserRoles.getPermissionsForRole(role);
            if (current.status !== 'OK') {
                throw Boom.notFound('No such role');
            }

            const wanted = request.payload.permissions;
            const added = wanted.filter((permission) => !current.permissions.includes(permission));
            const removed = current.permissions.filter((permission) => !wanted.includes(permission));
            const adminId = request.pre.access.userId;
            if (added.length) {
                await UserRoles.createNewRoleOrAddPermissions(role, added, auditContext(request, adminId));
            }

            if (removed.length) {
                await UserRoles.removePermissionsFromRole(role, removed, auditContext(request, adminId));

                // The core records no event for this one: the admin area does, where it can.
                const { extensions } = adminContext(request);
                if (await extensions.available()) {
                    await extensions.appendAudit('role_permissions_removed', undefined, { role, permissions: removed }, actorContext(request, adminId));
                }
            }

            return redirectWithFlash(h, rolePath(role), 'permissions-saved');
        }
    }
};
