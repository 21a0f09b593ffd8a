import * as Boom from '@hapi/boom';
import Joi from 'joi';

import { actorContext } from '../../../auth/audit-context';
import { adminContext } from '../../context';
import { redirectWithFlash } from '../../flash';
import { printable } from '../../validation';
import { errorFlash, userPage } from '../../views';
import { userAction } from '../user-action';


// POST /admin/users/{id}/ban {reason?}: the user cannot sign in any more, and every session of theirs ends now.
export const banUser = userAction<{ reason: string }>({
    action: 'ban',
    payload: Joi.object({ reason: Joi.string().trim().allow('').max(500).pattern(printable).default('') }),
    handler: async ({ request, h, user, access, back }) => {

        if (user.id === access.userId) {
            return (await userPage(request, h, user.id, { flash: errorFlash('CANNOT_BAN_YOURSELF') })).code(400);
        }

        const { extensions } = adminContext(request);
        if (!await extensions.available()) {
            return (await userPage(request, h, user.id, { flash: errorFlash('NEEDS_STAFFGATE_CORE') })).code(501);
        }

        const { reason } = request.payload;
        const revoked = await extensions.banUser(user.id, reason || undefined, actorContext(request, access.userId));
        if (revoked === undefined) {
            throw Boom.notFound('No such user');            // deleted in the meantime
        }

        return redirectWithFlash(h, back, 'user-banned', revoked);
    }
});
