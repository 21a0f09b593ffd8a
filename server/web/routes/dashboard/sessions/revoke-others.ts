import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';

import { revokeOtherSessions as revokeOthers } from '../../../pages/account';
import { setFlash } from '../../../pages/flash';
import { pageSession, sessionOf } from '../../../pre/session';


// POST /dashboard/sessions/revoke-others: signs out every other session of the user.
export const revokeOtherSessions: ServerRoute = {
    method: 'POST',
    path: '/dashboard/sessions/revoke-others',
    options: {
        pre: [{ method: pageSession({ checkDatabase: true }, { returnTo: '/dashboard' }) }],
        validate: { payload: Joi.object({}).allow(null) },
        handler: async (request, h) => {

            const revoked = await revokeOthers(sessionOf(request));
            return setFlash(h.redirect('/dashboard'), 'sessions-revoked', revoked);
        }
    }
};
