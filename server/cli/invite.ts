/*
 * `npm run admin -- invite <email> [--role <name>]…`: what the admin page's invite form does, for one address,
 * from the command line (admin.ts sets up the core connection). The email goes out through the configured mailer
 * (SMTP, or the dev outbox); the token is never printed.
 */

import type { WebSettings } from '../config';
import { createMailDelivery } from '../web/auth/mail';
import { CoreExtensions } from '../web/core-extensions';
import { parseAddresses } from '../web/invitations/addresses';
import { inviteAndSend } from '../web/invitations/send';


export const inviteUsage = 'npm run admin -- invite <email> [--role <name>]…';

export interface InviteArgs {
    readonly email: string;
    readonly roles: string[];
}

/** `<email> [--role <name>]…` (also `--role=<name>`); throws with the usage on anything else. */
export const parseInviteArgs = (args: readonly string[]): InviteArgs => {

    const roles: string[] = [];
    const emails: string[] = [];
    for (let i = 0; i < args.length; ++i) {
        const arg = args[i]!;
        if (arg === '--role' && args[i + 1] !== undefined) {
            roles.push(args[++i]!);
        }
        else if (arg.startsWith('--role=')) {
            roles.push(arg.slice('--role='.length));
        }
        else if (!arg.startsWith('--')) {
            emails.push(arg);
        }
        else {
            throw new Error(`usage: ${inviteUsage}`);
        }
    }

    const { valid, invalid } = parseAddresses(emails.join('\n'));
    if (emails.length !== 1 || valid.length !== 1 || invalid.length > 0 || roles.some((role) => !role.trim())) {
        throw new Error(`usage: ${inviteUsage}`);
    }

    return { email: valid[0]!, roles: roles.map((role) => role.trim()) };
};

/** Invites and sends the email; answers the line to print, and whether it worked. */
export const runInviteCommand = async (args: readonly string[], core: { uri: string; apiKey: string | undefined }, web: WebSettings): Promise<{ ok: boolean; message: string }> => {

    const { email, roles } = parseInviteArgs(args);
    const extensions = new CoreExtensions(core);
    const mail = createMailDelivery(web, extensions);
    const sender = { extensions, send: mail.send, websiteDomain: web.websiteDomain, lifetimeHours: web.invitationLifetimeHours };
    const result = await inviteAndSend(sender, email, roles, {});
    await mail.worker.settle();                     // an SMTP delivery runs in the background: done before the process ends
    switch (result.outcome) {
        case 'invited':
            return { ok: true, message: `invited ${email}${roles.length ? ` with ${roles.join(', ')}` : ''}: the link was sent and works for ${web.invitationLifetimeHours} hours` };
        case 'resent':
            return { ok: true, message: `${email} was already invited: sent a new link (the previous one no longer works)` };
        case 'has-account':
            return { ok: false, message: `${email} already has an account: nothing sent` };
        default:
            return { ok: false, message: `there is no role named ${result.role}: nothing sent` };
    }
};
