/* @hapi/bounce ships no types: the part of its API this app uses. */

declare module '@hapi/bounce' {
    /** Errors that are bugs in our code (TypeError, ReferenceError, …), as opposed to ones the app answers. */
    export type ErrorType = 'system' | 'boom';

    /** Throws `err` again when it is of this type (for 'system': a programming error); otherwise returns. */
    export function rethrow(err: unknown, types: ErrorType | ErrorType[] | Error | Error[], options?: { decorate?: object; override?: Error }): void;

    /** Throws `err` again unless it is of this type. */
    export function ignore(err: unknown, types: ErrorType | ErrorType[] | Error | Error[], options?: { decorate?: object; override?: Error }): void;

    /** True for a programming error (TypeError, ReferenceError, SyntaxError, …). */
    export function isSystem(err: unknown): boolean;
}
