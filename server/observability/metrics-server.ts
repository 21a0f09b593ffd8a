/*
 * The metrics listener: Prometheus text at GET /metrics, on its own host and port (METRICS_HOST, METRICS_PORT;
 * loopback by default), apart from the app's port, so that a proxy in front of the app never exposes it.
 * Nothing else is served; the app's stop closes it.
 */

import * as Http from 'http';
import type { AddressInfo } from 'net';

import type { Registry } from 'prom-client';

import type { Logger } from './logger';


export interface MetricsServer {
    /** http://host:port of the listener. */
    readonly uri: string;
    stop(): Promise<void>;
}

export interface MetricsServerOptions {
    readonly host: string;
    /** 0 picks a free port. */
    readonly port: number;
    readonly registry: Registry;
    readonly logger: Logger;
}

export const startMetricsServer = async ({ host, port, registry, logger }: MetricsServerOptions): Promise<MetricsServer> => {

    const server = Http.createServer((req, res) => {

        if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
            res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: metrics are at /metrics\n');
            return;
        }

        registry.metrics().then((text) => {

            res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(text);
        }, (err: Error) => {

            logger.error({ err }, 'metrics: collecting failed');
            res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Collecting the metrics failed\n');
        });
    });

    await new Promise<void>((resolve, reject) => {

        server.once('error', reject);
        server.listen(port, host, () => {

            server.off('error', reject);
            resolve();
        });
    });

    const address = server.address() as AddressInfo;
    const uri = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
    logger.info({ uri: `${uri}/metrics` }, 'metrics listening');
    return {
        uri,
        stop: () => {

            return new Promise<void>((resolve) => {

                server.close(() => resolve());
                server.closeAllConnections();
            });
        }
    };
};
