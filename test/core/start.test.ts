import * as ChildProcess from 'child_process';
import * as Fs from 'fs';
import * as Net from 'net';
import * as Os from 'os';
import * as Path from 'path';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, afterEach } = lab;

const root = Path.join(__dirname, '..', '..');

const freePort = () => new Promise<number>((resolve) => {

    const server = Net.createServer().listen(0, '127.0.0.1', () => {

        const { port } = server.address() as Net.AddressInfo;
        server.close(() => resolve(port));
    });
});

const exited = (child: ChildProcess.ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));


describe('npm run core', () => {

    const children: ChildProcess.ChildProcess[] = [];
    const dirs: string[] = [];

    const spawnCore = (script: string, env: Record<string, string>) => {

        const dataDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-start-'));
        dirs.push(dataDir);
        const child = ChildProcess.spawn('node', ['-r', './server/register.js', script], { cwd: root, env: { ...process.env, DATA_DIR: dataDir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
        children.push(child);
        let output = '';
        child.stdout!.on('data', (chunk) => (output += chunk));
        child.stderr!.on('data', (chunk) => (output += chunk));
        return { child, output: () => output, dataDir };
    };

    afterEach(() => {

        for (const child of children.splice(0)) {
            child.kill('SIGKILL');
        }

        for (const dir of dirs.splice(0)) {
            Fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it('answers /hello within 2 s on an empty data dir, and stops cleanly on SIGTERM', async () => {

        const port = await freePort();
        const started = Date.now();
        const { child, output, dataDir } = spawnCore('server/core/main.ts', { CORE_PORT: String(port) });

        let answered: number | undefined;
        while (Date.now() - started < 5000 && answered === undefined) {
            const res = await fetch(`http://127.0.0.1:${port}/hello`).catch(() => undefined);
            if (res?.ok) {
                expect(await res.text()).to.equal('Hello\n');
                answered = Date.now() - started;
            }
            else {
                await new Promise((resolve) => setTimeout(resolve, 20));
            }
        }

        expect(answered, output()).to.exist();
        expect(answered!).to.be.below(2000);
        expect(output()).to.contain(`http://127.0.0.1:${port}`);
        expect(Fs.existsSync(Path.join(dataDir, 'staffgate.sqlite'))).to.be.true();

        child.kill('SIGTERM');
        expect(await exited(child)).to.equal(0);
        expect(output()).to.contain('SIGTERM');
    });

    it('npm start runs the embedded core', async () => {

        const port = await freePort();
        const { child, output } = spawnCore('server/index.ts', { CORE_PORT: String(port) });
        const started = Date.now();
        let res: Response | undefined;
        while (Date.now() - started < 5000 && !res?.ok) {
            res = await fetch(`http://127.0.0.1:${port}/apiversion`).catch(() => undefined);
            await new Promise((resolve) => setTimeout(resolve, 20));
        }

        expect(res?.ok, output()).to.be.true();
        expect(await res!.json()).to.equal({ versions: ['5.4'] });
        child.kill('SIGINT');
        expect(await exited(child)).to.equal(0);
    });

    it('refuses to listen beyond loopback without an API key, with a message and exit code 1', async () => {

        const { child, output } = spawnCore('server/core/main.ts', { CORE_HOST: '0.0.0.0', CORE_PORT: '0' });
        expect(await exited(child)).to.equal(1);
        expect(output()).to.contain('refuses to listen on 0.0.0.0 without an API key');
    });
});
