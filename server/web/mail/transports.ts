/*
 * How a message leaves: by SMTP (SMTP_URL, with nodemailer, which speaks SMTPUTF8 to servers that offer it, for
 * internationalised addresses), or into the dev outbox (one .eml file per message). Either way the Message-ID is
 * made from the queued message's id, so a message delivered twice (a crash between the SMTP server's acceptance
 * and "mark sent") carries the same Message-ID both times and receivers can drop the copy.
 */

import * as Nodemailer from 'nodemailer';

import type { WebSettings } from '../../config';
import { parseMailFrom, parseSmtpUrl, writeToOutbox, type MailMessage } from '../auth/mail';


/** A message to send, with the queue's id and enqueue time (for the Message-ID). */
export interface OutgoingMail extends MailMessage {
    readonly id: string;
    readonly createdAt: number;
}

export interface MailTransport {
    /** Sends the message, or throws; answers where it went, for the log (a file) or undefined. */
    deliver(mail: OutgoingMail): Promise<string | undefined>;
    /** A local, fast transport (the outbox): delivered before the request that queued the message answers. */
    readonly local: boolean;
}

/** `<id.time@domain>`: the same for every attempt at one queued message. */
export const messageIdOf = (mail: Pick<OutgoingMail, 'id' | 'createdAt'>, domain: string): string => `<${mail.id.replace(/[^0-9A-Za-z]/g, '')}.${mail.createdAt}@${domain}>`;

// Bounded, so that an attempt ends well within the lease (mail-sender.ts) instead of nodemailer's 10 minutes.
const smtpTimeouts = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 45_000 };

export const createTransport = (web: WebSettings): MailTransport => {

    if (!web.smtpUrl) {
        return {
            local: true,
            deliver: (mail) => writeToOutbox(web.outboxDir, web.mailFrom, mail, messageIdOf(mail, 'staffgate.outbox'))
        };
    }

    const smtp = parseSmtpUrl(web.smtpUrl);
    const from = parseMailFrom(web.mailFrom);
    const transporter = Nodemailer.createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        auth: { user: smtp.authUsername ?? from.email, pass: smtp.password },
        ...smtpTimeouts
    });

    const domain = from.email.split('@').pop()!;
    return {
        local: false,
        deliver: async (mail) => {

            await transporter.sendMail({
                from: { name: from.name, address: from.email },
                to: mail.to,
                subject: mail.subject,
                text: mail.text,
                messageId: messageIdOf(mail, domain)
            });

            return undefined;
        }
    };
};
