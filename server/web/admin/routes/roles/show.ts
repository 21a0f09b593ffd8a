import Joi from 'joi';

import type { AdminRoute } from '../../context';
import { adminPre, deferInvalidInput } from '../../pre';
import { existingRole } from '../../validation';
import { rolePage } from '../../views';


// GET /admin/roles/{role}: the role's permissions (editable) and who has it.
export const showRole: AdminRoute<{ Params: { role: string } }> = {
    method: 'GET',
    path: '/admin/roles/{role}',
    options: {
        pre: adminPre(),
        plugins: { crumb: true },
        validate: { params: Joi.object({ role: existingRole.required() }), failAction: deferInvalidInput },
        handler: (request, h) => rolePage(request, h, request.params.role)
    }
};
