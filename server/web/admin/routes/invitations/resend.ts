import * as Boom from '@hapi/boom';

import { actorContext } from '../../../auth/audit-context';
import { resendAndSend } from '../../../invitations/send';
import { adminContext, type AdminRoute } from '../../context';
import { redirectWithFlash } from '../../flash';
import { adminPre, deferInvalidInput } from '../../pre';
import { emptyPayload } from '../../validation';
import { invitationIdParams } from './validation';


const outcomes = { 'OK': 'invitation-resent', 'INVITATION_NOT_PENDING_ERROR': 'invitation-not-pending', 'ACCOUNT_EXISTS_ERROR': 'invitation-has-account' } as const;

// POST /admin/invitations/{id}/resend: a new link for a pending or expired invitation, sent again.
export const resendInvitation: AdminRoute<{ Params: { id: string } }> = {
    method: 'POST',
    path: '/admin/invitations/{id}/resend',
    options: {
        pre: adminPre({ returnTo: () => '/admin/invitations' }),
        validate: { params: invitationIdParams, payload: emptyPayload, failAction: deferInvalidInput },
        handler: async (request, h) => {

            const status = await resendAndSend(adminContext(request).invitations, request.params.id, actorContext(request, request.pre.access.userId));
            if (status === 'UNKNOWN_INVITATION_ERROR') {
                throw Boom.notFound('No such invitation');
            }

            return redirectWithFlash(h, '/admin/invitations', outcomes[status]);
        }
    }
};
