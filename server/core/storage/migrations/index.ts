/*
 * Migrations are timestamped plain SQL files in this folder: `<version>_<name>.sql` is shared by every dialect,
 * and `<version>_<name>.<dialect>.sql` replaces it for that dialect (the Kratos convention).
 */

import * as Fs from 'fs';
import * as Path from 'path';


export type Dialect = 'sqlite' | 'postgres';

export interface Migration {
    readonly version: string;
    readonly name: string;
    readonly sql: string;
}


const fileName = /^(\d{14})_([a-z0-9_-]+?)(?:\.(sqlite|postgres))?\.sql$/;

/** Every migration for a dialect, oldest first. */
export const loadMigrations = (dialect: Dialect, folder = __dirname): Migration[] => {

    const chosen = new Map<string, { name: string; file: string; specific: boolean }>();
    for (const file of Fs.readdirSync(folder).sort()) {
        const match = fileName.exec(file);
        if (!match) {
            continue;
        }

        const [version, name, fileDialect] = match.slice(1) as [string, string, Dialect | undefined];
        if (fileDialect && fileDialect !== dialect) {
            continue;
        }

        // A version has at most one shared file and one of each dialect; the dialect's own file wins.
        const existing = chosen.get(version);
        if (existing?.specific === Boolean(fileDialect)) {
            throw new Error(`Migrations ${existing.file} and ${file} share the version ${version}`);
        }

        if (!existing || fileDialect) {
            chosen.set(version, { name, file, specific: Boolean(fileDialect) });
        }
    }

    return [...chosen.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([version, { name, file }]) => ({ version, name, sql: Fs.readFileSync(Path.join(folder, file), 'utf8') }));
};
