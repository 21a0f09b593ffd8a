/*
 * Server-rendered forms: field errors keyed by field name (`form` for the form as a whole), and the shared
 * failAction that collects them.
 *
 * hapi validates the payload before the route's pre handlers run, so a failAction that rendered the form itself
 * would answer before the page guard had checked the session. `deferFormErrors` keeps the errors on the request
 * instead; the handler, after the guard, re-renders the form with them (400). A handler that reads
 * `request.app.formErrors` must not use the payload when it is set.
 */

import type { Lifecycle } from '@hapi/hapi';
import type { ValidationError } from 'joi';


/** One message per field name; `form` holds what belongs to no one field. */
export type FieldErrors = Record<string, string>;

declare module '@hapi/hapi' {
    interface RequestApplicationState {
        /** Field errors from payload validation, for the handler to render (see deferFormErrors). */
        formErrors?: FieldErrors;
    }
}

const messages: Record<string, string> = {
    'string.max': 'This is too long',
    'string.base': 'Enter text here',
    'any.required': 'This field is required'
};

/** Joi's details as field errors: the first problem of each field, and unknown fields as a form error. */
export const fieldErrorsOf = (error: ValidationError): FieldErrors => {

    const errors: FieldErrors = {};
    for (const detail of error.details) {
        const field = detail.type === 'object.unknown' || detail.path.length === 0 ? 'form' : String(detail.path[0]);
        const message = field === 'form' ? 'The form was not as expected: reload the page and try again' : messages[detail.type] ?? 'This value is not valid';
        errors[field] ??= message;
    }

    return errors;
};

/** failAction for HTML forms: keep the field errors for the handler (which runs after the page guard). */
export const deferFormErrors: Lifecycle.FailAction = (request, h, err) => {

    request.app.formErrors = fieldErrorsOf(err as ValidationError);
    return h.continue;
};

export const hasErrors = (errors: FieldErrors): boolean => Object.keys(errors).length > 0;
