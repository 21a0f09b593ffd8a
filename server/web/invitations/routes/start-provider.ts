import Joi from 'joi';

import type { InviteRoute } from '../context';
import { invitationCookieName } from '../provider';
import { inviteToken } from '../validation';


// POST /auth/invite/provider {token} (the invite page's script, with the crumb): keeps the token for the callback
// of the provider sign-in the script starts next (provider.ts); 204, or 410 when the invitation cannot be used.
export const startProviderAcceptance: InviteRoute<{ Payload: { token: string } }> = {
    method: 'POST',
    path: '/auth/invite/provider',
    options: {
        validate: { payload: Joi.object({ token: inviteToken.required() }) },
        handler: async (request, h) => {

            const check = await request.route.settings.bind!.extensions.checkInvitation(request.payload.token);
            if (check.status !== 'OK') {
                return h.response({ status: check.status }).code(410);
            }

            return h.response().code(204).state(invitationCookieName, request.payload.token);
        }
    }
};
