import EmailPassword from 'supertokens-node/recipe/emailpassword';

import { auditContext } from '../../../auth/audit-context';
import { redirectWithFlash } from '../../flash';
import { tenantId } from '../../services/users';
import { errorFlash, userPage } from '../../views';
import { userAction } from '../user-action';


// POST /admin/users/{id}/password-reset: emails the user a reset link (SMTP or the dev outbox).
export const sendPasswordReset = userAction({
    action: 'password-reset',
    handler: async ({ request, h, user, access, back }) => {

        const login = user.loginMethods.find((method) => method.recipeId === 'emailpassword' && method.email !== undefined);
        if (!login) {
            return (await userPage(request, h, user.id, { flash: errorFlash('NO_PASSWORD') })).code(400);
        }

        // UNKNOWN_USER_ID_ERROR only for a user deleted since the line above: nobody to send to, nothing to undo.
        await EmailPassword.sendResetPasswordEmail(tenantId, user.id, login.email!, auditContext(request, access.userId));
        return redirectWithFlash(h, back, 'password-reset-sent');
    }
});
