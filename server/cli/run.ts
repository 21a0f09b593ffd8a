/*
 * The common frame of the operations commands: parse the arguments, load the settings, run, and turn the outcome
 * into an exit code: 0 with the command's report, 1 with the error's message (not a stack), 2 with the usage.
 */

import { parseArgs, type ParseArgsConfig } from 'util';

import { loadConfig, type Config } from '../config';


/** A mistake in the command line: printed with the usage. */
export class UsageError extends Error { }

export interface Command {
    readonly usage: string;
    /** Does the work; resolves to the report to print. */
    run(argv: readonly string[], config: Config): Promise<string>;
}

export interface CommandIo {
    readonly argv: readonly string[];
    /** Environment for loadConfig(); the process's own when undefined. */
    readonly env?: NodeJS.ProcessEnv;
    readonly out: (text: string) => void;
    readonly err: (text: string) => void;
}


type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses argv strictly; unknown options or a wrong number of positionals are a UsageError. */
export const parseCommandLine = <O extends Options>(argv: readonly string[], options: O, positionals: number) => {

    let parsed;
    try {
        parsed = parseArgs({ args: [...argv], options, allowPositionals: positionals > 0, strict: true });
    }
    catch (err) {
        throw new UsageError(err instanceof Error ? err.message : String(err));
    }

    if (parsed.positionals.length !== positionals) {
        throw new UsageError(`expected ${positionals} argument${positionals === 1 ? '' : 's'}, got ${parsed.positionals.length}`);
    }

    return parsed;
};


/** Runs a command; resolves to its exit code. */
export const runCommand = async (command: Command, io: CommandIo): Promise<number> => {

    try {
        io.out(await command.run(io.argv, loadConfig(io.env)));
        return 0;
    }
    catch (err) {
        if (err instanceof UsageError) {
            io.err(`${err.message}\n${command.usage}`);
            return 2;
        }

        io.err(`error: ${err instanceof Error ? err.message : String(err)}`);
        return 1;
    }
};


/** The entry point of a command's module: runs it with the process's arguments and sets the exit code. */
export const runAsMain = (command: Command): void => {

    const io = { argv: process.argv.slice(2), out: console.log, err: console.error };
    runCommand(command, io).then((code) => {

        process.exitCode = code;
    });
};
