/*
 * The errors a service may throw. Anything a caller can get wrong that the CDI answers with a status object is
 * returned, not thrown; what the CDI answers with a 400 is an InvalidInputError, which the transport turns into
 * the 400 text body (transport/errors.ts). Any other error is a bug or a failing database: a 500.
 */

/** The request is well formed but breaks a rule of the service; `message` is the CDI's 400 text. */
export class InvalidInputError extends Error {

    constructor(message: string) {

        super(message);
        this.name = 'InvalidInputError';
    }
}

/** `value`, unless it is empty: then the official core's 400 `<name> cannot be empty`. */
export const nonEmpty = (name: string, value: string): string => {

    if (!value.length) {
        throw new InvalidInputError(`${name} cannot be empty`);
    }

    return value;
};

/** Something the core depends on (the database) does not answer; `cause` is for the log, never for the caller. */
export class UnavailableError extends Error {

    constructor(message: string, options: { cause: unknown }) {

        super(message, options);
        this.name = 'UnavailableError';
    }
}
