import EmailVerification from 'supertokens-node/recipe/emailverification';

import { tenantId } from '../../services/users';
import { emailVerificationAction } from './email-verification';


// POST /admin/users/{id}/email/verify: marks every email of the user verified (a token made and used at once).
export const markEmailVerified = emailVerificationAction({
    action: 'email/verify',
    done: 'email-verified',
    apply: async (login, userContext) => {

        const token = await EmailVerification.createEmailVerificationToken(tenantId, login.recipeUserId, login.email, userContext);
        if (token.status === 'OK') {
            await EmailVerification.verifyEmailUsingToken(tenantId, token.token, false, userContext);
        }
    }
});
