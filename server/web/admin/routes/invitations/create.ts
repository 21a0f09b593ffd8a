import Joi from 'joi';

import { actorContext } from '../../../auth/audit-context';
import { maxAddresses, parseAddresses } from '../../../invitations/addresses';
import { inviteAndSend } from '../../../invitations/send';
import { adminContext, type AdminRoute } from '../../context';
import { invitationsPage, type InviteResult } from '../../invitations-page';
import { adminPre, deferInvalidInput } from '../../pre';
import { existingRole } from '../../validation';


const payload = Joi.object({
    emails: Joi.string().max(64 * 1024).allow('').default(''),
    roles: Joi.array().items(existingRole).single().max(50).default([])
});

type Payload = { emails: string; roles: string[] };

const messages: Record<InviteResult['outcome'], string> = {
    'invited': 'Invited',
    'resent': 'Already invited: sent a new link (the previous one no longer works)',
    'has-account': 'Already has an account: nothing sent',
    'invalid': 'Not a valid email address',
    'unknown-role': 'A chosen role no longer exists: nothing sent'
};

// POST /admin/invitations {emails, roles}: invites each address (commas or new lines) with the chosen roles and
// answers with what happened to each.
export const createInvitations: AdminRoute<{ Payload: Payload }> = {
    method: 'POST',
    path: '/admin/invitations',
    options: {
        pre: adminPre({ returnTo: () => '/admin/invitations', rendersFormErrors: true }),
        plugins: { crumb: true },
        validate: { payload, failAction: deferInvalidInput },
        handler: async (request, h) => {

            const raw: Record<string, unknown> = request.payload ?? {};
            const values = { emails: typeof raw.emails === 'string' ? raw.emails : '' };
            if (request.app.formErrors) {
                const errors = {
                    ...(request.app.formErrors.emails ? { emails: 'That is too long: paste fewer addresses' } : {}),
                    ...(request.app.formErrors.roles ? { form: 'Choose roles from the list' } : {}),
                    ...(request.app.formErrors.form ? { form: request.app.formErrors.form } : {})
                };
                return (await invitationsPage(request, h, { errors, values })).code(400);
            }

            const { valid, invalid } = parseAddresses(request.payload.emails);
            if (valid.length + invalid.length === 0) {
                return (await invitationsPage(request, h, { errors: { emails: 'Enter at least one email address' }, values, chosenRoles: request.payload.roles })).code(400);
            }

            if (valid.length + invalid.length > maxAddresses) {
                return (await invitationsPage(request, h, { errors: { emails: `At most ${maxAddresses} addresses at a time` }, values, chosenRoles: request.payload.roles })).code(400);
            }

            const { invitations } = adminContext(request);
            const context = actorContext(request, request.pre.access.userId);
            const results: InviteResult[] = invalid.map((email) => ({ email, outcome: 'invalid', message: messages.invalid }));
            for (const email of valid) {
                const { outcome } = await inviteAndSend(invitations, email, request.payload.roles, context);
                results.push({ email, outcome, message: messages[outcome] });
            }

            return invitationsPage(request, h, { results, chosenRoles: request.payload.roles });
        }
    }
};
