import type { Plugin } from '@hapi/hapi';

import { setResponseHeader } from './response-header';


/*
 * Security headers on every response: a CSP that allows no inline script and no other origin, no framing, no
 * MIME sniffing, a strict referrer policy, and HSTS when served over https.
 */
export interface SecurityHeadersOptions {
    readonly hsts: boolean;
}

const csp = [
    'default-src \'self\'',
    'script-src \'self\'',
    'style-src \'self\'',
    'img-src \'self\' data:',
    'connect-src \'self\'',
    'form-action \'self\'',
    'frame-ancestors \'none\'',
    'base-uri \'none\'',
    'object-src \'none\''
].join('; ');

export const securityHeaders: Plugin<SecurityHeadersOptions> = {
    name: 'staffgate/security-headers',
    register: (server, options) => {

        server.ext('onPreResponse', (request, h) => {

            const response = request.response;
            const headers: Record<string, string> = {
                'content-security-policy': csp,
                'x-frame-options': 'DENY',
                'x-content-type-options': 'nosniff',
                'referrer-policy': request.app.referrerPolicy ?? 'strict-origin-when-cross-origin',
                'cross-origin-opener-policy': 'same-origin',
                ...(options.hsts ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {})
            };

            for (const [name, value] of Object.entries(headers)) {
                setResponseHeader(response, name, value);
            }

            return h.continue;
        }, { after: ['supertokens-hapi-middleware'] });             // once the SDK has answered its own errors
    }
};


declare module '@hapi/hapi' {
    interface RequestApplicationState {
        /** A response to a URL with a secret in it (an invitation token) sends no Referer at all: `no-referrer`. */
        referrerPolicy?: 'no-referrer';
    }
}
