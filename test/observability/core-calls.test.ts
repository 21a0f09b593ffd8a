import * as Http from 'http';
import type { AddressInfo } from 'net';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { observeCoreCalls, recordCoreCall } from '../../server/observability/core-calls';
import { createLogger } from '../../server/observability/logger';
import { createMetrics } from '../../server/observability/metrics';
import { captureLog } from '../helpers/log-capture';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


describe('observeCoreCalls()', () => {

    it('times calls to the core only, and logs the ones answered with an error status, without their query', async () => {

        const server = Http.createServer((req, res) => res.writeHead(req.url?.startsWith('/fails') ? 500 : 200).end('{}'));
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const other = Http.createServer((_req, res) => res.end('{}'));
        await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
        const uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const log = captureLog();
        const metrics = createMetrics();
        const stop = observeCoreCalls(`${uri}/; http://127.0.0.1:9`, { metrics, logger: createLogger({ logLevel: 'info', logFormat: 'json' }, { destination: log.destination }) });
        try {
            await (await fetch(`${uri}/recipe/user?email=someone%40example.com`)).text();
            await (await fetch(`${uri}/fails?userId=abc`, { method: 'POST' })).text();
            await (await fetch(`http://127.0.0.1:${(other.address() as AddressInfo).port}/recipe/user`)).text();
            stop();
            await (await fetch(`${uri}/after`)).text();

            const text = await metrics.registry.metrics();
            expect(text).to.include('staffgate_core_request_duration_seconds_count{method="GET",path="/recipe/user",status="200"} 1\n');
            expect(text).to.include('staffgate_core_request_errors_total{method="POST",path="/fails",status="500"} 1\n');
            expect(text).to.not.include('path="/after"');
            const lines = log.lines();
            expect(lines).to.have.length(1);
            expect(lines[0]!.core).to.include({ method: 'POST', path: '/fails', status: 500 });
            expect(log.text()).to.not.include('abc');
        }
        finally {
            stop();
            server.close();
            other.close();
        }
    });

    it('logs a call that got no answer with its error\'s code, or its message when it has none', () => {

        const log = captureLog();
        const observer = { metrics: createMetrics(), logger: createLogger({ logLevel: 'info', logFormat: 'json' }, { destination: log.destination }) };
        recordCoreCall(observer, { method: 'GET', path: '/recipe/user?userId=abc', seconds: 0.012, status: undefined, error: new Error('socket went away') });
        recordCoreCall(observer, { method: 'GET', path: '/recipe/user', seconds: 0.001, status: undefined, error: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) });
        recordCoreCall(observer, { method: 'GET', path: '/recipe/user', seconds: 0.001, status: 503 });
        expect(log.lines().map((line) => line.core)).to.equal([
            { method: 'GET', path: '/recipe/user', status: null, ms: 12, reason: 'socket went away' },
            { method: 'GET', path: '/recipe/user', status: null, ms: 1, reason: 'ECONNREFUSED' },
            { method: 'GET', path: '/recipe/user', status: 503, ms: 1 }
        ]);
    });
});
