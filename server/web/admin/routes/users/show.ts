import type { AdminRoute } from '../../context';
import { adminPre, deferInvalidInput } from '../../pre';
import { userIdParams } from '../../validation';
import { userPage } from '../../views';


// GET /admin/users/{id}: sign-in methods, email, roles, metadata, ban and lockout, sessions, audit trail; the forms.
export const showUser: AdminRoute<{ Params: { id: string } }> = {
    method: 'GET',
    path: '/admin/users/{id}',
    options: {
        pre: adminPre(),
        plugins: { crumb: true },
        validate: { params: userIdParams, failAction: deferInvalidInput },
        handler: (request, h) => userPage(request, h, request.params.id)
    }
};
