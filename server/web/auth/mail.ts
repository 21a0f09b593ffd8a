/*
 * Email delivery for the SDK's emails (password reset, email verification) and our own notices.
 *
 * Every message goes through the core's mail queue (mail/sender.ts): stored durably before the request answers,
 * then delivered by this process at once and, after a failure, retried with backoff by any instance's worker
 * (mail/mail-worker.ts) for 24 hours. Delivery is by SMTP when `SMTP_URL` is set (smtp(s)://user:pass@host:port),
 * otherwise into the dev outbox: one `.eml` file per message in `outboxDir` (headers and a text body with the
 * link), written before the request answers, and a log line naming the file (never the token).
 *
 * SMTP delivery happens in the background: the request answers without waiting for the SMTP server, so the
 * answer's timing does not tell whether an email was sent (for a password reset: whether the account exists), and
 * an unreachable SMTP server does not turn into a 500 that only known addresses get. Failures are logged.
 *
 * Either way nothing goes to supertokens.io: without `emailDelivery` the SDK would POST the emails to its
 * service there.
 */

import * as Crypto from 'crypto';
import * as Fs from 'fs';
import * as Path from 'path';

import type { TypeEmailPasswordEmailDeliveryInput } from 'supertokens-node/recipe/emailpassword/types';
import type { TypeEmailVerificationEmailDeliveryInput } from 'supertokens-node/recipe/emailverification/types';

import type { WebSettings } from '../../config';
import type { Logger } from '../../observability/logger';
import type { MailMetrics } from '../../observability/metrics';
import type { CoreExtensions } from '../core-extensions';
import { MailWorker, type MailWorkerOptions } from '../mail/mail-worker';
import { mailSender } from '../mail/sender';
import { createTransport } from '../mail/transports';


export interface MailMessage {
    readonly to: string;
    readonly subject: string;
    readonly text: string;
}

/**
 * Where mail outcomes go: log lines to the app's logger (the console before an app sets one), unless a test swaps
 * the sink; sent and failed messages to the mail metrics. initSupertokens sets both for the process, as it sets up
 * the SDK (one app per process).
 */
export const mailLog = {
    logger: undefined as Pick<Logger, 'info' | 'warn'> | undefined,
    metrics: undefined as MailMetrics | undefined,
    sink: (line: string, level: 'info' | 'warn' = 'info'): void => {

        if (mailLog.logger) {
            mailLog.logger[level]({ tags: ['mail'] }, line);
        }
        else {
            console.info(line);
        }
    }
};

interface EmailDeliveryService<T> {
    sendEmail(input: T & { tenantId: string; userContext: Record<string, any> }): Promise<void>;
}

export interface MailDelivery {
    /** `emailDelivery` of the EmailPassword recipe. */
    readonly passwordReset: { service: EmailDeliveryService<TypeEmailPasswordEmailDeliveryInput> };
    /** `emailDelivery` of the EmailVerification recipe. */
    readonly verification: { service: EmailDeliveryService<TypeEmailVerificationEmailDeliveryInput> };
    /** Any other message (notices), through the same channel. */
    send(message: MailMessage): Promise<void>;
    /** Stores a message in the queue and drops it, sending nothing: the work of `send`, for equal timing. */
    sendNothing(message: MailMessage): Promise<void>;
    /** Whether the core has the mail queue; asked when the server starts. */
    ready(): Promise<boolean>;
    /** This process's deliveries and its queue worker (started and stopped with the web server). */
    readonly worker: MailWorker;
}

// Set in the request's userContext when an email of the SDK's was handed to delivery (equal-work.ts reads it).
const mailHandedOver = 'staffgateMailHandedOver';

/** Whether this request handed an email to delivery. */
export const mailWasHandedOver = (userContext: Record<string, unknown>): boolean => userContext[mailHandedOver] === true;


// Contents: plain text, the link on a line of its own.

export const passwordResetMessage = (to: string, link: string): MailMessage => ({
    to,
    subject: 'Reset your Staffgate password',
    text: [
        'Hello,',
        '',
        'Someone asked to reset the password of the Staffgate account for this email address.',
        'To choose a new password, open this link (it works once and expires soon):',
        '',
        link,
        '',
        'If you did not ask for this, ignore this email: your password stays as it is.',
        ''
    ].join('\n')
});

export const verificationMessage = (to: string, link: string): MailMessage => ({
    to,
    subject: 'Confirm your email address for Staffgate',
    text: [
        'Hello,',
        '',
        'To confirm that this email address is yours, open this link:',
        '',
        link,
        '',
        'If you did not create a Staffgate account, ignore this email.',
        ''
    ].join('\n')
});

