import { actorContext } from '../../../auth/audit-context';
import { redirectWithFlash } from '../../flash';
import { userAction, withExtensions } from '../user-action';


// POST /admin/users/{id}/lockout/clear: forgets the failed sign-ins, so a locked account can sign in again.
export const clearLockout = userAction({
    action: 'lockout/clear',
    handler: (input) => {

        return withExtensions(input, async (extensions) => {

            const { request, h, user, access, back } = input;
            await extensions.clearLockout(user.id, actorContext(request, access.userId));
            return redirectWithFlash(h, back, 'lockout-cleared');
        });
    }
});
