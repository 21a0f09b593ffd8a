import { actorContext } from '../../../auth/audit-context';
import { redirectWithFlash } from '../../flash';
import { userAction, withExtensions } from '../user-action';


// POST /admin/users/{id}/unban: the user may sign in again.
export const unbanUser = userAction({
    action: 'unban',
    handler: (input) => {

        return withExtensions(input, async (extensions) => {

            const { request, h, user, access, back } = input;
            const wasBanned = await extensions.unbanUser(user.id, actorContext(request, access.userId));
            return redirectWithFlash(h, back, wasBanned ? 'user-unbanned' : 'user-not-banned');
        });
    }
});
