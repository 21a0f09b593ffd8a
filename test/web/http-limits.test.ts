import * as Net from 'net';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestApp, type TestApp } from '../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


interface Exchange {
    /** Everything the server sent. */
    readonly received: () => string;
    /** Resolves when the server closes the connection. */
    readonly closed: Promise<void>;
    readonly socket: Net.Socket;
}

/** Opens a raw connection and writes `head` (and nothing more). */
const send = (port: number, head: string): Promise<Exchange> => {

    return new Promise((resolve) => {

        let received = '';
        const socket = Net.connect(port, '127.0.0.1');
        const closed = new Promise<void>((done) => socket.once('close', () => done()));
        socket.on('data', (chunk) => (received += chunk));
        socket.on('error', () => undefined);
        socket.once('connect', () => {

            socket.write(head);
            resolve({ received: () => received, closed, socket });
        });
    });
};

const stalledBody = (path: string) => `POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nrid: anti-csrf\r\nContent-Length: 100\r\n\r\n{`;

const get = (port: number) => fetch(`http://127.0.0.1:${port}/health/live`).then((res) => res.status);


describe('HTTP limits of the web server', () => {

    let app: TestApp;
    let port: number;

    before(async () => {

        app = await startTestApp({ HTTP_HEADERS_TIMEOUT: '150', HTTP_REQUEST_TIMEOUT: '300', HTTP_SOCKET_TIMEOUT: '5000', HTTP_MAX_CONNECTIONS: '3' });
        await app.web.start();
        port = app.web.info.port as number;
    });

    after(() => app.destroy());

    // On today's Node a stalled request waits 300 s and stalled headers 60 s: these tests would time out.
    it('answers a request whose body stalls with a 4xx and closes the connection', async () => {

        for (const path of ['/auth/signin', '/dashboard/password', '/no-such-page']) {
            const exchange = await send(port, stalledBody(path));
            await exchange.closed;
            expect(exchange.received(), path).to.match(/^HTTP\/1\.1 4\d\d /);
        }
    });

    it('answers a request whose headers stall with a 4xx and closes the connection', async () => {

        const exchange = await send(port, 'GET /auth HTTP/1.1\r\nHost: localhost\r\n');
        await exchange.closed;
        expect(exchange.received()).to.match(/^HTTP\/1\.1 4\d\d /);
    });

    it('closes connections beyond the cap at once, and serves again when they are gone', async () => {

        const stalled = await Promise.all([1, 2, 3].map(() => send(port, stalledBody('/auth/signin'))));
        const extra = await send(port, 'GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n');
        await extra.closed;
        expect(extra.received()).to.equal('');

        await Promise.all(stalled.map((exchange) => exchange.closed));
        expect(await get(port)).to.equal(200);
    });

    it('reads the limits from the settings, with safe defaults', async () => {

        expect(app.web.listener.maxConnections).to.equal(3);
        expect(app.web.listener.requestTimeout).to.equal(300);
        const defaults = await startTestApp();
        expect(defaults.config.web.http).to.equal({ headersTimeout: 10_000, requestTimeout: 30_000, socketTimeout: 30_000, maxConnections: 500 });
        expect(defaults.web.listener.headersTimeout).to.equal(10_000);
        expect(defaults.web.settings.routes?.timeout?.socket).to.equal(30_000);
        await defaults.destroy();
    });
});
