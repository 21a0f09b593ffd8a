/*
 * Joi pieces shared by the admin routes. Text from the address bar or a form is bounded and free of control
 * characters; anything else is a 400 page (pre.ts), never a 500.
 */

import Joi from 'joi';


/** Printable text: no control characters. */
export const printable = /^[^\u0000-\u001f\u007f]*$/;

/** A user id in a path: the SDK's ids are UUIDs, but mapped ids may be any short printable text. */
export const userIdParams = Joi.object({
    id: Joi.string().min(1).max(256).pattern(printable).required()
});

/** A role name in a path or a form (the core trims names and refuses empty ones). */
export const existingRole = Joi.string().trim().min(1).max(256).pattern(printable);

/** A new role's name: a word-like name that reads well in a URL and in a claim. */
export const newRoleName = Joi.string().trim().min(1).max(64).pattern(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/);

/** Permissions as a form sends them: one a line (commas also separate); each trimmed, printable, at most 128. */
export const permissionList = Joi.string().max(16 * 1024).empty('').default([]).custom((value: string, helpers) => {

    const permissions = [...new Set(value.split(/[\n,]/).map((line) => line.trim()).filter(Boolean))];
    if (permissions.length > 200 || permissions.some((permission) => permission.length > 128 || !printable.test(permission))) {
        return helpers.error('any.invalid');
    }

    return permissions;
});

/** A form with nothing but its crumb (which crumb removes before validation). */
export const emptyPayload = Joi.object({}).allow(null);
