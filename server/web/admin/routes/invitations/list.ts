import { invitationsPage } from '../../invitations-page';
import type { AdminRoute } from '../../context';
import { adminPre } from '../../pre';


// GET /admin/invitations: pending, accepted, expired and revoked invitations; the form to invite (admins only).
export const listInvitationsRoute: AdminRoute = {
    method: 'GET',
    path: '/admin/invitations',
    options: {
        pre: adminPre(),
        plugins: { crumb: true },
        handler: (request, h) => invitationsPage(request, h)
    }
};
