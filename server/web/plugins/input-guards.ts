/*
 * A body that is not UTF-8, which the SDK would take as valid: hapi decodes JSON and forms as UTF-8 whatever the
 * charset says and turns invalid bytes into U+FFFD, so the SDK would act on text the client never sent (an email or
 * a password that differs from what was typed). A charset other than UTF-8 (or US-ASCII, a subset), or bytes that
 * are not valid UTF-8, are refused with a 400 before any handler or the SDK runs. (Over-long emails are the email
 * policy's: auth/email-policy.ts.)
 */

import { isUtf8 } from 'buffer';

import * as Boom from '@hapi/boom';
import type { Plugin, Request } from '@hapi/hapi';


const utf8Charsets = new Set(['utf-8', 'utf8', 'us-ascii']);

const declaredCharset = (request: Request): string | undefined => {

    const match = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(String(request.headers['content-type'] ?? ''));
    return match?.[1]?.toLowerCase();
};


export const inputGuards: Plugin<void> = {
    name: 'staffgate/input-guards',
    dependencies: ['supertokens-hapi-middleware'],
    register: (server) => {

        const bodies = new WeakMap<Request, Buffer[]>();

        // hapi shows each chunk of the body as it reads it; kept to check the bytes once the body is in. Only when
        // there is a body (HTTP/1.1 declares one with Content-Length or Transfer-Encoding): listening costs, as
        // `request.events` builds an emitter on first use (with its options validated), 10 % of the CPU of a
        // request to /health/live.
        server.ext('onRequest', (request, h) => {

            const length = request.headers['content-length'];
            if (request.headers['transfer-encoding'] === undefined && (length === undefined || length === '0')) {
                return h.continue;
            }

            const chunks: Buffer[] = [];
            bodies.set(request, chunks);
            request.events.on('peek', (chunk: Buffer | string) => chunks.push(Buffer.from(chunk)));
            return h.continue;
        });

        server.ext('onPreHandler', (request, h) => {

            const charset = declaredCharset(request);
            if (charset !== undefined && !utf8Charsets.has(charset)) {
                throw Boom.badRequest(`Unsupported charset ${charset.slice(0, 40)}: send UTF-8`);
            }

            // The bytes as sent: a compressed body is checked by its charset only.
            const chunks = bodies.get(request);
            if (chunks?.length && request.headers['content-encoding'] === undefined && !isUtf8(Buffer.concat(chunks))) {
                throw Boom.badRequest('The body is not valid UTF-8');
            }

            return h.continue;
        }, { before: ['supertokens-hapi-middleware'] });
    }
};
