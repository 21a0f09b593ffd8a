import type { Lifecycle } from '@hapi/hapi';
import Joi from 'joi';

import { inviteView, type InviteRoute } from '../context';
import { invitePageCookieName, invitePath } from '../messages';
import { inviteToken } from '../validation';


/** A malformed token is still a token in the URL: its 400 page sends no Referer either. */
const refuseWithoutReferrer: Lifecycle.Method = (request, _h, err) => {

    request.app.referrerPolicy = 'no-referrer';
    throw err;
};

/*
 * GET /auth/invite?token=…: moves the token out of the address bar into a short-lived HttpOnly cookie for this
 * path and redirects to /auth/invite (with Referrer-Policy: no-referrer), so the page the invitee sees and posts
 * from has no secret in its URL (and its forms keep a real Origin, which no-referrer would make `null`).
 * GET /auth/invite: the invitation from that cookie, checked as the page opens (used, expired, revoked → why, no
 * form).
 */
export const showInvitation: InviteRoute<{ Query: { token?: string } }> = {
    method: 'GET',
    path: invitePath,
    options: {
        app: { page: true },
        plugins: { crumb: true },
        validate: { query: Joi.object({ token: inviteToken }).unknown(true), failAction: refuseWithoutReferrer },
        handler: async (request, h) => {

            if (request.query.token !== undefined) {
                request.app.referrerPolicy = 'no-referrer';
                return h.redirect(invitePath).state(invitePageCookieName, request.query.token);
            }

            const context = request.route.settings.bind!;
            const token: unknown = request.state[invitePageCookieName];
            if (typeof token !== 'string' || inviteToken.validate(token).error) {
                return inviteView(h, context, '', undefined, { problem: 'INVALID_TOKEN_ERROR' }).code(400);
            }

            const check = await context.extensions.checkInvitation(token);
            if (check.status !== 'OK') {
                return inviteView(h, context, token, undefined, { problem: check.status }).code(410);
            }

            return inviteView(h, context, token, check.invitation);
        }
    }
};
