import * as Fs from 'fs';
import * as Os from 'os';
import * as Path from 'path';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { loadConfig } from '../../server/config';
import { startCoreThread } from '../../server/core/thread';
import { deployment } from '../../server/deployment';
import { fastHashing, testClock } from '../helpers/core';
import { captureLog } from '../helpers/log-capture';
import { password, signIn, signUp } from '../helpers/pages';
import { resetSdk } from '../helpers/sdk';
import { Browser } from '../helpers/web';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, afterEach } = lab;


describe('the embedded core on its own thread (CORE_THREAD=on)', () => {

    const dirs: string[] = [];
    const dataDir = () => {

        const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-thread-'));
        dirs.push(dir);
        return dir;
    };

    afterEach(() => {

        for (const dir of dirs.splice(0)) {
            Fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    const config = (env: Record<string, string> = {}) => {

        return loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir(), PORT: '0', CORE_PORT: '0', RATE_LIMITS: 'off', MFA: 'off', ...fastHashing, ...env }, 'app');
    };

    it('is the default, and serves the app end to end: sign-up, sign-in, a rotating refresh, lockouts counted in the app', async () => {

        const settings = config({ CORE_LOCKOUT_THRESHOLD: '2', LOG_LEVEL: 'warn' });
        expect(settings.coreThread).to.be.true();

        const log = captureLog();
        resetSdk();
        const running = await deployment({ config: settings, start: false, logDestination: log.destination });
        try {
            expect(running.core).to.not.exist();                        // nothing of the core on this thread
            expect(running.embeddedCore!.uri).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
            expect(running.embeddedCore!.storageName).to.equal('sqlite');
            expect(await (await fetch(`${running.embeddedCore!.uri}/hello`)).text()).to.equal('Hello\n');

            const browser = new Browser(running.web);
            const userId = await signUp(browser, 'thread@example.com');
            expect((await browser.get('/dashboard')).statusCode).to.equal(200);
            const before = browser.cookies.get('sRefreshToken')?.value;
            expect((await browser.post('/auth/session/refresh', undefined, { rid: 'session' })).statusCode).to.equal(200);
            expect(browser.cookies.get('sRefreshToken')?.value).to.exist().and.not.equal(before);

            for (let i = 0; i < 2; ++i) {
                expect(JSON.parse((await signIn(new Browser(running.web), 'thread@example.com', `${password} wrong`)).payload).status).to.equal('WRONG_CREDENTIALS_ERROR');
            }

            // The lockout crosses the thread as a message, which may arrive just after the sign-in's answer.
            const lockouts = () => running.observability.metrics.registry.getSingleMetricAsString('staffgate_lockouts_total');
            for (let i = 0; i < 50 && !/ 1$/m.test(await lockouts()); ++i) {
                await new Promise((resolve) => setTimeout(resolve, 10));
            }

            expect(await lockouts()).to.match(/^staffgate_lockouts_total 1$/m);
            expect(log.lines().find((line) => line.auth?.event === 'lockout')).to.include({ auth: { event: 'lockout', userId } });
        }
        finally {
            await running.stop();
        }

        await expect(fetch(`${running.embeddedCore!.uri}/hello`)).to.reject();              // stopped with the app
        expect(Fs.existsSync(settings.core.sqliteFile)).to.be.true();
    });

    it('refuses an injected clock, which only a core on the web server\'s thread can use', async () => {

        resetSdk();
        await expect(deployment({ config: config(), start: false, coreClock: testClock().now })).to.reject(/CORE_THREAD=off/);
    });

    it('reports a core that cannot start with the core\'s own message', async () => {

        const { core } = config();
        const notADirectory = Path.join(dataDir(), 'file');
        Fs.writeFileSync(notADirectory, '');
        const start = startCoreThread({ settings: { ...core, sqliteFile: Path.join(notADirectory, 'staffgate.sqlite') }, log: { logLevel: 'silent', logFormat: 'json' }, onUnexpectedExit: () => {} });
        await expect(start).to.reject(/staffgate-thread-\w+\/file/);          // the path it could not create
    });

    it('reports a thread that ends before it starts', async () => {

        const { core } = config();
        const start = startCoreThread({ settings: core, log: { logLevel: 'silent', logFormat: 'json' }, onUnexpectedExit: () => {}, entry: Path.join(__dirname, '..', 'fixtures', 'silent-core-thread.ts') });
        await expect(start).to.reject('exit code 0');
    });

    it('tells the app when a started thread dies, so that the process can end and be restarted', async () => {

        const { core } = config();
        let exited: (reason: string) => void;
        const reason = new Promise<string>((resolve) => {

            exited = resolve;
        });

        const thread = await startCoreThread({ settings: core, log: { logLevel: 'silent', logFormat: 'json' }, onUnexpectedExit: (why) => exited(why), entry: Path.join(__dirname, '..', 'fixtures', 'crashing-core-thread.ts') });
        expect(thread.storageName).to.equal('none');
        expect(await reason).to.equal('a bug in the core thread');
    });
});
