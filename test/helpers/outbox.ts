/*
 * The dev outbox ($DATA_DIR/outbox, one .eml file per message), read back and parsed for tests, and the mail log
 * lines captured instead of printed.
 */

import * as Fs from 'fs';
import * as Path from 'path';

import { simpleParser } from 'mailparser';

import type * as Lab from '@hapi/lab';

import { mailLog } from '../../server/web/auth/mail';
import { startTestApp, type TestApp } from './web';


export interface OutboxMessage {
    readonly file: string;
    readonly raw: string;
    readonly from: string;
    readonly to: string;
    readonly subject: string;
    readonly text: string;
    /** The http(s) links in the text body, in order. */
    readonly links: string[];
}

/** Every message in the outbox, oldest first (file names start with the time). */
export const readOutbox = async (outboxDir: string): Promise<OutboxMessage[]> => {

    if (!Fs.existsSync(outboxDir)) {
        return [];
    }

    const messages: OutboxMessage[] = [];
    for (const file of Fs.readdirSync(outboxDir).filter((name) => name.endsWith('.eml')).sort()) {
        const raw = Fs.readFileSync(Path.join(outboxDir, file), 'utf8');
        const parsed = await simpleParser(raw);
        const text = parsed.text ?? '';
        messages.push({
            file,
            raw,
            from: [parsed.from ?? []].flat().map((address) => address.text).join(', '),
            to: [parsed.to ?? []].flat().flatMap((address) => address.value.map((entry) => entry.address ?? '')).join(', '),
            subject: parsed.subject ?? '',
            text,
            links: text.match(/https?:\/\/[^\s<>"]+/g) ?? []
        });
    }

    return messages;
};

/** The messages to `to`. */
export const outboxTo = async (outboxDir: string, to: string): Promise<OutboxMessage[]> => {

    return (await readOutbox(outboxDir)).filter((message) => message.to.toLowerCase() === to.toLowerCase());
};

/** The one link in `message` whose path is `path`, as a URL. */
export const linkTo = (message: { links: string[] }, path: string): URL => {

    const links = message.links.map((link) => new URL(link)).filter((url) => url.pathname === path);
    if (links.length !== 1) {
        throw new Error(`expected one link to ${path}, found ${links.length} in ${message.links.join(' ')}`);
    }

    return links[0]!;
};

/** Sends the app's mail log lines to an array instead of the console until `restore()`. */
export const captureMailLog = (): { lines: string[]; restore: () => void } => {

    const lines: string[] = [];
    const original = mailLog.sink;
    mailLog.sink = (line) => void lines.push(line);
    return { lines, restore: () => (mailLog.sink = original) };
};


/**
 * A test app for the experiment it is called in: started before its tests with the mail log captured (no outbox
 * lines on the console), destroyed after. Read it as `.app` once the tests run.
 */
export const useQuietTestApp = (script: Lab.script.Script, env: Record<string, string> = {}): { readonly app: TestApp } => {

    let app: TestApp | undefined;
    let restoreLog: () => void;
    script.before(async () => {

        restoreLog = captureMailLog().restore;
        app = await startTestApp(env);
    });

    script.after(async () => {

        await app!.destroy();
        restoreLog();
    });

    return {
        get app() {

            return app!;
        }
    };
};
