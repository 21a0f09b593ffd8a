/*
 * The SQLite files hold the signing keys, password hashes and sessions: only the process's own user may read them.
 * Modes are set explicitly, whatever the umask, and tightened on files and a directory left open by an older
 * version. SQLite creates the WAL and SHM files with the database file's mode, and they are tightened too.
 */

import * as Fs from 'fs';
import * as Path from 'path';


const privateDir = 0o700;
const privateFile = 0o600;

/** The database file and the two SQLite keeps beside it in WAL mode. */
const sqliteFiles = (file: string) => [file, `${file}-wal`, `${file}-shm`];

/** Before opening: the directory 0700 (made if missing), the database file made 0600, leftovers tightened. */
export const prepareSqliteFiles = (file: string): void => {

    const dir = Path.dirname(file);
    Fs.mkdirSync(dir, { recursive: true, mode: privateDir });
    Fs.chmodSync(dir, privateDir);
    Fs.closeSync(Fs.openSync(file, 'a', privateFile));         // Created 0600 before SQLite sees it
    tightenSqliteFiles(file);
};

/** After opening (the WAL and SHM files exist then): every file 0600. */
export const tightenSqliteFiles = (file: string): void => {

    for (const path of sqliteFiles(file)) {
        if (Fs.existsSync(path)) {
            Fs.chmodSync(path, privateFile);
        }
    }
};
