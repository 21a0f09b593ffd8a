import Session from 'supertokens-node/recipe/session';

import { auditContext } from '../../../auth/audit-context';
import { redirectWithFlash } from '../../flash';
import { userAction } from '../user-action';


// POST /admin/users/{id}/sessions/revoke-all: signs the user out everywhere.
export const revokeAllSessions = userAction({
    action: 'sessions/revoke-all',
    handler: async ({ request, h, user, access, back }) => {

        const revoked = await Session.revokeAllSessionsForUser(user.id, true, undefined, auditContext(request, access.userId));
        return redirectWithFlash(h, back, 'sessions-revoked', revoked.length);
    }
});
