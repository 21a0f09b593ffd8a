import * as Boom from '@hapi/boom';

import { actorContext } from '../../../auth/audit-context';
import { adminContext, type AdminRoute } from '../../context';
import { redirectWithFlash } from '../../flash';
import { adminPre, deferInvalidInput } from '../../pre';
import { emptyPayload } from '../../validation';
import { invitationIdParams } from './validation';


// POST /admin/invitations/{id}/revoke: the invitation's link stops working.
export const revokeInvitation: AdminRoute<{ Params: { id: string } }> = {
    method: 'POST',
    path: '/admin/invitations/{id}/revoke',
    options: {
        pre: adminPre({ returnTo: () => '/admin/invitations' }),
        validate: { params: invitationIdParams, payload: emptyPayload, failAction: deferInvalidInput },
        handler: async (request, h) => {

            const wasPending = await adminContext(request).extensions.revokeInvitation(request.params.id, actorContext(request, request.pre.access.userId));
            if (wasPending === undefined) {
                throw Boom.notFound('No such invitation');
            }

            return redirectWithFlash(h, '/admin/invitations', wasPending ? 'invitation-revoked' : 'invitation-not-pending');
        }
    }
};
