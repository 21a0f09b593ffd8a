import { actorContext } from '../../../auth/audit-context';
import { adminContext } from '../../context';
import { redirectWithFlash } from '../../flash';
import { errorFlash, userPage } from '../../views';
import { userAction } from '../user-action';


// POST /admin/users/{id}/lockout/clear: forgets the failed sign-ins, so a locked account can sign in again.
export const clearLockout = userAction({
    action: 'lockout/clear',
    handler: async ({ request, h, user, access, back }) => {

        const { extensions } = adminContext(request);
        if (!await extensions.available()) {
            return (await userPage(request, h, user.id, { flash: errorFlash('NEEDS_STAFFGATE_CORE') })).code(501);
        }

        await extensions.clearLockout(user.id, actorContext(request, access.userId));
        return redirectWithFlash(h, back, 'lockout-cleared');
    }
});
