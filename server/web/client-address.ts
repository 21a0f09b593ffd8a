/*
 * `staffgate/client-address`: the client's address, worked out once per request (onRequest, before anything reads
 * it) into `request.app.clientIp`. The TCP peer unless it is one of `trustedProxies` (TRUSTED_PROXIES); then the
 * rightmost untrusted hop of X-Forwarded-For (see clientAddress in ../addresses.ts). Everything that records or
 * counts the client's address (rate limits, the audit context sent to the core, session data) reads it through
 * auth/audit-context.ts's clientIp(). X-Forwarded-Proto and X-Forwarded-Host are never read: links and redirects
 * come from API_DOMAIN and WEBSITE_DOMAIN.
 */

import type { Plugin } from '@hapi/hapi';

import { AddressRanges, clientAddress } from '../addresses';


declare module '@hapi/hapi' {
    interface RequestApplicationState {
        /** The client's address (see staffgate/client-address). */
        clientIp?: string;
    }
}

export interface ClientAddressOptions {
    /** IPs and CIDR ranges of the reverse proxies in front of the app (already checked by config.ts). */
    readonly trustedProxies: readonly string[];
}

export const clientAddressPlugin: Plugin<ClientAddressOptions> = {
    name: 'staffgate/client-address',
    register: (server, options) => {

        const trusted = new AddressRanges(options.trustedProxies);
        server.ext('onRequest', (request, h) => {

            const header = request.headers['x-forwarded-for'];
            request.app.clientIp = clientAddress(request.info.remoteAddress, typeof header === 'string' ? header : undefined, trusted);
            return h.continue;
        });
    }
};
