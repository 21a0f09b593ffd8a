import EmailVerification from 'supertokens-node/recipe/emailverification';

import { emailVerificationAction } from './email-verification';


// POST /admin/users/{id}/email/unverify: marks every email of the user not verified.
export const markEmailUnverified = emailVerificationAction({
    action: 'email/unverify',
    done: 'email-unverified',
    apply: async (login, userContext) => {

        await EmailVerification.unverifyEmail(login.recipeUserId, login.email, userContext);
    }
});
