import type { AdminRoute } from '../../context';
import { adminPre } from '../../pre';
import { rolesPage } from '../../views';


// GET /admin/roles: every role with its permissions and how many users have it; the form to create one.
export const listRolesRoute: AdminRoute = {
    method: 'GET',
    path: '/admin/roles',
    options: {
        pre: adminPre(),
        plugins: { crumb: true },
        handler: (request, h) => rolesPage(request, h)
    }
};
