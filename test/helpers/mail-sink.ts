/*
 * An SMTP server for tests (smtp-server + mailparser): listens on a free loopback port, accepts any recipient,
 * keeps every message in memory, parsed. Plain SMTP with AUTH allowed over it (no STARTTLS), and the credentials
 * it was given recorded, so a test can check what the app logged in with.
 *
 *     const sink = await startMailSink();
 *     const app = await startTestApp({ SMTP_URL: sink.url });
 *     const mail = await sink.waitForMail('dana@example.com');
 */

import type { AddressInfo } from 'net';

import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';


export interface SunkMail {
    /** Envelope sender. */
    readonly from: string;
    /** Envelope recipients, lower-cased. */
    readonly to: string[];
    readonly subject: string;
    readonly text: string;
    readonly html: string | false;
    /** Header lines as sent, lower-cased names. */
    readonly headers: Map<string, unknown>;
    /** The http(s) links in the text body, in order. */
    readonly links: string[];
    /** The user the client authenticated as, if it did. */
    readonly user: string | undefined;
}

export interface MailSink {
    readonly port: number;
    /** smtp://user:pass@127.0.0.1:port, for SMTP_URL. */
    readonly url: string;
    /** Every message received, in order. */
    readonly messages: SunkMail[];
    /** Credentials clients logged in with. */
    readonly logins: { username: string; password: string }[];
    /** The next message to `to` not yet returned by an earlier call (each call moves on by one). */
    waitForMail(to: string, timeoutMs?: number): Promise<SunkMail>;
    /** The messages received so far for `to`. */
    mailTo(to: string): SunkMail[];
    stop(): Promise<void>;
}

export interface MailSinkOptions {
    readonly username?: string;
    readonly password?: string;
    /** A fixed port (a sink started again where a stopped one was); a free one by default. */
    readonly port?: number;
}


export const startMailSink = async (options: MailSinkOptions = {}): Promise<MailSink> => {

    const username = options.username ?? 'mailer';
    const password = options.password ?? 'sink-password';
    const messages: SunkMail[] = [];
    const logins: { username: string; password: string }[] = [];
    const taken = new Map<string, number>();
    const waiters = new Set<() => void>();

    const server = new SMTPServer({
        secure: false,
        authOptional: true,
        allowInsecureAuth: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onAuth: (auth, _session, callback) => {

            logins.push({ username: auth.username ?? '', password: auth.password ?? '' });
            if (auth.username !== username || auth.password !== password) {
                return callback(new Error('Invalid username or password'));
            }

            callback(null, { user: auth.username });
        },
        onData: (stream, session, callback) => {

            simpleParser(stream).then((parsed) => {

                const text = parsed.text ?? '';
                messages.push({
                    from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                    to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
                    subject: parsed.subject ?? '',
                    text,
                    html: parsed.html ?? false,
                    headers: parsed.headers,
                    links: text.match(/https?:\/\/[^\s<>"]+/g) ?? [],
                    user: session.user as string | undefined
                });
                for (const waiter of [...waiters]) {
                    waiter();
                }

                callback();
            }, callback);
        }
    });

    await new Promise<void>((resolve, reject) => {

        server.once('error', reject);
        server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });

    const port = (server.server.address() as AddressInfo).port;
    const mailTo = (to: string) => messages.filter((message) => message.to.includes(to.toLowerCase()));

    return {
        port,
        url: `smtp://${encodeURIComponent(username)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
        messages,
        logins,
        mailTo,
        waitForMail: (to, timeoutMs = 5000) => {

            return new Promise<SunkMail>((resolve, reject) => {

                const key = to.toLowerCase();
                const check = () => {

                    const index = taken.get(key) ?? 0;
                    const message = mailTo(key)[index];
                    if (message) {
                        taken.set(key, index + 1);
                        clearTimeout(timer);
                        waiters.delete(check);
                        resolve(message);
                    }
                };

                const timer = setTimeout(() => {

                    waiters.delete(check);
                    reject(new Error(`no mail to ${to} within ${timeoutMs} ms (${messages.length} received in all)`));
                }, timeoutMs);

                waiters.add(check);
                check();
            });
        },
        stop: () => new Promise<void>((resolve) => server.close(() => resolve()))
    };
};
