import { adminContext, type AdminRoute } from '../../context';
import { adminPre } from '../../pre';
import { loadOverview } from '../../services/overview';
import { adminView } from '../../views';


// GET /admin: users, live sessions, sign-ins and failures in the last 24 h, locked accounts, admins without two-factor.
export const showOverview: AdminRoute = {
    method: 'GET',
    path: '/admin',
    options: {
        pre: adminPre(),
        handler: async (request, h) => {

            const { extensions, overviewCounts } = adminContext(request);
            const overview = await loadOverview(extensions, Date.now(), () => overviewCounts.get());
            return adminView(request, h, 'overview', { title: 'Admin', section: 'overview', overview });
        }
    }
};
