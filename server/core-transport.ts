/*
 * The web app's calls to its core over plain HTTP, on keep-alive sockets of Node's own http client.
 *
 * supertokens-node calls the core through the global `fetch`. Node 20's fetch builds Web streams for every request
 * and response, and the SDK reads each answer through `response.clone()`, which tees them: measured on a rotating
 * refresh, that was over a third of the web thread's CPU (docs/performance.md). While installed, this module's
 * `fetch` carries every call to a registered core origin over an http.Agent and answers with a `Response` whose body
 * is already buffered; any other call (another origin, https, a `Request` object, a streamed body) goes to Node's
 * fetch unchanged. The SDK itself is untouched: it sees a fetch that behaves as Node's does for what it sends.
 *
 * Each call is counted and timed like those observed on undici's channels (observability/core-calls.ts).
 */

import * as Http from 'http';
import { performance } from 'perf_hooks';

import { coreUrls, recordCoreCall, type CoreCallObserver } from './observability/core-calls';


export interface CoreTransportOptions {

    /** How long an idle socket is kept: below the core's keep-alive timeout (Node's servers close theirs after 5 s), so that a request never goes out on a socket the core is closing. */
    readonly idleSocketMs?: number;
}

interface Route {
    readonly origins: ReadonlySet<string>;
    readonly agent: Http.Agent;
    readonly observer: CoreCallObserver;
}

const routes: Route[] = [];
let nodeFetch: typeof fetch | undefined;                        // the fetch this module replaced, while installed


/** Carries calls to `coreUri`'s http origins (one or more URIs separated by `;`) until the returned function is called. */
export const installCoreTransport = (coreUri: string, observer: CoreCallObserver, options: CoreTransportOptions = {}): (() => void) => {

    const origins = new Set(coreUrls(coreUri).filter((url) => url.protocol === 'http:').map((url) => url.origin));
    const route: Route = { origins, agent: new Http.Agent({ keepAlive: true, timeout: options.idleSocketMs ?? 4_000 }), observer };
    routes.push(route);
    if (!nodeFetch) {
        nodeFetch = globalThis.fetch;
        globalThis.fetch = coreAwareFetch;
    }

    return () => {

        const at = routes.indexOf(route);
        if (at === -1) {
            return;
        }

        routes.splice(at, 1);
        route.agent.destroy();
        if (!routes.length) {
            globalThis.fetch = nodeFetch!;
            nodeFetch = undefined;
        }
    };
};


const coreAwareFetch: typeof fetch = (input, init) => {

    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : undefined;
    const origin = url === undefined ? undefined : originOf(url);
    const route = origin === undefined ? undefined : routes.find(({ origins }) => origins.has(origin));
    const body = init?.body;
    if (!route || !(body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array)) {
        return nodeFetch!(input, init);
    }

    return send(route, url!, url!.slice(origin!.length) || '/', init ?? {}, body ?? undefined);
};


/** The origin of an absolute http URL, cheaply (a URL parse costs more than the rest of this module's work). */
const originOf = (url: string): string => {

    const pathAt = url.indexOf('/', url.indexOf('//') + 2);
    return pathAt === -1 ? url : url.slice(0, pathAt);
};


