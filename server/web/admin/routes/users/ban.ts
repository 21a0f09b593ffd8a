import * as Boom from '@hapi/boom';
import Joi from 'joi';

import { actorContext } from '../../../auth/audit-context';
import { redirectWithFlash } from '../../flash';
import { printable } from '../../validation';
import { errorFlash, userPage } from '../../views';
import { userAction, withExtensions } from '../user-action';


// POST /admin/users/{id}/ban {reason?}: the user cannot sign in any more, and every session of theirs ends now.
export const banUser = userAction<{ reason: string }>({
    action: 'ban',
    payload: Joi.object({ reason: Joi.string().trim().allow('').max(500).pattern(printable).default('') }),
    handler: async (input) => {

        const { request, h, user, access, back } = input;
        if (user.id === access.userId) {
            return (await userPage(request, h, user.id, { flash: errorFlash('CANNOT_BAN_YOURSELF') })).code(400);
        }

        return await withExtensions(input, async (extensions) => {

            const revoked = await extensions.banUser(user.id, request.payload.reason || undefined, actorContext(request, access.userId));
            if (revoked === undefined) {
                throw Boom.notFound('No such user');            // deleted in the meantime
            }

            return redirectWithFlash(h, back, 'user-banned', revoked);
        });
    }
});
