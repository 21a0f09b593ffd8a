/*
 * Tools for the operations commands' tests: scratch directories, file modes, and the commands run as the npm
 * scripts run them (a real process, its exit code and output).
 */

import * as ChildProcess from 'child_process';
import * as Fs from 'fs';
import * as Os from 'os';
import * as Path from 'path';

import { runCommand, type Command } from '../../server/cli/run';


const root = Path.join(__dirname, '..', '..');

/** A new empty directory under the system's temporary directory. */
export const temporaryDir = (): string => Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-cli-'));

/** The permission bits of a file or directory. */
export const modeOf = (path: string): number => Fs.statSync(path).mode & 0o777;

export interface CliRun {
    readonly code: number | null;
    /** stdout and stderr together. */
    readonly output: string;
}

/**
 * Runs one of our TypeScript commands with these settings on top of a clean environment (no DATA_DIR or
 * DATABASE_URL inherited from the test run).
 */
export const runCli = (script: string, args: readonly string[], env: Record<string, string>): Promise<CliRun> => {

    const { DATA_DIR, DATABASE_URL, ...inherited } = process.env;
    const child = ChildProcess.spawn('node', ['-r', './server/register.js', script, ...args], { cwd: root, env: { ...inherited, NODE_ENV: 'test', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    return new Promise((resolve, reject) => {

        child.once('error', reject);
        child.once('close', (code) => resolve({ code, output }));
    });
};

/** Runs a command in this process (so coverage sees it) with these settings, as its npm script would. */
export const runInProcess = async (command: Command, argv: readonly string[], env: Record<string, string>): Promise<CliRun> => {

    let output = '';
    const print = (text: string) => {

        output += `${text}\n`;
    };

    const code = await runCommand(command, { argv, env: { NODE_ENV: 'test', ...env }, out: print, err: print });
    return { code, output };
};
