import Joi from 'joi';

import { actorContext, auditContext } from '../../../auth/audit-context';
import { adminContext } from '../../context';
import { confirmsUser } from '../../confirm';
import { adminErrors } from '../../error-codes';
import { redirectWithFlash } from '../../flash';
import { resetTwoFactor } from '../../services/two-factor';
import { errorFlash, userPage } from '../../views';
import { userAction, withExtensions } from '../user-action';


// POST /admin/users/{id}/two-factor/reset {confirmReset}: once the admin has typed the user's email (or id), removes
// the user's TOTP devices and recovery codes, signs them out everywhere and emails them. Never one's own.
export const resetUserTwoFactor = userAction<{ confirmReset: string }>({
    action: 'two-factor/reset',
    payload: Joi.object({ confirmReset: Joi.string().allow('').max(512).default('') }),
    rendersFormErrors: true,
    handler: async (input) => {

        const { request, h, user, access, back } = input;
        if (user.id === access.userId) {
            return (await userPage(request, h, user.id, { flash: errorFlash('CANNOT_RESET_OWN_TWO_FACTOR') })).code(400);
        }

        if (request.app.formErrors || !confirmsUser(user, request.payload.confirmReset)) {
            return (await userPage(request, h, user.id, { errors: { confirmReset: adminErrors.CONFIRMATION_MISMATCH } })).code(400);
        }

        return await withExtensions(input, async (extensions) => {

            const result = await resetTwoFactor({
                extensions,
                mail: adminContext(request).mail,
                userId: user.id,
                email: user.emails[0],
                context: actorContext(request, access.userId),
                userContext: auditContext(request, access.userId)
            });

            return result.removed ? redirectWithFlash(h, back, 'two-factor-reset', result.sessionsRevoked) : redirectWithFlash(h, back, 'two-factor-not-set-up');
        });
    }
});
