import * as Os from 'os';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import * as PromClient from 'prom-client';

import { createLogger } from '../../server/observability/logger';
import { startMetricsServer } from '../../server/observability/metrics-server';
import { captureLog } from '../helpers/log-capture';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;

const hasIpv6Loopback = Object.values(Os.networkInterfaces()).flat().some((address) => address?.address === '::1');


describe('startMetricsServer()', () => {

    it('serves GET /metrics only, and answers 500 (logged) when collecting fails', async () => {

        const registry = new PromClient.Registry();
        new PromClient.Gauge({
            name: 'broken_gauge',
            help: 'fails to collect',
            registers: [registry],
            collect() {

                throw new Error('no value');
            }
        });

        const log = captureLog();
        const server = await startMetricsServer({ host: '127.0.0.1', port: 0, registry, logger: createLogger({ logLevel: 'info', logFormat: 'json' }, { destination: log.destination }) });
        try {
            expect((await fetch(`${server.uri}/metrics`, { method: 'POST' })).status).to.equal(404);
            expect((await fetch(`${server.uri}/other`)).status).to.equal(404);
            const res = await fetch(`${server.uri}/metrics?x=1`);
            expect(res.status).to.equal(500);
            expect(log.lines().map((line) => line.msg)).to.equal(['metrics listening', 'metrics: collecting failed']);
        }
        finally {
            await server.stop();
        }
    });

    it('names an IPv6 listener in brackets', { skip: !hasIpv6Loopback }, async () => {

        const server = await startMetricsServer({ host: '::1', port: 0, registry: new PromClient.Registry(), logger: createLogger({ logLevel: 'silent', logFormat: 'json' }) });
        try {
            expect(server.uri).to.match(/^http:\/\/\[::1\]:\d+$/);
            expect((await fetch(`${server.uri}/metrics`)).status).to.equal(200);
        }
        finally {
            await server.stop();
        }
    });

    it('fails to start on a port in use', async () => {

        const registry = new PromClient.Registry();
        const logger = createLogger({ logLevel: 'silent', logFormat: 'json' });
        const first = await startMetricsServer({ host: '127.0.0.1', port: 0, registry, logger });
        try {
            await expect(startMetricsServer({ host: '127.0.0.1', port: Number(new URL(first.uri).port), registry, logger })).to.reject(/EADDRINUSE/);
        }
        finally {
            await first.stop();
        }
    });
});
