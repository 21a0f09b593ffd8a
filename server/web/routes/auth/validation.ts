import Joi from 'joi';


/** The query parameters the auth pages share. */
export const redirectToPath = Joi.string().allow('').max(2048);
export const token = Joi.string().allow('').max(1024);
export const tenantId = Joi.string().max(64);