export const accountExistsMessage = (to: string, websiteDomain: string): MailMessage => ({
    to,
    subject: 'Someone tried to create a Staffgate account with your email address',
    text: [
        'Hello,',
        '',
        'Someone just tried to create a Staffgate account with this email address, which already has one.',
        'No new account was created and nothing about your account changed.',
        '',
        'If it was you, sign in here:',
        `${websiteDomain}/auth`,
        '',
        'or, if you forgot your password, reset it here:',
        `${websiteDomain}/auth/reset-password`,
        '',
        'If it was not you, you can ignore this email.',
        ''
    ].join('\n')
});


export interface SmtpSettings {
    readonly host: string;
    readonly port: number;
    /** TLS from the start (smtps); smtp upgrades with STARTTLS when the server offers it. */
    readonly secure: boolean;
    readonly authUsername: string | undefined;
    readonly password: string;
}

/** smtp(s)://user:pass@host:port → SMTPService settings; default ports 587 (smtp) and 465 (smtps). */
export const parseSmtpUrl = (smtpUrl: string): SmtpSettings => {

    const url = new URL(smtpUrl);
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
        throw new Error('SMTP_URL must start with smtp:// or smtps://');
    }

    const secure = url.protocol === 'smtps:';
    return {
        host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port ? Number(url.port) : secure ? 465 : 587,
        secure,
        authUsername: url.username ? decodeURIComponent(url.username) : undefined,
        password: decodeURIComponent(url.password)
    };
};

/** `Name <address>` or a bare address → the SMTPService's `from`. */
export const parseMailFrom = (mailFrom: string): { name: string; email: string } => {

    const match = /^\s*"?([^"<]*?)"?\s*<([^>\s]+)>\s*$/.exec(mailFrom);
    if (match) {
        return { name: match[1] || 'Staffgate', email: match[2]! };
    }

    return { name: 'Staffgate', email: mailFrom.trim() };
};

/** user@example.com → u***@example.com, for log lines. */
export const maskEmail = (email: string): string => email.replace(/^(.)[^@]*/, '$1***');


export const createMailDelivery = (web: WebSettings, extensions: CoreExtensions, workerOptions: Partial<MailWorkerOptions> = {}): MailDelivery => {

    const transport = createTransport(web);
    const worker = new MailWorker({ extensions, transport, ...workerOptions });
    const sender = mailSender({ extensions, transport, worker });
    const handOver = async (message: MailMessage, userContext: Record<string, unknown>) => {

        userContext[mailHandedOver] = true;
        await sender.send(message);
    };

    // Reset emails are limited per address by initSupertokens (reset-mail-limit.ts), which knows the limits' store.
    return {
        passwordReset: { service: { sendEmail: (input) => handOver(passwordResetMessage(input.user.email, input.passwordResetLink), input.userContext) } },
        verification: { service: { sendEmail: (input) => handOver(verificationMessage(input.user.email, input.emailVerifyLink), input.userContext) } },
        send: sender.send,
        sendNothing: sender.sendNothing,
        ready: sender.ready,
        worker
    };
};


/** Writes one RFC 5322 message (UTF-8 text, 8bit, so the link stays on one line) and returns its path. */
export const writeToOutbox = async (outboxDir: string, from: string, message: MailMessage, messageId?: string): Promise<string> => {

    await Fs.promises.mkdir(outboxDir, { recursive: true, mode: 0o700 });
    await Fs.promises.chmod(outboxDir, 0o700);                  // Also when an older version made it 0755
    const now = new Date();
    const id = Crypto.randomBytes(6).toString('hex');
    const file = Path.join(outboxDir, `${now.toISOString().replace(/[-:.]/g, '')}-${id}.eml`);
    const headers = [
        `From: ${headerValue(from)}`,
        `To: ${headerValue(message.to)}`,
        `Subject: ${encodeWord(headerValue(message.subject))}`,
        `Date: ${now.toUTCString().replace('GMT', '+0000')}`,
        `Message-ID: ${messageId ?? `<${id}.${now.getTime()}@staffgate.outbox>`}`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit'
    ];

    const body = message.text.replace(/\r?\n/g, '\r\n');
    await Fs.promises.writeFile(file, `${headers.join('\r\n')}\r\n\r\n${body}`, { mode: 0o600, flag: 'wx' });
    return file;
};

/** No line breaks in headers (header injection). */
const headerValue = (value: string) => value.replace(/[\r\n]+/g, ' ');

/** RFC 2047 for non-ASCII subjects. */
const encodeWord = (value: string) => (/^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value).toString('base64')}?=`);
