import * as Http from 'http';
import type { AddressInfo } from 'net';
import { setTimeout as sleep } from 'timers/promises';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { installCoreTransport } from '../server/core-transport';
import { createLogger } from '../server/observability/logger';
import { createMetrics } from '../server/observability/metrics';
import { captureLog } from './helpers/log-capture';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


interface Received {
    readonly method: string;
    readonly url: string;
    readonly headers: Http.IncomingHttpHeaders;
    readonly body: string;
}

/** A server on a loopback port that records what it receives, counts its connections, and answers with `answer`. */
const recordingServer = async (answer: (req: Http.IncomingMessage, res: Http.ServerResponse) => void) => {

    const received: Received[] = [];
    let connections = 0;
    let closed = 0;
    const server = Http.createServer(async (req, res) => {

        const chunks: Buffer[] = [];
        for await (const chunk of req) {
            chunks.push(chunk);
        }

        received.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() });
        answer(req, res);
    });

    server.keepAliveTimeout = 60_000;
    server.on('connection', (socket) => {

        ++connections;
        socket.on('close', () => ++closed);
    });

    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
        uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        received,
        connections: () => connections,
        closeIdle: () => server.closeIdleConnections(),
        closed: () => closed,
        close: () => {

            server.closeAllConnections();
            return new Promise<void>((resolve) => server.close(() => resolve()));
        }
    };
};

const json = (res: Http.ServerResponse, status: number, body: unknown) => {

    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-answer': 'yes' }).end(JSON.stringify(body));
};

const observer = () => {

    const log = captureLog();
    return { log, metrics: createMetrics(), logger: createLogger({ logLevel: 'info', logFormat: 'json' }, { destination: log.destination }) };
};


