import * as Fs from 'fs';
import * as Os from 'os';
import * as Path from 'path';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { loadMigrations } from '../../../server/core/storage/migrations';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;


describe('loadMigrations()', () => {

    let folder: string;

    before(() => {

        folder = Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-migrations-'));
        const files: Record<string, string> = {
            '20260101000000_init.sql': '-- shared init',
            '20260101000000_init.sqlite.sql': '-- sqlite init',
            '20260102000000_add_roles.postgres.sql': '-- postgres roles',
            '20260103000000_add-index.sql': '-- shared index',
            '20260104000000_tune.sqlite.sql': '-- sqlite tune',
            '20260105000000_other.mysql.sql': '-- an unknown dialect',
            '20260106000000_Upper.sql': '-- not a migration name',
            '2026_short.sql': '-- not a version',
            '20260107000000_notes.txt': '-- not sql',
            'README.md': '# not a migration'
        };

        // Written out of order: the loader sorts.
        for (const name of Object.keys(files).reverse()) {
            Fs.writeFileSync(Path.join(folder, name), files[name]!);
        }
    });

    after(() => {

        Fs.rmSync(folder, { recursive: true, force: true });
    });

    it('lets a dialect-specific file replace the shared one of the same version', () => {

        const [init] = loadMigrations('sqlite', folder);
        expect(init).to.equal({ version: '20260101000000', name: 'init', sql: '-- sqlite init' });
    });

    it('uses the shared file for a dialect without its own', () => {

        const [init] = loadMigrations('postgres', folder);
        expect(init).to.equal({ version: '20260101000000', name: 'init', sql: '-- shared init' });
    });

    it('lists shared and own files oldest first, leaving out other dialects\' files', () => {

        expect(loadMigrations('sqlite', folder)).to.equal([
            { version: '20260101000000', name: 'init', sql: '-- sqlite init' },
            { version: '20260103000000', name: 'add-index', sql: '-- shared index' },
            { version: '20260104000000', name: 'tune', sql: '-- sqlite tune' }
        ]);

        expect(loadMigrations('postgres', folder)).to.equal([
            { version: '20260101000000', name: 'init', sql: '-- shared init' },
            { version: '20260102000000', name: 'add_roles', sql: '-- postgres roles' },
            { version: '20260103000000', name: 'add-index', sql: '-- shared index' }
        ]);
    });

    it('ignores files that are not named <14-digit version>_<name>[.<dialect>].sql', () => {

        const versions = [...loadMigrations('sqlite', folder), ...loadMigrations('postgres', folder)].map((migration) => migration.version);
        expect(versions).to.not.include(['20260105000000', '20260106000000', '20260107000000']);
        expect(versions.every((version) => /^\d{14}$/.test(version))).to.be.true();
    });

    it('prefers a dialect\'s own file whether its name sorts before or after the shared one', () => {

        const both = Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-migrations-both-'));
        try {
            // "seed.postgres.sql" sorts before "seed.sql", "seed.sql" before "seed.sqlite.sql".
            Fs.writeFileSync(Path.join(both, '20260101000000_seed.sql'), '-- shared seed');
            Fs.writeFileSync(Path.join(both, '20260101000000_seed.postgres.sql'), '-- postgres seed');
            Fs.writeFileSync(Path.join(both, '20260101000000_seed.sqlite.sql'), '-- sqlite seed');
            expect(loadMigrations('postgres', both)).to.equal([{ version: '20260101000000', name: 'seed', sql: '-- postgres seed' }]);
            expect(loadMigrations('sqlite', both)).to.equal([{ version: '20260101000000', name: 'seed', sql: '-- sqlite seed' }]);
        }
        finally {
            Fs.rmSync(both, { recursive: true, force: true });
        }
    });

    it('refuses two shared files, or two files of one dialect, with the same version', () => {

        const twice = Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-migrations-twice-'));
        try {
            Fs.writeFileSync(Path.join(twice, '20260101000000_a.sqlite.sql'), '-- a');
            Fs.writeFileSync(Path.join(twice, '20260101000000_b.sqlite.sql'), '-- b');
            expect(() => loadMigrations('sqlite', twice)).to.throw('Migrations 20260101000000_a.sqlite.sql and 20260101000000_b.sqlite.sql share the version 20260101000000');
            expect(loadMigrations('postgres', twice)).to.equal([]);

            Fs.writeFileSync(Path.join(twice, '20260102000000_c.sql'), '-- c');
            Fs.writeFileSync(Path.join(twice, '20260102000000_d.sql'), '-- d');
            expect(() => loadMigrations('postgres', twice)).to.throw('Migrations 20260102000000_c.sql and 20260102000000_d.sql share the version 20260102000000');
        }
        finally {
            Fs.rmSync(twice, { recursive: true, force: true });
        }
    });

    it('returns nothing for an empty folder', () => {

        const empty = Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-migrations-empty-'));
        try {
            expect(loadMigrations('sqlite', empty)).to.equal([]);
        }
        finally {
            Fs.rmSync(empty, { recursive: true, force: true });
        }
    });

    it('finds the shipped SQLite migrations by default', () => {

        const migrations = loadMigrations('sqlite');
        expect(migrations.length).to.be.at.least(1);
        expect(migrations[0]!.name).to.equal('initial');
        expect(migrations[0]!.sql).to.include('CREATE TABLE users');
    });
});
