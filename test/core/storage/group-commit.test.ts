import * as Fs from 'fs';
import * as Os from 'os';
import * as Path from 'path';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import Database from 'better-sqlite3';

import { groupCommit } from '../../../server/core/storage/sqlite/group-commit';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, beforeEach, afterEach } = lab;


describe('SQLite group commit', () => {

    let dir: string;
    let db: Database.Database;
    let other: Database.Database;                       // a second connection: it sees only what is committed

    beforeEach(() => {

        dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-group-'));
        const file = Path.join(dir, 'db.sqlite');
        db = new Database(file);
        db.pragma('journal_mode = WAL');
        db.exec('CREATE TABLE items (name TEXT PRIMARY KEY)');
        other = new Database(file, { readonly: true });
    });

    afterEach(() => {

        other.close();
        if (db.open) {
            db.close();
        }

        Fs.rmSync(dir, { recursive: true, force: true });
    });

    const committed = () => other.prepare('SELECT name FROM items ORDER BY name').pluck().all();

    it('commits the writes of one turn together, and answers each only after the commit', async () => {

        const seenByOthers: unknown[][] = [];
        const insert = groupCommit(db, (name: string) => {

            seenByOthers.push(committed());
            db.prepare('INSERT INTO items (name) VALUES (?)').run(name);
            return `stored ${name}`;
        });

        const writes = [insert('a'), insert('b'), insert('c')];
        expect(committed()).to.equal([]);                                   // nothing runs before the turn ends
        expect(await Promise.all(writes)).to.equal(['stored a', 'stored b', 'stored c']);
        expect(seenByOthers).to.equal([[], [], []]);                        // one transaction: none saw another commit
        expect(committed()).to.equal(['a', 'b', 'c']);

        // A later turn is a batch of its own.
        await insert('d');
        await insert('e');
        expect(seenByOthers.slice(3)).to.equal([['a', 'b', 'c'], ['a', 'b', 'c', 'd']]);
    });

    it('rolls back only the write that throws, and rejects only its caller', async () => {

        const insertTwo = groupCommit(db, (first: string, second: string) => {

            db.prepare('INSERT INTO items (name) VALUES (?)').run(first);
            db.prepare('INSERT INTO items (name) VALUES (?)').run(second);           // a duplicate throws
        });

        const results = await Promise.allSettled([insertTwo('a', 'b'), insertTwo('c', 'a'), insertTwo('d', 'e')]);
        expect(results.map((result) => result.status)).to.equal(['fulfilled', 'rejected', 'fulfilled']);
        expect(((results[1] as PromiseRejectedResult).reason as Error).message).to.contain('UNIQUE');
        expect(committed()).to.equal(['a', 'b', 'd', 'e']);                // not 'c': its write was undone whole
    });

    it('rejects every write of a batch whose transaction cannot run', async () => {

        const insert = groupCommit(db, (name: string) => db.prepare('INSERT INTO items (name) VALUES (?)').run(name));
        const writes = [insert('a'), insert('b')];
        db.close();
        for (const write of writes) {
            await expect(write).to.reject(/not open/);
        }
    });
});
