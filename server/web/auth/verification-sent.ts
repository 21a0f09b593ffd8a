/*
 * The verification link at sign-up, and the verify-email page saying a link was sent only when one was.
 *
 * With EMAIL_VERIFICATION=required, a new email-password account gets its link at once (the SDK sends none by
 * itself: its prebuilt UI asks for one from the verify page). Each link sent to a signed-in user (at sign-up, or
 * "Send the link again" on the page) is noted in the session's data in the database (`verificationSentAt`), which
 * the page reads: "We sent a link to …" then, and "Send me a link" otherwise.
 */

import * as Bounce from '@hapi/bounce';
import EmailVerification from 'supertokens-node/recipe/emailverification';
import type { APIInterface as EmailPasswordApis } from 'supertokens-node/recipe/emailpassword/types';
import type { APIInterface as VerificationApis } from 'supertokens-node/recipe/emailverification/types';
import type { SessionContainer } from 'supertokens-node/recipe/session';

import { extend } from './override';


const sentKey = 'verificationSentAt';

/** Notes in the session's data that a link was just sent to its user. */
const noteSent = async (session: SessionContainer, userContext: Record<string, any>): Promise<void> => {

    const data = await session.getSessionDataFromDatabase(userContext);
    await session.updateSessionDataInDatabase({ ...data, [sentKey]: Date.now() }, userContext);
};

/** When a link was last sent to this session's user, if one was (ms). */
export const verificationSentAt = async (session: SessionContainer): Promise<number | undefined> => {

    const value: unknown = (await session.getSessionDataFromDatabase())?.[sentKey];
    return typeof value === 'number' ? value : undefined;
};

/** Sign-up (email and password) sends the verification link when verification is required. */
export const withVerificationLinkAtSignUp = (original: EmailPasswordApis, required: boolean): EmailPasswordApis => {

    if (!required || original.signUpPOST === undefined) {
        return original;
    }

    return extend(original, {
        signUpPOST: async (input) => {

            const result = await original.signUpPOST!(input);
            if (result.status === 'OK') {
                const login = result.user.loginMethods.find((method) => method.recipeId === 'emailpassword');
                try {
                    const sent = await EmailVerification.sendEmailVerificationEmail(input.tenantId, result.user.id, login!.recipeUserId, login!.email, input.userContext);
                    if (sent.status === 'OK') {
                        await noteSent(result.session, input.userContext);
                    }
                }
                catch (err) {
                    // The account exists either way: the page then offers to send the link.
                    Bounce.rethrow(err, 'system');
                }
            }

            return result;
        }
    });
};

/** "Send the link again" on the verify page notes the link too. */
export const withVerificationSentNoted = (original: VerificationApis): VerificationApis => {

    if (original.generateEmailVerifyTokenPOST === undefined) {
        return original;
    }

    return extend(original, {
        generateEmailVerifyTokenPOST: async (input) => {

            const result = await original.generateEmailVerifyTokenPOST!(input);
            if (result.status === 'OK') {
                await noteSent(input.session, input.userContext);
            }

            return result;
        }
    });
};
