import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import Session from 'supertokens-node/recipe/session';

import { websiteBasePath } from '../../../auth/paths';
import { setFlash } from '../../../pages/flash';
import { pageSession, sessionOf } from '../../../pre/session';


/*
 * POST /dashboard/sessions/revoke {handle}: signs out one of the user's devices. Only the user's own sessions: a
 * handle that is not theirs (or no longer live) is answered as one already signed out, saying nothing about whose
 * it is. Signing out this device ends this session (its cookies are cleared) and goes to the sign-in page.
 */
export const revokeSession: ServerRoute<{ Payload: { handle: string } }> = {
    method: 'POST',
    path: '/dashboard/sessions/revoke',
    options: {
        pre: [{ method: pageSession({ checkDatabase: true }, { returnTo: '/dashboard' }) }],
        validate: { payload: Joi.object({ handle: Joi.string().max(512).required() }) },
        handler: async (request, h) => {

            const session = sessionOf(request);
            const { handle } = request.payload;
            if (handle === session.getHandle()) {
                await session.revokeSession();
                return h.redirect(`${websiteBasePath}?signedOut=self`);
            }

            const info = await Session.getSessionInformation(handle);
            if (!info || info.userId !== session.getUserId()) {
                return setFlash(h.redirect('/dashboard'), 'device-gone');
            }

            await Session.revokeSession(handle);
            return setFlash(h.redirect('/dashboard'), 'device-signed-out');
        }
    }
};
