/*
 * The common frame of the operations commands: parse the arguments, run, print the error's message (not a stack)
 * and exit 1 on failure, 2 on a usage error.
 */

import { parseArgs, type ParseArgsConfig } from 'util';


/** A mistake in the command line: printed with the usage. */
export class UsageError extends Error { }


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


/** Runs a command's main function and sets the exit code from its outcome. */
export const runCommand = (usage: string, main: (argv: readonly string[]) => Promise<void>): void => {

    main(process.argv.slice(2)).then(
        () => {

            process.exitCode = 0;
        },
        (err: unknown) => {

            if (err instanceof UsageError) {
                console.error(`${err.message}\n${usage}`);
                process.exitCode = 2;
                return;
            }

            console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
            process.exitCode = 1;
        });
};
