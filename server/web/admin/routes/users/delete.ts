import Joi from 'joi';
import SuperTokens from 'supertokens-node';

import { auditContext } from '../../../auth/audit-context';
import { confirmsUser } from '../../confirm';
import { adminErrors } from '../../error-codes';
import { redirectWithFlash } from '../../flash';
import { errorFlash, userPage } from '../../views';
import { userAction } from '../user-action';


// POST /admin/users/{id}/delete {confirmEmail}: deletes the user (sessions, roles, metadata with it) once the admin
// has typed the user's email (or, for a user without one, the user id). Never oneself.
export const deleteUser = userAction<{ confirmEmail: string }>({
    action: 'delete',
    payload: Joi.object({ confirmEmail: Joi.string().allow('').max(512).default('') }),
    rendersFormErrors: true,
    handler: async ({ request, h, user, access }) => {

        if (user.id === access.userId) {
            return (await userPage(request, h, user.id, { flash: errorFlash('CANNOT_DELETE_YOURSELF') })).code(400);
        }

        if (request.app.formErrors || !confirmsUser(user, request.payload.confirmEmail)) {
            return (await userPage(request, h, user.id, { errors: { confirmEmail: adminErrors.CONFIRMATION_MISMATCH } })).code(400);
        }

        await SuperTokens.deleteUser(user.id, true, auditContext(request, access.userId));
        return redirectWithFlash(h, '/admin/users', 'user-deleted');
    }
});
