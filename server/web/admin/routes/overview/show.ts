import { adminContext, type AdminRoute } from '../../context';
import { adminPre } from '../../pre';
import { adminView } from '../../views';


// GET /admin: users, live sessions, sign-ins and failures in the last 24 h, locked accounts, admins without two-factor,
// and the mail queue (pending and failed mail, the latest delivery errors).
export const showOverview: AdminRoute = {
    method: 'GET',
    path: '/admin',
    options: {
        pre: adminPre(),
        handler: async (request, h) => {

            const { overview, mail } = (await adminContext(request).overviewPage.get()).value;
            return adminView(request, h, 'overview', { title: 'Admin', section: 'overview', overview, mail });
        }
    }
};
