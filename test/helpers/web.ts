/*
 * The whole app for tests: deployment() with a test config (embedded core on a free loopback port, temporary
 * SQLite, cheap hashing, rate limits and two-factor sign-in (MFA) off unless asked), driven with server.inject; and a cookie jar that carries
 * set-cookie from one inject to the next, honouring Path, Max-Age and Expires as a browser would.
 */

import * as Fs from 'fs';
import * as Os from 'os';
import * as Path from 'path';

import type * as Hapi from '@hapi/hapi';

import { loadConfig, type Config } from '../../server/config';
import { deployment, type Deployment } from '../../server/deployment';
import type { Clock } from '../../server/core/services/clock';
import { fastHashing } from './core';
import { resetSdk } from './sdk';


export interface TestApp extends Deployment {
    readonly config: Config;
    readonly dataDir: string;
    /** A fresh cookie jar (a new "browser"). */
    browser(): Browser;
    /** Stops everything and deletes the data. */
    destroy(): Promise<void>;
}

export interface TestAppOptions {
    /** The embedded core's clock (see testClock()); default: the system clock. */
    readonly coreClock?: Clock;
    /** Where the app's log lines go (with LOG_LEVEL set: tests log nothing by default); see captureLog(). */
    readonly logDestination?: { write(line: string): void };
}

export const startTestApp = async (env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> => {

    const dataDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-app-'));
    // Counts always fresh and no load shedding (a busy test machine lags), unless a test asks.
    const config = loadConfig({
        NODE_ENV: 'test', DATA_DIR: dataDir, PORT: '0', CORE_PORT: '0', CORE_THREAD: 'off', RATE_LIMITS: 'off', MFA: 'off', ADMIN_COUNTS_MAX_AGE: '0', LOAD_SAMPLE_INTERVAL: '0', ...fastHashing, ...env
    }, 'app');
    resetSdk();
    const running = await deployment({ config, start: false, coreClock: options.coreClock, logDestination: options.logDestination });
    return {
        ...running,
        config,
        dataDir,
        browser: () => new Browser(running.web),
        destroy: async () => {

            await running.stop();
            Fs.rmSync(dataDir, { recursive: true, force: true });
        }
    };
};


interface StoredCookie {
    value: string;
    path: string;
    expires?: number;
}

export class Browser {

    readonly #server: Hapi.Server;
    readonly cookies = new Map<string, StoredCookie>();
    /** The last `front-token` header the server sent (the SDK's readable summary of the session). */
    frontToken: string | undefined;

    constructor(server: Hapi.Server) {

        this.#server = server;
    }

    /** Injects a request with the cookies that apply to its path, and keeps the ones the response sets. */
    async request(options: Hapi.ServerInjectOptions): Promise<Hapi.ServerInjectResponse> {

        const url = typeof options.url === 'string' ? options.url : options.url.pathname ?? '/';
        const cookie = this.cookieHeader(url);
        const headers = { ...(cookie ? { cookie } : {}), ...options.headers };
        const res = await this.#server.inject({ ...options, headers });
        this.store(res);
        return res;
    }

    get(url: string, headers: Record<string, string> = {}) {

        return this.request({ method: 'GET', url, headers });
    }

    post(url: string, payload?: object | string, headers: Record<string, string> = {}) {

        return this.request({ method: 'POST', url, payload, headers: { rid: 'anti-csrf', ...headers } });
    }

    cookieHeader(url: string): string {

        const path = url.split('?')[0]!;
        const now = Date.now();
        return [...this.cookies.entries()]
            .filter(([, cookie]) => (cookie.expires === undefined || cookie.expires > now) && (path === cookie.path || path.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`)))
            .map(([name, cookie]) => `${name}=${cookie.value}`)
            .join('; ');
    }

    store(res: Hapi.ServerInjectResponse): void {

        const frontToken = res.headers['front-token'];
        if (typeof frontToken === 'string') {
            this.frontToken = frontToken;
        }

        const setCookie = res.headers['set-cookie'];
        for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
            const [pair, ...attributes] = line.split(';').map((part) => part.trim());
            const index = pair!.indexOf('=');
            const name = pair!.slice(0, index);
            const cookie: StoredCookie = { value: pair!.slice(index + 1), path: '/' };
            for (const attribute of attributes) {
                const [key, value] = attribute.split('=') as [string, string | undefined];
                if (/^path$/i.test(key) && value) {
                    cookie.path = value;
                }
                else if (/^max-age$/i.test(key)) {
                    cookie.expires = Date.now() + Number(value) * 1000;
                }
                else if (/^expires$/i.test(key) && cookie.expires === undefined) {
                    cookie.expires = Date.parse(value!);
                }
            }

            if (cookie.expires !== undefined && cookie.expires <= Date.now()) {
                this.cookies.delete(name);
            }
            else {
                this.cookies.set(name, cookie);
            }
        }
    }
}
