/*
 * Inviting and resending, with the email: what the admin page and the CLI share. The core makes the token and
 * records the audit event; this sends the link to the invitee (SMTP or the dev outbox) and never logs the token.
 */

import type { CoreExtensions, InvitationView, RequestContext } from '../core-extensions';
import type { MailMessage } from '../auth/mail';
import { invitationMessage, inviteLink } from './messages';


export interface InvitationSender {
    readonly extensions: CoreExtensions;
    readonly send: (message: MailMessage) => Promise<void>;
    readonly websiteDomain: string;
    readonly lifetimeHours: number;
}

/** What happened to one address. */
export type InviteOutcome =
    | { readonly outcome: 'invited' | 'resent'; readonly invitation: InvitationView }
    | { readonly outcome: 'has-account' }
    | { readonly outcome: 'unknown-role'; readonly role: string };

export const inviteAndSend = async (sender: InvitationSender, email: string, roles: readonly string[], context: RequestContext): Promise<InviteOutcome> => {

    const result = await sender.extensions.createInvitation({ email, roles, lifetimeHours: sender.lifetimeHours }, context);
    if (result.status === 'ACCOUNT_EXISTS_ERROR') {
        return { outcome: 'has-account' };
    }

    if (result.status === 'UNKNOWN_ROLE_ERROR') {
        return { outcome: 'unknown-role', role: result.role };
    }

    await sender.send(invitationMessage(result.invitation.email, inviteLink(sender.websiteDomain, result.token), sender.lifetimeHours));
    return { outcome: result.result, invitation: result.invitation };
};

/** A new link for a pending invitation (the old one stops working), sent again. */
export const resendAndSend = async (sender: InvitationSender, invitationId: string, context: RequestContext) => {

    const result = await sender.extensions.resendInvitation(invitationId, sender.lifetimeHours, context);
    if (result.status === 'OK') {
        await sender.send(invitationMessage(result.invitation.email, inviteLink(sender.websiteDomain, result.token), sender.lifetimeHours));
    }

    return result.status;
};
