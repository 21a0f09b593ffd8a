/*
 * The app's logger (pino): JSON lines in production, readable lines in development (pino-pretty, formatting on a
 * thread of its own through a pino transport), at LOG_LEVEL. Format and fields: docs/operations.md (Logs).
 *
 * Invariant: no secret reaches a log line. Request lines carry only chosen fields (never headers or bodies, see
 * request-log.ts), messages are written without tokens or passwords, and the redact paths below are the net under
 * that: a header, cookie, token, password or key that ends up in a logged object is replaced by "[redacted]".
 */

import * as Os from 'os';

import Pino from 'pino';
import PinoPretty from 'pino-pretty';

import type { ObservabilitySettings } from '../config';


export type Logger = Pino.Logger;

const secretFields = [
    'password', 'newPassword', 'oldPassword', 'token', 'accessToken', 'refreshToken', 'antiCsrfToken', 'frontToken',
    'apiKey', 'secret', 'clientSecret', 'privateKey', 'smtpUrl', 'recoveryCode', 'cookie', 'authorization'
];

const secretHeaders = [
    'cookie', 'set-cookie', 'authorization', 'api-key', 'st-access-token', 'st-refresh-token', 'front-token', 'anti-csrf'
];

/** pino's redact paths: each secret field at the top and one level down, and each secret header wherever headers are. */
export const redactPaths: readonly string[] = [
    ...secretFields.flatMap((field) => [field, `*.${field}`]),
    ...secretHeaders.flatMap((header) => [`headers["${header}"]`, `*.headers["${header}"]`]),
    'payload', '*.payload'
];

const prettyOptions = { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service', singleLine: true };

export interface LoggerOptions {
    /** Receives the JSON lines instead of stdout (tests). */
    readonly destination?: Pino.DestinationStream | undefined;
    /**
     * Readable lines are formatted on the calling thread rather than on a transport's own thread: for a logger that
     * writes seldom (the core's thread logs only errors), where a thread of its own would cost more than it saves.
     */
    readonly rare?: boolean;
}

/** A logger at the configured level and format. */
export const createLogger = (settings: Pick<ObservabilitySettings, 'logLevel' | 'logFormat'>, { destination, rare = false }: LoggerOptions = {}): Logger => {

    const options: Pino.LoggerOptions = {
        level: settings.logLevel,
        base: { service: 'staffgate', pid: process.pid, hostname: Os.hostname() },
        redact: { paths: [...redactPaths], censor: '[redacted]' }
    };

    if (destination) {
        return Pino(options, destination);
    }

    if (settings.logFormat === 'pretty') {
        // Formatting a readable line costs more than writing it: a transport does it on a thread of its own.
        return Pino(options, rare ? PinoPretty({ ...prettyOptions, sync: true }) : Pino.transport({ target: 'pino-pretty', options: prettyOptions }));
    }

    // Written asynchronously: lines that come while a write is in flight go out together with the next one (a
    // synchronous write per request line was 12 % of the web thread's time under a refresh load). What is still
    // buffered is flushed when the process exits, process.exit included; only a hard kill can lose the last lines.
    return Pino(options, Pino.destination({ dest: 1, sync: false }));
};
