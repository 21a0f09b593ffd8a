import type { User } from 'supertokens-node';

import { auditContext } from '../../../auth/audit-context';
import { redirectWithFlash, type AdminFlashCode } from '../../flash';
import { errorFlash, userPage } from '../../views';
import { userAction } from '../user-action';


type EmailLogin = User['loginMethods'][number] & { email: string };

export interface EmailVerificationActionOptions {
    /** The path after /admin/users/{id}/. */
    readonly action: string;
    /** The message once every email is done. */
    readonly done: AdminFlashCode;
    /** Sets the state of one login method's email. */
    readonly apply: (login: EmailLogin, userContext: Record<string, any>) => Promise<void>;
}

/** An action that sets the verification state of every email of the user (the user page says when there is none). */
export const emailVerificationAction = (options: EmailVerificationActionOptions) => {

    return userAction({
        action: options.action,
        handler: async ({ request, h, user, access, back }) => {

            const logins = user.loginMethods.filter((login): login is EmailLogin => login.email !== undefined);
            if (logins.length === 0) {
                return (await userPage(request, h, user.id, { flash: errorFlash('NO_EMAIL') })).code(400);
            }

            const userContext = auditContext(request, access.userId);
            for (const login of logins) {
                await options.apply(login, userContext);
            }

            return redirectWithFlash(h, back, options.done);
        }
    });
};
