/*
 * The limiter interfaces (see index.ts): a LimiterStore hands out one Limiter per rule.
 */


export interface LimitRule {
    /** For messages: "Too many <name> attempts". */
    readonly name: string;
    /** Hits allowed per window. */
    readonly limit: number;
    readonly windowMs: number;
}

/** What a limiter does while the shared store cannot answer: refuse every hit, or count in this process. */
export type WhenUnavailable = 'refuse' | 'per-instance';

export interface Limiter {
    /**
     * Counts a hit for `key`: resolves 0 when it is allowed, else the milliseconds until one would be. Rejects with
     * LimiterUnavailableError when the shared store cannot answer and the limiter refuses then.
     */
    hit(key: string): Promise<number>;
}

export interface LimiterStore {
    /** A limiter for `rule`; `id` separates its counts from other limiters' (the same id shares the counts). */
    limiter(id: string, rule: Pick<LimitRule, 'limit' | 'windowMs'>, whenUnavailable: WhenUnavailable): Limiter;
    /** Releases the connection, if any. */
    close(): Promise<void>;
}

export class LimiterUnavailableError extends Error {

    constructor() {

        super('The rate-limit store cannot be reached');
        this.name = 'LimiterUnavailableError';
    }
}
