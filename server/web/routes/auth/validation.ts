import Joi from 'joi';


/** The query parameters the auth pages share. */
export const redirectToPath = Joi.string().allow('').max(2048);
export const token = Joi.string().allow('').max(1024);
export const tenantId = Joi.string().max(64);

/** What the auth pages' query schemas let through (each page reads some of these; others pass unchecked). */
export type AuthPageQuery = {
    readonly redirectToPath?: string;
    readonly token?: string;
    readonly tenantId?: string;
    readonly show?: 'sign-in' | 'sign-up';
};
