import { actorContext } from '../../../auth/audit-context';
import { adminContext } from '../../context';
import { redirectWithFlash } from '../../flash';
import { errorFlash, userPage } from '../../views';
import { userAction } from '../user-action';


// POST /admin/users/{id}/unban: the user may sign in again.
export const unbanUser = userAction({
    action: 'unban',
    handler: async ({ request, h, user, access, back }) => {

        const { extensions } = adminContext(request);
        if (!await extensions.available()) {
            return (await userPage(request, h, user.id, { flash: errorFlash('NEEDS_STAFFGATE_CORE') })).code(501);
        }

        const wasBanned = await extensions.unbanUser(user.id, actorContext(request, access.userId));
        return redirectWithFlash(h, back, wasBanned ? 'user-unbanned' : 'user-not-banned');
    }
});
