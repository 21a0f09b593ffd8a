/* The app's log lines captured in memory (TestAppOptions.logDestination), as text and parsed. */

export interface CapturedLog {
    /** pino's destination: collects each line. */
    readonly destination: { write(line: string): void };
    /** Everything written so far, as written. */
    text(): string;
    /** Each line, parsed. */
    lines(): Record<string, any>[];
}

export const captureLog = (): CapturedLog => {

    const chunks: string[] = [];
    return {
        destination: { write: (line) => void chunks.push(line) },
        text: () => chunks.join(''),
        lines: () => chunks.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line))
    };
};