describe('installCoreTransport()', () => {

    const nodeFetch = globalThis.fetch;
    let core: Awaited<ReturnType<typeof recordingServer>>;
    let other: Awaited<ReturnType<typeof recordingServer>>;

    before(async () => {

        core = await recordingServer((req, res) => {

            if (req.url === '/big') {
                return res.end('x'.repeat(300_000));
            }

            if (req.url === '/slow') {
                return setTimeout(() => json(res, 200, { slow: true }), 150);
            }

            if (req.url === '/never') {
                return;
            }

            if (req.url === '/reset') {
                return req.socket.destroy();
            }

            if (req.url === '/cut') {
                res.writeHead(200, { 'content-length': '100' }).write('partial');
                return setTimeout(() => res.destroy(), 20);
            }

            json(res, req.url === '/missing' ? 404 : 200, { path: req.url });
        });
        other = await recordingServer((req, res) => json(res, 200, { path: req.url }));
    });

    after(async () => {

        await core.close();
        await other.close();
    });

    it('carries calls to the core on one keep-alive socket and answers them as Node\'s fetch does', async () => {

        const { metrics, logger } = observer();
        const uninstall = installCoreTransport(`${core.uri}/`, { metrics, logger });
        const connectionsBefore = core.connections();
        try {
            expect(globalThis.fetch).to.not.shallow.equal(nodeFetch);
            const carried = await fetch(`${core.uri}/recipe/session/refresh?x=1`, { method: 'post', headers: { 'content-type': 'application/json', 'api-key': 'k' }, body: '{"refreshToken":"é"}' });
            const second = await fetch(new URL(`${core.uri}/missing`), { headers: new Headers({ 'cdi-version': '5.4' }) });
            const third = await fetch(`${core.uri}/recipe/user`, { method: 'PUT', headers: [['rid', 'emailpassword']], body: new TextEncoder().encode('{"a":1}') });
            expect(core.connections() - connectionsBefore).to.equal(1);

            const sent = core.received.slice(-3);
            expect(sent[0]).to.include({ method: 'POST', url: '/recipe/session/refresh?x=1', body: '{"refreshToken":"é"}' });
            expect(sent[0]!.headers).to.include({ 'content-type': 'application/json', 'api-key': 'k', 'content-length': String(Buffer.byteLength('{"refreshToken":"é"}')) });
            expect(sent[0]!.headers['sec-fetch-mode']).to.not.exist();            // Node's fetch would have sent it
            expect(sent[1]).to.include({ method: 'GET', url: '/missing', body: '' });
            expect(sent[1]!.headers['cdi-version']).to.equal('5.4');
            expect(sent[2]).to.include({ method: 'PUT', body: '{"a":1}' });
            expect(sent[2]!.headers.rid).to.equal('emailpassword');

            // The same answers through Node's own fetch, for comparison.
            const reference = await nodeFetch(`${core.uri}/recipe/session/refresh?x=1`, { method: 'POST', body: '{}' });
            const missingReference = await nodeFetch(`${core.uri}/missing`);
            for (const [ours, theirs] of [[carried, reference], [second, missingReference]] as const) {
                expect(ours.status).to.equal(theirs.status);
                expect(ours.statusText).to.equal(theirs.statusText);
                expect(ours.ok).to.equal(theirs.ok);
                expect(ours.redirected).to.equal(theirs.redirected);
                expect(ours.headers.get('content-type')).to.equal(theirs.headers.get('content-type'));
                expect(ours.headers.get('x-answer')).to.equal('yes');
                expect(await ours.clone().json()).to.equal(await theirs.clone().json());
                expect(await ours.text()).to.equal(await theirs.text());
                expect(ours.bodyUsed).to.equal(theirs.bodyUsed);
                await expect(ours.text()).to.reject(TypeError);
                await expect(theirs.text()).to.reject(TypeError);
                expect(() => ours.clone()).to.throw(TypeError);
                expect(() => theirs.clone()).to.throw(TypeError);
            }

            expect(carried.url).to.equal(`${core.uri}/recipe/session/refresh?x=1`);
            expect(carried.type).to.equal('basic');

            // The other ways to read a body.
            const fresh = () => fetch(`${core.uri}/bytes`);
            expect(new TextDecoder().decode(await (await fresh()).arrayBuffer())).to.equal('{"path":"/bytes"}');
            expect(new TextDecoder().decode(await (await fresh() as Response & { bytes(): Promise<Uint8Array> }).bytes())).to.equal('{"path":"/bytes"}');
            const blob = await (await fresh()).blob();
            expect(blob.type).to.equal('application/json; charset=utf-8');
            expect(await blob.text()).to.equal('{"path":"/bytes"}');
            const streamed = await fresh();
            expect(streamed.body).to.shallow.equal(streamed.body);
            expect(await new Response(streamed.body).text()).to.equal('{"path":"/bytes"}');
            await expect((await fresh()).formData()).to.reject(TypeError);
            expect(await third.json()).to.equal({ path: '/recipe/user' });

            // A body that arrives in many chunks, without a type; a bare origin, a null body.
            expect(await (await fetch(`${core.uri}/big`)).text()).to.have.length(300_000);
            expect((await (await fetch(`${core.uri}/big`)).blob()).type).to.equal('');
            expect(await (await fetch(core.uri, { method: 'DELETE', body: null })).json()).to.equal({ path: '/' });

            const text = await metrics.registry.metrics();
            expect(text).to.include('staffgate_core_request_duration_seconds_count{method="POST",path="/recipe/session/refresh",status="200"} 1\n');
            expect(text).to.include('staffgate_core_request_errors_total{method="GET",path="/missing",status="404"} 1\n');
        }
        finally {
            uninstall();
        }
    });

    it('leaves every other call to Node\'s fetch', async () => {

        const { metrics, logger } = observer();
        const uninstall = installCoreTransport(core.uri, { metrics, logger });
        try {
            await (await fetch(`${other.uri}/elsewhere`)).text();
            await (await fetch(`${core.uri}/form`, { method: 'POST', body: new URLSearchParams({ a: 'b' }) })).text();
            await (await fetch(new Request(`${core.uri}/request-object`))).text();

            expect(other.received.at(-1)!.headers['sec-fetch-mode']).to.equal('cors');
            const [form, request] = core.received.slice(-2);
            expect(form).to.include({ url: '/form', body: 'a=b' });
            expect(form!.headers['sec-fetch-mode']).to.equal('cors');
            expect(request!.url).to.equal('/request-object');
            expect(request!.headers['sec-fetch-mode']).to.equal('cors');
            expect(await metrics.registry.metrics()).to.not.include('path="/form"');
        }
        finally {
            uninstall();
        }
    });

    it('fails as Node\'s fetch does when the core cannot be reached or cuts an answer short, and logs it', async () => {

        const { log, metrics, logger } = observer();
        const uninstall = installCoreTransport(`${core.uri}; http://127.0.0.1:9`, { metrics, logger });
        try {
            const refused = await expect(fetch('http://127.0.0.1:9/recipe/user?email=someone%40example.com')).to.reject(TypeError, 'fetch failed');
            expect((refused.cause as NodeJS.ErrnoException).code).to.equal('ECONNREFUSED');
            const cut = await expect(fetch(`${core.uri}/cut`)).to.reject(TypeError, 'fetch failed');
            expect(cut.cause).to.be.an.error();

            const lines = log.lines();
            expect(lines.map((line) => line.core)).to.equal([
                { method: 'GET', path: '/recipe/user', status: null, ms: lines[0]!.core.ms, reason: 'ECONNREFUSED' }
            ]);
            expect(log.text()).to.not.include('someone');
            expect(await metrics.registry.metrics()).to.include('path="/cut",status="200"');      // its headers came
        }
        finally {
            uninstall();
        }
    });

    it('sends a call again when the core had closed the idle socket it went out on, never when a new connection is reset', async () => {

        const { log, metrics, logger } = observer();
        const uninstall = installCoreTransport(core.uri, { metrics, logger });
        try {
            const connectionsBefore = core.connections();
            expect((await fetch(`${core.uri}/first`)).status).to.equal(200);
            const received = core.received.length;
            core.closeIdle();                                       // this side sees it only on its next turn
            expect(await (await fetch(`${core.uri}/second`, { method: 'POST', body: '{}' })).json()).to.equal({ path: '/second' });
            expect(core.received.length).to.equal(received + 1);
            expect(core.connections()).to.equal(connectionsBefore + 2);
            expect(log.lines()).to.equal([]);

            core.closeIdle();
            await sleep(20);
            const reset = await expect(fetch(`${core.uri}/reset`, { method: 'POST', body: '{}' })).to.reject(TypeError, 'fetch failed');
            expect((reset.cause as NodeJS.ErrnoException).code).to.equal('ECONNRESET');
            expect(core.received.filter(({ url }) => url === '/reset')).to.have.length(1);
        }
        finally {
            uninstall();
        }
    });

    it('closes idle sockets before the core would, and never a busy one', async () => {

        const { metrics, logger } = observer();
        const uninstall = installCoreTransport(core.uri, { metrics, logger }, { idleSocketMs: 50 });
        try {
            const closedBefore = core.closed();
            expect(await (await fetch(`${core.uri}/slow`)).json()).to.equal({ slow: true });        // 150 ms on one socket
            expect(core.closed()).to.equal(closedBefore);
            await sleep(150);
            expect(core.closed()).to.equal(closedBefore + 1);
        }
        finally {
            uninstall();
        }
    });

    it('aborts a call when its signal fires', async () => {

        const { metrics, logger } = observer();
        const uninstall = installCoreTransport(core.uri, { metrics, logger });
        try {
            await expect(fetch(`${core.uri}/never`, { signal: AbortSignal.abort() })).to.reject('This operation was aborted');
            const controller = new AbortController();
            const pending = fetch(`${core.uri}/never`, { signal: controller.signal });
            await sleep(20);
            controller.abort(new Error('gave up'));
            await expect(pending).to.reject('gave up');
            expect((await fetch(`${core.uri}/after-abort`, { signal: new AbortController().signal })).status).to.equal(200);
        }
        finally {
            uninstall();
        }
    });

    it('lets several installs share the global fetch, and gives Node\'s back when the last is removed', async () => {

        const { metrics, logger } = observer();
        const first = installCoreTransport(core.uri, { metrics, logger });
        const second = installCoreTransport(other.uri, { metrics, logger });
        first();
        first();                                                    // twice is harmless
        await (await fetch(`${other.uri}/still-carried`)).text();
        expect(other.received.at(-1)!.headers['sec-fetch-mode']).to.not.exist();
        await (await fetch(`${core.uri}/no-longer`)).text();
        expect(core.received.at(-1)!.headers['sec-fetch-mode']).to.equal('cors');
        second();
        expect(globalThis.fetch).to.shallow.equal(nodeFetch);
    });
});
