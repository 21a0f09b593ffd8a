import * as Fs from 'fs';
import * as Os from 'os';
import * as Path from 'path';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { createSqliteStorage } from '../../../server/core/storage/sqlite';
import { writeToOutbox } from '../../../server/web/auth/mail';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const modeOf = (path: string) => Fs.statSync(path).mode & 0o777;


describe('file modes of the data', () => {

    let root: string;
    let umask: number;

    before(() => {

        root = Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-modes-'));
        umask = process.umask(0o022);                          // The usual umask, which leaves files 0644
    });

    after(() => {

        process.umask(umask);
        Fs.rmSync(root, { recursive: true, force: true });
    });

    it('creates $DATA_DIR 0700 and the database, WAL and SHM files 0600', async () => {

        const dataDir = Path.join(root, 'new', 'data');
        const file = Path.join(dataDir, 'staffgate.sqlite');
        const storage = createSqliteStorage({ file });
        await storage.migrate();
        await storage.ping();

        expect(modeOf(dataDir).toString(8)).to.equal('700');
        for (const path of [file, `${file}-wal`, `${file}-shm`]) {
            expect(Fs.existsSync(path), path).to.be.true();
            expect(modeOf(path).toString(8), path).to.equal('600');
        }

        await storage.close();
    });

    it('tightens a directory and files an older version left readable by everyone', async () => {

        const dataDir = Path.join(root, 'old');
        const file = Path.join(dataDir, 'staffgate.sqlite');
        const first = createSqliteStorage({ file });
        await first.migrate();
        await first.close();
        Fs.chmodSync(dataDir, 0o755);
        Fs.chmodSync(file, 0o644);

        const storage = createSqliteStorage({ file });
        await storage.ping();
        expect(modeOf(dataDir).toString(8)).to.equal('700');
        expect(modeOf(file).toString(8)).to.equal('600');
        expect(modeOf(`${file}-wal`).toString(8)).to.equal('600');
        await storage.close();
    });

    it('keeps the dev outbox 0700 with messages 0600, also when the directory was made 0755', async () => {

        const outboxDir = Path.join(root, 'mail', 'outbox');
        Fs.mkdirSync(outboxDir, { recursive: true, mode: 0o755 });
        const path = await writeToOutbox(outboxDir, 'Staffgate <a@example.com>', { to: 'b@example.com', subject: 'Hi', text: 'Hello' });
        expect(modeOf(outboxDir).toString(8)).to.equal('700');
        expect(modeOf(path).toString(8)).to.equal('600');
    });
});
