import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';

import { displayNameSchema, saveDisplayName } from '../../pages/display-name';
import { setFlash } from '../../pages/flash';
import { pageSession, sessionOf } from '../../pre/session';


// POST /dashboard/profile {displayName}: sets the name shown in the nav and to admins (empty removes it).
export const updateProfile: ServerRoute<{ Payload: { displayName: string } }> = {
    method: 'POST',
    path: '/dashboard/profile',
    options: {
        pre: [{ method: pageSession({ checkDatabase: true }, { returnTo: '/dashboard' }) }],
        validate: { payload: Joi.object({ displayName: displayNameSchema.default('') }) },
        handler: async (request, h) => {

            await saveDisplayName(sessionOf(request).getUserId(), request.payload.displayName);
            return setFlash(h.redirect('/dashboard'), 'profile-saved');
        }
    }
};
