/*
 * Reading CDI input with the official core's error texts (its InputParser): a missing or mistyped JSON field is
 * `Field name 'x' is invalid in JSON input`, a missing query parameter `Field name 'x' is missing in GET request`.
 */

import * as Boom from '@hapi/boom';
import type { Request } from '@hapi/hapi';


export type JsonObject = Record<string, unknown>;


/** The request body as a JSON object; anything else (empty, malformed, an array) is a 400. */
export const body = (request: Request): JsonObject => {

    // The core's routes read the payload unparsed (parse: false, output: 'data'): hapi hands a Buffer, empty when
    // there is no body. Each handler reads its body once.
    let parsed: unknown;
    try {
        parsed = JSON.parse((request.payload as Buffer).toString('utf8'));
    }
    catch {
        throw Boom.badRequest('Invalid Json Input');
    }

    if (!isObject(parsed)) {
        throw Boom.badRequest('Invalid Json Input');
    }

    const flaw = structuralFlaw(parsed);
    if (flaw) {
        throw Boom.badRequest(flaw);
    }

    return parsed;
};

/** Storing, signing and comparing claims recurse once per level (V8's JSON.stringify overflows near 4 500). */
const maxJsonDepth = 1000;

/*
 * The body's message of refusal, if any. JSON.parse keeps a `__proto__` key as an own property, but a spread, Object.assign or a merge in any later code
 * would set the object's prototype from it (prototype pollution): refused anywhere in the body. `constructor` and
 * `prototype` are ordinary keys once parsed and stay allowed (metadata may use them).
 */
const structuralFlaw = (value: unknown): string | undefined => {

    const pending: [unknown, number][] = [[value, 1]];
    let next = pending.pop();
    while (next) {
        const [item, depth] = next;
        if (item !== null && typeof item === 'object') {
            if (depth > maxJsonDepth) {
                return 'Invalid Json Input';                        // The official core's text
            }

            if (Object.hasOwn(item, '__proto__')) {
                return 'Invalid Json Input: a key may not be named __proto__';
            }

            for (const child of Object.values(item)) {
                pending.push([child, depth + 1]);
            }
        }

        next = pending.pop();
    }

    return undefined;
};

const invalid = (name: string) => Boom.badRequest(`Field name '${name}' is invalid in JSON input`);

/** NUL cannot be stored in a PostgreSQL text column; no id, email or password of ours needs it. */
const hasNul = (value: string) => value.includes('\u0000');

export const requiredString = (input: JsonObject, name: string): string => {

    const value = input[name];
    if (typeof value !== 'string' || hasNul(value)) {
        throw invalid(name);
    }

    return value;
};

export const optionalString = (input: JsonObject, name: string): string | undefined => {

    const value = input[name];
    if (value === undefined || value === null) {
        return undefined;
    }

    return requiredString(input, name);
};

export const requiredBoolean = (input: JsonObject, name: string): boolean => {

    const value = input[name];
    if (typeof value !== 'boolean') {
        throw invalid(name);
    }

    return value;
};

export const optionalBoolean = (input: JsonObject, name: string): boolean | undefined => {

    const value = input[name];
    if (value === undefined || value === null) {
        return undefined;
    }

    return requiredBoolean(input, name);
};

export const requiredObject = (input: JsonObject, name: string): JsonObject => {

    const value = input[name];
    if (!isObject(value)) {
        throw invalid(name);
    }

    return value;
};

export const optionalObject = (input: JsonObject, name: string): JsonObject | undefined => {

    const value = input[name];
    return value === undefined || value === null ? undefined : requiredObject(input, name);
};

export const optionalStringArray = (input: JsonObject, name: string): string[] | undefined => {

    const value = input[name];
    if (value === undefined || value === null) {
        return undefined;
    }

    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && !hasNul(item))) {
        throw invalid(name);
    }

    return value;
};

export const requiredInteger = (input: JsonObject, name: string): number => {

    const value = input[name];
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        throw invalid(name);
    }

    return value;
};

export const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);


/** A query parameter that must be present (an empty string counts as present, as in the Java core). */
export const requiredQuery = (request: Request, name: string): string => {

    const value = optionalQuery(request, name);
    if (value === undefined) {
        throw Boom.badRequest(`Field name '${name}' is missing in GET request`);
    }

    return value;
};

export const optionalQuery = (request: Request, name: string): string | undefined => {

    const value = request.query[name];
    if (Array.isArray(value) || (typeof value === 'string' && value.includes('\u0000'))) {
        throw Boom.badRequest(`Field name '${name}' is invalid in GET request`);
    }

    return value as string | undefined;
};

/** An optional whole number from `min` to `max`; anything else is a 400 that says the range. */
export const integerQuery = (request: Request, name: string, min: number, max: number): number | undefined => {

    const value = optionalQuery(request, name);
    if (value === undefined) {
        return undefined;
    }

    const number = Number(value);
    if (!/^\d+$/.test(value) || number < min || number > max) {
        throw Boom.badRequest(`Field name '${name}' must be an integer from ${min} to ${max}`);
    }

    return number;
};

/** `true`/`false` query flags; anything else is a 400. */
export const booleanQuery = (request: Request, name: string, fallback: boolean): boolean => {

    const value = optionalQuery(request, name);
    if (value === undefined) {
        return fallback;
    }

    if (value !== 'true' && value !== 'false') {
        throw Boom.badRequest(`Field name '${name}' is invalid in GET request`);
    }

    return value === 'true';
};
