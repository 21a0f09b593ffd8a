import EmailVerification from 'supertokens-node/recipe/emailverification';

import { auditContext } from '../../../auth/audit-context';
import { redirectWithFlash } from '../../flash';
import { errorFlash, userPage } from '../../views';
import { userAction } from '../user-action';


// POST /admin/users/{id}/email/unverify: marks every email of the user not verified.
export const markEmailUnverified = userAction({
    action: 'email/unverify',
    handler: async ({ request, h, user, access, back }) => {

        const logins = user.loginMethods.filter((login) => login.email !== undefined);
        if (logins.length === 0) {
            return (await userPage(request, h, user.id, { flash: errorFlash('NO_EMAIL') })).code(400);
        }

        const userContext = auditContext(request, access.userId);
        for (const login of logins) {
            await EmailVerification.unverifyEmail(login.recipeUserId, login.email, userContext);
        }

        return redirectWithFlash(h, back, 'email-unverified');
    }
});
