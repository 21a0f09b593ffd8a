/*
 * Limits on how long a client may take to send a request, and on how many connections are open at once.
 *
 * Threat: a client that sends its headers and then a body one byte at a time (or never) holds a connection and a
 * request for as long as the server waits; enough of them exhaust the process's sockets and file descriptors.
 * hapi's payload timeout does not help: on a timeout it waits for the rest of the body before it answers 408. So
 * the limits are Node's own, which close the socket:
 *
 * - headersTimeout: the whole header block must arrive within this time;
 * - requestTimeout: the whole request, body included, must arrive within this time (answered 408, then closed);
 * - socketTimeout: a socket with no traffic at all for this long is closed (hapi's `routes.timeout.socket`);
 * - maxConnections: connections beyond this are closed as soon as they open.
 *
 * None of these limits the time our handlers take once the request is in.
 */

import * as Http from 'http';

import type { HttpLimits } from '../config';


/** A Node HTTP server with the limits, for hapi's `listener` option. */
export const createListener = (limits: HttpLimits): Http.Server => {

    const listener = Http.createServer({
        headersTimeout: Math.min(limits.headersTimeout, limits.requestTimeout),
        requestTimeout: limits.requestTimeout,
        // Node checks both timeouts on this interval (30 s by default): often enough to keep them close to exact.
        connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(limits.headersTimeout / 4)))
    });

    listener.maxConnections = limits.maxConnections;
    return listener;
};
