import Joi from 'joi';
import Session from 'supertokens-node/recipe/session';

import { auditContext } from '../../../auth/audit-context';
import { redirectWithFlash } from '../../flash';
import { userAction } from '../user-action';


// POST /admin/users/{id}/sessions/revoke {handle}: signs out one session of the user (the core records it).
export const revokeSession = userAction<{ handle: string }>({
    action: 'sessions/revoke',
    payload: Joi.object({ handle: Joi.string().min(1).max(256).required() }),
    handler: async ({ request, h, user, access, back }) => {

        const { handle } = request.payload;
        const info = await Session.getSessionInformation(handle);
        if (!info || info.userId !== user.id) {
            return redirectWithFlash(h, back, 'session-gone');
        }

        await Session.revokeSession(handle, auditContext(request, access.userId));
        return redirectWithFlash(h, back, 'session-revoked');
    }
});
