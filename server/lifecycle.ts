/** Runs `start` as the process's main task: stops cleanly on SIGTERM/SIGINT, exits 1 with the message on failure. */
export const runMain = (start: () => Promise<{ stop(): Promise<void> }>): void => {

    start().then((running) => {

        const stop = async (signal: string) => {

            console.log(`${signal}: stopping (in-flight requests finish first)`);
            await running.stop();
            process.exit(0);
        };

        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
    }).catch((err) => {

        console.error(err instanceof Error ? err.message : err);
        process.exit(1);
    });
};
