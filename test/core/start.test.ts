import * as Fs from 'fs';
import * as Os from 'os';
import * as Path from 'path';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { freePort, spawnCore, waitForHello, type CoreProcess } from '../helpers/processes';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, afterEach } = lab;


describe('starting the core as a process', () => {

    const running: CoreProcess[] = [];
    const dirs: string[] = [];

    const start = async (env: Record<string, string>, script?: string) => {

        const dataDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-start-'));
        dirs.push(dataDir);
        const core = await spawnCore({ DATA_DIR: dataDir, ...env }, script);
        running.push(core);
        return { core, dataDir };
    };

    afterEach(() => {

        for (const core of running.splice(0)) {
            core.child.kill('SIGKILL');
        }

        for (const dir of dirs.splice(0)) {
            Fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    // How fast it starts is a benchmark figure (npm run bench:core, docs/performance.md), not an assertion here.
    it('npm run core answers /hello on an empty data dir, and stops cleanly on SIGTERM', async () => {

        const { core, dataDir } = await start({});
        await waitForHello(core);
        expect(await (await fetch(`${core.uri}/hello`)).text()).to.equal('Hello\n');
        expect(core.output()).to.contain(core.uri);
        expect(Fs.existsSync(Path.join(dataDir, 'staffgate.sqlite'))).to.be.true();

        core.child.kill('SIGTERM');
        expect(await core.exited).to.equal(0);
        expect(core.output()).to.contain('SIGTERM');
    });

    it('npm start runs the embedded core and the web app, logs the URL to open, and stops both on SIGINT', async () => {

        const port = await freePort();
        const metricsPort = await freePort();
        const { core } = await start({ PORT: String(port), METRICS_PORT: String(metricsPort), LOG_LEVEL: 'info' }, 'server/index.ts');
        await waitForHello(core);                                   // the embedded core, on CORE_PORT

        // The web server starts after the core: wait for it, within the same 10 s as the core.
        let ready: Response | undefined;
        const started = Date.now();
        while (!ready?.ok && Date.now() - started < 10_000) {
            ready = await fetch(`http://localhost:${port}/health/ready`).catch(() => undefined);
            if (!ready?.ok) {
                await new Promise((resolve) => setTimeout(resolve, 20));
            }
        }

        expect(ready?.status, core.output()).to.equal(200);
        expect(await ready!.json()).to.equal({ status: 'ok', core: 'ok' });
        expect(core.output()).to.contain(`open http://localhost:${port}/auth`);

        // The embedded core has a random API key: nobody else on the machine can call it.
        expect((await fetch(`${core.uri}/apiversion`)).status).to.equal(401);

        // The metrics listener started with the app, on loopback; the request log is JSON lines (NODE_ENV=test).
        const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
        expect(metrics).to.contain('staffgate_http_request_duration_seconds_count{route="/health/ready",method="GET",status="200"}');
        expect((await fetch(`http://localhost:${port}/auth`)).status).to.equal(200);
        const requestLine = /^\{"level":30,.*"route":"\/auth","status":200/m;
        for (let i = 0; i < 100 && !requestLine.test(core.output()); ++i) {
            await new Promise((resolve) => setTimeout(resolve, 20));           // the line follows the answer
        }

        expect(core.output()).to.match(requestLine);

        core.child.kill('SIGINT');
        expect(await core.exited).to.equal(0);
    });

    it('refuses to listen beyond loopback without an API key, with a message and exit code 1', async () => {

        const { core } = await start({ CORE_HOST: '0.0.0.0' });
        expect(await core.exited).to.equal(1);
        expect(core.output()).to.contain('refuses to listen on 0.0.0.0 without an API key');
    });
});