const send = (route: Route, url: string, path: string, init: RequestInit, body: string | Uint8Array | undefined): Promise<Response> => {

    const method = (init.method ?? 'GET').toUpperCase();
    const started = performance.now();
    let recorded = false;
    const record = (status: number | undefined, error?: Error) => {

        if (!recorded) {
            recorded = true;
            recordCoreCall(route.observer, { method, path, seconds: (performance.now() - started) / 1000, status, error });
        }
    };

    return new Promise((resolve, reject) => {

        let settled = false;
        const fail = (error: Error) => {

            record(undefined, error);
            if (!settled) {
                settled = true;
                reject(new TypeError('fetch failed', { cause: error }));
            }
        };

        const signal = init.signal;
        if (signal?.aborted) {
            reject(signal.reason);
            return;
        }

        let request: Http.ClientRequest;
        const attempt = () => {

            request = Http.request(url, { method, headers: plainHeaders(init.headers), agent: route.agent }, (response) => {

                record(response.statusCode);
                const chunks: Buffer[] = [];
                response.on('data', (chunk: Buffer) => chunks.push(chunk));
                response.on('error', fail);
                response.on('end', () => {

                    settled = true;
                    signal?.removeEventListener('abort', abort);
                    resolve(new BufferedResponse({
                        url,
                        status: response.statusCode!,
                        statusText: response.statusMessage!,
                        headers: headersOf(response.rawHeaders),
                        body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
                    }));
                });
            });

            request.on('error', (error: NodeJS.ErrnoException) => {

                // A kept-alive socket that the core closed while it was idle (it stopped, or its keep-alive ran out
                // first) and that this side had not yet seen closing: the request never reached the core, so it
                // goes again, on the next free socket or a new connection. A reset on a new connection is a failure.
                if (!settled && error.code === 'ECONNRESET' && request.reusedSocket) {
                    return attempt();
                }

                fail(error);
            });

            request.end(body);
        };

        const abort = () => {

            settled = true;
            reject(signal!.reason);
            request.destroy();
        };

        signal?.addEventListener('abort', abort, { once: true });
        attempt();
    });
};


const plainHeaders = (headers: RequestInit['headers']): Record<string, string> => {

    if (!headers) {
        return {};
    }

    if (headers instanceof Headers || Array.isArray(headers)) {
        return Object.fromEntries(headers instanceof Headers ? headers.entries() : headers);
    }

    return headers as Record<string, string>;
};


const headersOf = (raw: string[]): Headers => {

    const headers = new Headers();
    for (let i = 0; i < raw.length; i += 2) {
        headers.append(raw[i]!, raw[i + 1]!);
    }

    return headers;
};


interface BufferedParts {
    readonly url: string;
    readonly status: number;
    readonly statusText: string;
    readonly headers: Headers;
    readonly body: Buffer;
}


const utf8 = new TextDecoder();                             // as fetch's text(): UTF-8, a leading BOM dropped


/** A `Response` whose body was read in full before it was made: reading it, or a clone of it, parses no stream. */
class BufferedResponse implements Response {

    readonly url: string;
    readonly status: number;
    readonly statusText: string;
    readonly headers: Headers;
    readonly ok: boolean;
    readonly redirected = false;
    readonly type: Response['type'] = 'basic';
    readonly #parts: BufferedParts;
    #used = false;
    #stream: ReadableStream<Uint8Array> | undefined;

    constructor(parts: BufferedParts) {

        this.#parts = parts;
        this.url = parts.url;
        this.status = parts.status;
        this.statusText = parts.statusText;
        this.headers = parts.headers;
        this.ok = Math.floor(parts.status / 100) === 2;
    }

    get bodyUsed(): boolean {

        return this.#used;
    }

    get body(): ReadableStream<Uint8Array> | null {

        this.#stream ??= new Blob([this.#parts.body]).stream();
        return this.#stream;
    }

    clone(): Response {

        if (this.#used) {
            throw new TypeError('Response.clone: Body has already been consumed.');
        }

        return new BufferedResponse(this.#parts);
    }

    async text(): Promise<string> {

        return utf8.decode(this.#consume());
    }

    async json(): Promise<unknown> {

        return JSON.parse(await this.text());
    }

    async arrayBuffer(): Promise<ArrayBuffer> {

        const bytes = this.#consume();
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    }

    async bytes(): Promise<Uint8Array> {

        return new Uint8Array(await this.arrayBuffer());
    }

    async blob(): Promise<Blob> {

        return new Blob([this.#consume()], { type: this.headers.get('content-type') ?? '' });
    }

    async formData(): Promise<FormData> {

        this.#consume();
        throw new TypeError('the core answers JSON or text, never form data');
    }

    #consume(): Buffer {

        if (this.#used) {
            throw new TypeError('Body is unusable: Body has already been read');
        }

        this.#used = true;
        return this.#parts.body;
    }
}
