import { adminContext, type AdminRoute } from '../../context';
import { adminPre } from '../../pre';
import { loadMailOverview, loadOverview } from '../../services/overview';
import { adminView } from '../../views';


// GET /admin: users, live sessions, sign-ins and failures in the last 24 h, locked accounts, admins without two-factor,
// and the mail queue (pending and failed mail, the latest delivery errors).
export const showOverview: AdminRoute = {
    method: 'GET',
    path: '/admin',
    options: {
        pre: adminPre(),
        handler: async (request, h) => {

            const { extensions, overviewCounts } = adminContext(request);
            const [overview, mail] = await Promise.all([loadOverview(extensions, Date.now(), () => overviewCounts.get()), loadMailOverview(extensions)]);
            return adminView(request, h, 'overview', { title: 'Admin', section: 'overview', overview, mail });
        }
    }
};
