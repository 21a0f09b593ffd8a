import Joi from 'joi';


/** The link's token: the core's are 43 base64url characters; anything else is simply not found. */
export const inviteToken = Joi.string().max(256).pattern(/^[A-Za-z0-9_-]+$/);
