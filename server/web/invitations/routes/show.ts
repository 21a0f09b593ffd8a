import Joi from 'joi';

import { inviteView, type InviteRoute } from '../context';
import { invitePath } from '../messages';
import { inviteToken } from '../validation';


// GET /auth/invite?token=…: the invitation, checked as the page opens (used, expired, revoked → why, no form).
export const showInvitation: InviteRoute<{ Query: { token: string } }> = {
    method: 'GET',
    path: invitePath,
    options: {
        app: { page: true, referrerPolicy: 'no-referrer' },
        plugins: { crumb: true },
        validate: { query: Joi.object({ token: inviteToken.required() }).unknown(true) },
        handler: async (request, h) => {

            const context = request.route.settings.bind!;
            const check = await context.extensions.checkInvitation(request.query.token);
            if (check.status !== 'OK') {
                return inviteView(h, context, request.query.token, undefined, { problem: check.status }).code(410);
            }

            return inviteView(h, context, request.query.token, check.invitation);
        }
    }
};
