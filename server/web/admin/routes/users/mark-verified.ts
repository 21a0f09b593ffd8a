import EmailVerification from 'supertokens-node/recipe/emailverification';

import { auditContext } from '../../../auth/audit-context';
import { redirectWithFlash } from '../../flash';
import { tenantId } from '../../services/users';
import { errorFlash, userPage } from '../../views';
import { userAction } from '../user-action';


// POST /admin/users/{id}/email/verify: marks every email of the user verified (a token made and used at once).
export const markEmailVerified = userAction({
    action: 'email/verify',
    handler: async ({ request, h, user, access, back }) => {

        const logins = user.loginMethods.filter((login) => login.email !== undefined);
        if (logins.length === 0) {
            return (await userPage(request, h, user.id, { flash: errorFlash('NO_EMAIL') })).code(400);
        }

        const userContext = auditContext(request, access.userId);
        for (const login of logins) {
            const token = await EmailVerification.createEmailVerificationToken(tenantId, login.recipeUserId, login.email, userContext);
            if (token.status === 'OK') {
                await EmailVerification.verifyEmailUsingToken(tenantId, token.token, false, userContext);
            }
        }

        return redirectWithFlash(h, back, 'email-verified');
    }
});
