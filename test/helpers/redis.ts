/*
 * Redis for the shared-limits tests: the machine's Redis (TEST_REDIS_URL, default redis://127.0.0.1:6379), a key
 * prefix of its own per run (so runs never see each other's counts), and a TCP proxy in front of it that a test can
 * cut and restore to play an outage. Suites are skipped, saying so, when no Redis answers.
 */

import * as ChildProcess from 'child_process';
import * as Crypto from 'crypto';
import * as Net from 'net';

import Redis from 'ioredis';

import { limitsLog } from '../../server/web/limits/redis';


export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

// Asked once, synchronously, because lab decides what to skip while it builds the script.
const pingScript = `
const url = new URL(process.argv[1]);
const socket = require('net').connect(Number(url.port || 6379), url.hostname);
socket.setTimeout(1000, () => process.exit(1));
socket.on('error', () => process.exit(1));
socket.on('connect', () => socket.write('PING\\r\\n'));
socket.on('data', (data) => process.exit(/^(\\+PONG|-NOAUTH)/.test(String(data)) ? 0 : 1));
`;

/** True when a Redis answers at testRedisUrl. */
export const hasRedis = ChildProcess.spawnSync(process.execPath, ['-e', pingScript, testRedisUrl], { timeout: 3000 }).status === 0;

/** A suite title that says why the suite was skipped when Redis is missing. */
export const redisSuite = (title: string): string => (hasRedis ? title : `${title} (skipped: no Redis at ${testRedisUrl}; set TEST_REDIS_URL or start redis-server)`);

/** A key prefix no other run uses. */
export const uniqueKeyPrefix = (): string => `staffgate-test:${Crypto.randomBytes(6).toString('hex')}:`;

/** Deletes the keys a run made under `prefix`. */
export const deleteKeys = async (prefix: string): Promise<void> => {

    const client = new Redis(testRedisUrl, { lazyConnect: true });
    await client.connect();
    try {
        const keys = await client.keys(`${prefix}*`);
        if (keys.length) {
            await client.del(...keys);
        }
    }
    finally {
        client.disconnect();
    }
};

/** Clients connected to Redis under `name` (the app's: staffgate-limits:<key prefix>). */
export const connectedClients = async (name: string): Promise<number> => {

    const client = new Redis(testRedisUrl, { lazyConnect: true });
    await client.connect();
    try {
        const list = await client.client('LIST') as string;
        return list.split('\n').filter((line) => line.includes(` name=${name} `)).length;
    }
    finally {
        client.disconnect();
    }
};

/** The limits' log lines while it runs; `restore` puts the console back. */
export const captureLimitsLog = (): { lines: string[]; restore: () => void } => {

    const lines: string[] = [];
    const original = limitsLog.sink;
    limitsLog.sink = (line) => void lines.push(line);
    return { lines, restore: () => (limitsLog.sink = original) };
};


/** A TCP proxy on a loopback port to `target`; `cut()` drops every connection and refuses new ones until `restore()`. */
export class TcpProxy {

    readonly #server = Net.createServer((socket) => this.#accept(socket));
    readonly #sockets = new Set<Net.Socket>();
    readonly #target: { host: string; port: number };
    #open = true;

    constructor(targetUrl: string) {

        const url = new URL(targetUrl);
        this.#target = { host: url.hostname, port: Number(url.port || 6379) };
    }

    async listen(): Promise<number> {

        await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
        return (this.#server.address() as Net.AddressInfo).port;
    }

    cut(): void {

        this.#open = false;
        for (const socket of this.#sockets) {
            socket.destroy();
        }
    }

    restore(): void {

        this.#open = true;
    }

    async close(): Promise<void> {

        this.cut();
        await new Promise((resolve) => this.#server.close(resolve));
    }

    #accept(socket: Net.Socket): void {

        if (!this.#open) {
            socket.destroy();
            return;
        }

        const upstream = Net.connect(this.#target.port, this.#target.host);
        for (const end of [socket, upstream]) {
            this.#sockets.add(end);
            end.on('error', () => {});
            end.on('close', () => {

                this.#sockets.delete(end);
                socket.destroy();
                upstream.destroy();
            });
        }

        socket.pipe(upstream).pipe(socket);
    }
}
